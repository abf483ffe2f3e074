// Studies on the file tracking store: trials as child runs, several processes on one study, stale trials.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { createStudy, loadStudy, RandomSampler, TUNE_TAGS } from "../../src/tune";
import { runNode, startNode } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

const worker = path.join(__dirname, "workers", "tune-worker.js");
const fileClient = (root: string) => new LabopsClient(new FileTrackingStore(root));

test("a study is a parent run and each trial a child run with params, state, value, intermediate values and number", async () => {
  const root = path.join(tempDir(), "store");
  const client = fileClient(root);
  const study = await createStudy({ studyName: "s1", storage: client, sampler: new RandomSampler({ seed: 1 }) });
  await study.optimize((t) => {
    const x = t.suggestFloat("x", 0, 1);
    const opt = t.suggestCategorical("opt", ["adam", "sgd"]);
    t.report(x / 2, 0);
    t.report(x, 1);
    t.setUserAttr("note", "hi");
    return x + (opt === "sgd" ? 1 : 0);
  }, { nTrials: 3 });
  const parent = await client.getRun(study.runId);
  assert.equal(parent.info.runName, "s1");
  assert.equal(parent.data.tags[TUNE_TAGS.study], "s1");
  const { runs } = await client.searchRuns(["0"], { filterString: `tags.\`mlflow.parentRunId\` = '${study.runId}'`, orderBy: ["tags.`labops.tune.trialNumber` ASC"] });
  assert.equal(runs.length, 3);
  for (const [i, run] of runs.entries()) {
    const trial = study.trials[i];
    assert.equal(run.info.runId, trial.runId);
    assert.equal(run.info.runName, `trial-${i}`);
    assert.equal(run.info.status, "FINISHED");
    assert.ok(run.info.endTime! >= run.info.startTime);
    assert.equal(run.data.tags[TUNE_TAGS.trialNumber], String(i));
    assert.equal(run.data.tags[TUNE_TAGS.state], "COMPLETE");
    assert.equal(run.data.params.x, JSON.stringify(trial.params.x));
    assert.equal(run.data.params.opt, trial.params.opt);
    assert.equal(run.data.metrics.value, trial.values![0]);
    assert.equal(run.data.tags[TUNE_TAGS.userAttrPrefix + "note"], '"hi"');
    const history = await client.getMetricHistory(run.info.runId, "intermediate_value");
    assert.deepEqual(history.map((m) => [m.step, m.value]), [[0, (trial.params.x as number) / 2], [1, trial.params.x]]);
  }
  // A second process's view: everything read back from the store alone.
  const again = await loadStudy({ studyName: "s1", storage: fileClient(root) });
  assert.deepEqual(again.trials.map((t) => [t.number, t.state, t.values, t.params, t.userAttrs, [...t.intermediateValues]]),
    study.trials.map((t) => [t.number, t.state, t.values, t.params, t.userAttrs, [...t.intermediateValues]]));
  assert.equal(again.bestValue, study.bestValue);
  await assert.rejects(createStudy({ studyName: "s1", storage: client }), /already exists.*loadIfExists/);
  const loaded = await createStudy({ studyName: "s1", storage: client, loadIfExists: true });
  assert.equal(loaded.runId, study.runId);
  await assert.rejects(loadStudy({ studyName: "nope", storage: client }), /No study named 'nope'/);
});

test("4 worker processes optimise one study: no trial number twice, every trial recorded", { timeout: 180_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const study = await createStudy({ studyName: "shared", storage: fileClient(root) });
  const WORKERS = 4;
  const EACH = 12;
  const results = await Promise.all(Array.from({ length: WORKERS }, (_, w) => runNode(worker, [root, "shared", String(EACH), String(w), "normal", "5"])));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const reported = results.flatMap((r) => r.stdout.split("\n").filter((l) => l.startsWith("RUNNING ")).map((l) => Number(l.slice(8))));
  assert.equal(reported.length, WORKERS * EACH);
  assert.equal(new Set(reported).size, WORKERS * EACH, "no number given twice");
  const trials = await study.refresh();
  assert.deepEqual(trials.map((t) => t.number), Array.from({ length: WORKERS * EACH }, (_, i) => i));
  assert.ok(trials.every((t) => t.state === "COMPLETE" && t.values!.length === 1));
  const { runs } = await study.storage.client.searchRuns(["0"], { filterString: `tags.\`mlflow.parentRunId\` = '${study.runId}'`, maxResults: 1000 });
  assert.equal(runs.length, WORKERS * EACH);
  assert.equal(new Set(runs.map((r) => r.data.tags[TUNE_TAGS.trialNumber])).size, WORKERS * EACH);
});

test("a worker killed mid-trial: its trial becomes FAIL after the heartbeat grace period; a live slow trial does not", { timeout: 60_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const study = await createStudy({ studyName: "hb", storage: fileClient(root), heartbeatInterval: 0.2, gracePeriod: 1 });
  const waitForRunning = (child: ReturnType<typeof startNode>) =>
    new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /RUNNING (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`worker exited with ${code} before starting a trial`)));
    });
  const hung = startNode(worker, [root, "hb", "1", "1", "hang", "0.2"]);
  const slow = startNode(worker, [root, "hb", "1", "2", "slow", "0.2"]);
  const hungNumber = await waitForRunning(hung);
  const slowNumber = await waitForRunning(slow);
  hung.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 400));
  let trials = await study.refresh();
  assert.equal(trials[hungNumber].state, "RUNNING", "not stale before the grace period");
  await new Promise((r) => setTimeout(r, 1300));
  trials = await study.refresh();
  assert.equal(trials[hungNumber].state, "FAIL");
  assert.match(trials[hungNumber].failReason!, /No heartbeat/);
  assert.equal(trials[slowNumber].state, "RUNNING", "the live worker's heartbeat keeps its trial alive");
  await new Promise<void>((resolve) => slow.on("exit", () => resolve()));
  trials = await study.refresh();
  assert.equal(trials[slowNumber].state, "COMPLETE");
  const run = await study.storage.client.getRun(trials[hungNumber].runId);
  assert.equal(run.info.status, "FAILED");
  // The study stays usable: new trials take fresh numbers.
  await study.optimize(() => 1, { nTrials: 1 });
  assert.equal(study.trials.length, 3);
});

test("a trial another worker has marked FAIL (stalled heartbeat) cannot be told COMPLETE afterwards", async () => {
  const root = path.join(tempDir(), "store");
  const a = await createStudy({ studyName: "late", storage: fileClient(root), heartbeatInterval: 100 });
  const b = await loadStudy({ studyName: "late", storage: fileClient(root), heartbeatInterval: 100, gracePeriod: 0.05 });
  const trial = await a.ask();
  trial.suggestFloat("x", 0, 1);
  await new Promise((r) => setTimeout(r, 120));
  const seen = await b.refresh();
  assert.equal(seen[0].state, "FAIL");
  await assert.rejects(a.tell(trial, 1), /marked FAIL by another worker \(No heartbeat/);
  const back = await loadStudy({ studyName: "late", storage: fileClient(root) });
  assert.equal(back.trials[0].state, "FAIL");
  assert.equal(back.trials[0].values, null);
});
