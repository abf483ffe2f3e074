// A write that reports failure is not applied: a full disk during the journal append leaves no trace, a failed
// compaction does not fail the write that triggered it, and a failed logBatch leaves no metric history behind.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient, LabopsError } from "../../src";
import { tempDir } from "../helpers/temp-dir";
import { injectFault } from "./fs-faults";

const journalWrite = (call: string, file: string): boolean => call === "write" && /journal[\\/]\d+\.jsonl$/.test(file);

function assertOneLineError(e: unknown, pattern: RegExp): true {
  assert.ok(e instanceof LabopsError, `a LabopsError, got ${String(e)}`);
  assert.doesNotMatch(e.message, /\n/, "one line");
  assert.match(e.message, pattern);
  return true;
}

function allLinesWhole(root: string): void {
  for (const name of fs.readdirSync(path.join(root, "journal"))) {
    const text = fs.readFileSync(path.join(root, "journal", name), "utf8");
    assert.ok(text === "" || text.endsWith("\n"), `${name} ends with a whole line`);
    for (const line of text.split("\n").filter(Boolean)) JSON.parse(line);
  }
}

test("a full disk during the journal append: one clear error, nothing changed, no partial line left", async () => {
  const root = path.join(tempDir(), "store");
  const warnings: string[] = [];
  const client = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  const run = await client.createRun("0", { runName: "kept" });
  const journal = path.join(root, "journal", "0.jsonl");
  const sizeBefore = fs.statSync(journal).size;

  // Errors are checked last, so the test shows first whether the failed writes changed anything.
  const errors: unknown[] = [];
  const fault = injectFault({ when: journalWrite, code: "ENOSPC", partialBytes: 17 });
  try {
    for (let retry = 0; retry < 3; retry++) await client.createRun("0", { runName: `retry-${retry}` }).then(() => errors.push(null), (e) => errors.push(e));
    await client.deleteRun(run.info.runId).then(() => errors.push(null), (e) => errors.push(e));
  } finally {
    fault.restore();
  }
  assert.ok(fault.fired() >= 4, "the fault was hit");
  assert.equal(fs.statSync(journal).size, sizeBefore, "the short writes were cut back");

  const reader = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  const runs = (await reader.searchRuns(["0"], { runViewType: "ALL" })).runs;
  assert.deepEqual(runs.map((r) => [r.info.runName, r.info.lifecycleStage]), [["kept", "active"]], "three failed createRun calls left no run, the failed delete deleted nothing");

  // The store takes writes again, and every line in it is whole.
  await client.createRun("0", { runName: "after" });
  assert.equal((await reader.searchRuns(["0"])).runs.length, 2);
  allLinesWhole(root);
  assert.deepEqual(warnings, [], "nothing torn was left for a later writer to cut");
  assert.equal(errors.length, 4);
  for (const e of errors) assertOneLineError(e, /The disk is full: could not write .*0\.jsonl \(ENOSPC\)\. Nothing was changed\./);
});

test("a full disk while folding the journal into a snapshot: the write still succeeds, with a warning; folding is retried later", async () => {
  const root = path.join(tempDir(), "store");
  const warnings: string[] = [];
  const run = await new LabopsClient(new FileTrackingStore(root)).createRun("0", { runName: "doomed" });
  // The next write takes the journal past compactBytes.
  const compactBytes = fs.statSync(path.join(root, "journal", "0.jsonl")).size + 10;
  const client = new LabopsClient(new FileTrackingStore(root, { compactBytes, onWarning: (m) => warnings.push(m) }));
  const snapshotWrite = (call: string, file: string): boolean => /store\.json/.test(file) && call !== "open";
  const fault = injectFault({ when: snapshotWrite, code: "ENOSPC" });
  try {
    await client.deleteRun(run.info.runId); // past compactBytes: this write triggers the compaction that fails
    for (let i = 0; i < 3; i++) await client.createRun("0", { runName: `ok-${i}` });
  } finally {
    fault.restore();
  }
  assert.ok(fault.fired() >= 1, "a compaction was tried and failed");
  assert.equal(fs.existsSync(path.join(root, "store.json")), false);
  assert.ok(warnings.some((w) => /Could not fold the journal into a new snapshot \(The disk is full.*store\.json.*\); the write itself is saved/.test(w)), warnings.join("\n"));
  assert.ok(!fs.readdirSync(root).some((n) => n.endsWith(".tmp")), "no half-written snapshot is left");

  const reader = new LabopsClient(new FileTrackingStore(root));
  assert.equal((await reader.getRun(run.info.runId)).info.lifecycleStage, "deleted");
  assert.equal((await reader.searchRuns(["0"])).runs.length, 3, "each createRun that resolved made exactly one run");

  // With space again, a later write folds the journal.
  const tagged = (await reader.searchRuns(["0"])).runs[0]!.info.runId;
  for (let i = 0; i < 40 && !fs.existsSync(path.join(root, "store.json")); i++) await client.setTag(tagged, `t${i}`, "x".repeat(200));
  assert.ok(fs.existsSync(path.join(root, "store.json")), "compaction was retried and succeeded");
  assert.equal((await new LabopsClient(new FileTrackingStore(root)).searchRuns(["0"], { runViewType: "ALL" })).runs.length, 4);
});

test("a failed logBatch leaves no metric points in the history: history and latest values agree", async () => {
  const root = path.join(tempDir(), "store");
  const warnings: string[] = [];
  const client = new LabopsClient(new FileTrackingStore(root, { onWarning: (m) => warnings.push(m) }));
  const runId = (await client.createRun("0")).info.runId;
  await client.logMetric(runId, "loss", 1, { step: 0, timestamp: 10 });

  let failure: unknown = null;
  const fault = injectFault({ when: journalWrite, code: "ENOSPC" });
  try {
    const metrics = [2, 3, 4].map((v, i) => ({ key: "loss", value: v, step: i + 1, timestamp: 10 }));
    await client.logBatch(runId, { metrics }).catch((e) => (failure = e));
  } finally {
    fault.restore();
  }
  assert.ok(failure !== null, "the batch failed");
  const reader = new LabopsClient(new FileTrackingStore(root));
  assert.deepEqual((await reader.getMetricHistory(runId, "loss")).map((m) => m.value), [1], "the failed batch is not history");
  assert.equal((await reader.getRun(runId)).data.metrics.loss, 1);

  await client.logMetric(runId, "loss", 5, { step: 9, timestamp: 11 });
  assert.deepEqual((await reader.getMetricHistory(runId, "loss")).map((m) => m.value), [1, 5]);
  assert.equal((await reader.getRun(runId)).data.metrics.loss, 5);
  assert.ok(warnings.some((w) => /Dropped a torn metric frame \(\d+ bytes\)/.test(w)), "the next writer cut the uncommitted frame: " + warnings.join("\n"));
  assertOneLineError(failure, /disk is full/);
});
