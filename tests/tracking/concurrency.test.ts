// Many processes writing one file store at once lose no update and never repeat an id.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { runNode, workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

const WORKERS = 4;
const RUNS = 50;
const KEYS = 5;
const STEPS = 4; // 5 keys x 4 steps = 20 metric points a run

test(`${WORKERS} processes x ${RUNS} runs x ${KEYS * STEPS} metric points: exact counts afterwards`, { timeout: 240_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const warnings: string[] = [];
  const results = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) => runNode(workerPath("tracking-writer"), [root, String(w), String(RUNS), String(KEYS), String(STEPS)])),
  );
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const reportedIds = results.flatMap((r) => r.stdout.trim().split("\n"));
  assert.equal(reportedIds.length, WORKERS * RUNS);
  assert.equal(new Set(reportedIds).size, WORKERS * RUNS, "run ids are unique");

  const client = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  const experiments = (await client.searchExperiments({ maxResults: 1000 })).experiments;
  assert.equal(experiments.length, 2 + WORKERS * 5, "Default, shared, and 5 per worker");
  assert.deepEqual(
    experiments.map((e) => Number(e.experimentId)).sort((a, b) => a - b),
    Array.from({ length: experiments.length }, (_, i) => i),
    "experiment ids are 0..n-1 with no gap or duplicate",
  );
  const shared = experiments.find((e) => e.name === "shared")!;
  const runs: Awaited<ReturnType<typeof client.searchRuns>>["runs"] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns([shared.experimentId], { maxResults: 64, pageToken });
    runs.push(...page.runs);
    pageToken = page.nextPageToken;
  } while (pageToken);
  assert.equal(runs.length, WORKERS * RUNS);
  assert.deepEqual(new Set(runs.map((r) => r.info.runId)), new Set(reportedIds));
  for (const run of runs) {
    const [w, r] = run.info.runName.match(/^w(\d+)-r(\d+)$/)!.slice(1).map(Number) as [number, number];
    assert.equal(run.info.status, "FINISHED");
    assert.deepEqual(run.data.params, { worker: String(w), index: String(r) });
    assert.equal(Object.keys(run.data.metrics).length, KEYS);
    for (let k = 0; k < KEYS; k++) {
      assert.equal(run.data.metrics[`m${k}`], w * 1e6 + r * 1000 + k * 10 + (STEPS - 1));
    }
    const history = await client.getMetricHistory(run.info.runId, "m0");
    assert.deepEqual(history.map((m) => m.step), Array.from({ length: STEPS }, (_, s) => s));
  }
  assert.deepEqual(warnings, []);
});
