// File-store behaviour beyond the contract: values that JSON cannot hold, readers racing compaction, and
// refused writes on a store that does not exist yet.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { runNode, workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

test("NaN and ±Infinity survive a reopen and a compaction, in the latest values and in search", async () => {
  const root = path.join(tempDir(), "store");
  const client = new LabopsClient(new FileTrackingStore(root, { compactBytes: 400 }));
  const run = await client.createRun("0");
  await client.logBatch(run.info.runId, {
    metrics: [
      { key: "nan", value: Number.NaN, step: 0, timestamp: 1 },
      { key: "inf", value: Infinity, step: 0, timestamp: 1 },
      { key: "ninf", value: -Infinity, step: 0, timestamp: 1 },
    ],
  });
  for (let i = 0; i < 5; i++) await client.setTag(run.info.runId, `t${i}`, "x".repeat(100)); // past compactBytes
  assert.ok(fs.existsSync(path.join(root, "store.json")), "a snapshot was written");
  const reopened = new LabopsClient(new FileTrackingStore(root));
  const got = await reopened.getRun(run.info.runId);
  assert.ok(Number.isNaN(got.data.metrics.nan));
  assert.equal(got.data.metrics.inf, Infinity);
  assert.equal(got.data.metrics.ninf, -Infinity);
  assert.equal((await reopened.searchRuns(["0"], { filterString: "metrics.inf > 0" })).runs.length, 1);
});

test("a refused write on a store that does not exist creates no folder", async () => {
  const root = path.join(tempDir(), "not-yet");
  const client = new LabopsClient(root);
  await assert.rejects(client.deleteRun("0123456789abcdef0123456789abcdef"), /not found/);
  await assert.rejects(client.createRun("7"), /No experiment with id=7/);
  assert.equal(fs.existsSync(root), false);
});

test("readers racing writers that compact all the time never see the store go back", { timeout: 120_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const writers = Array.from({ length: 2 }, (_, w) => runNode(workerPath("compacting-writer"), [root, String(w), "60"]));
  const reader = new LabopsClient(new FileTrackingStore(root));
  let last = 0;
  let reads = 0;
  let done = false;
  void Promise.all(writers).then(() => (done = true));
  while (!done) {
    const count = fs.existsSync(root) ? (await reader.searchRuns(["0"], { maxResults: 50_000 })).runs.length : 0;
    assert.ok(count >= last, `a reader saw ${count} runs after having seen ${last}`);
    last = count;
    reads++;
    await new Promise((r) => setTimeout(r, 1));
  }
  for (const r of await Promise.all(writers)) assert.equal(r.code, 0, r.stderr);
  assert.equal((await reader.searchRuns(["0"], { maxResults: 50_000 })).runs.length, 120);
  assert.ok(reads > 10, `the reader read while the writers wrote (${reads} reads)`);
});
