// runDriftCheck (behind `labops drift` and `labops monitor`) sends large numeric data to the drift worker threads:
// the report must be the one the single-threaded check gives.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import workerThreads from "node:worker_threads";
import { checkDrift, fitReferenceProfile } from "../../src/drift";
import { runDriftCheck } from "../../src/monitor/drift-check";
import { tempDir } from "../helpers/temp-dir";

test("a reference and current of 1.2M numeric values go through worker threads and report what one thread reports", async () => {
  const dir = tempDir("drift-check-");
  const rows = 600_000;
  const a = new Float64Array(rows), b = new Float64Array(rows);
  let csv = "a,b\n";
  for (let i = 0; i < rows; i++) {
    // A deterministic sequence: no generator state to keep in step with the file.
    a[i] = ((i * 7919) % rows) / rows;
    b[i] = ((i * 104729) % rows) / rows * 2;
    csv += `${a[i]},${b[i]}\n`;
  }
  const reference = path.join(dir, "reference.csv");
  fs.writeFileSync(reference, csv);
  const current = { a: a.map((v) => v + 0.05), b: b.slice() };

  // Count the workers started (the pool is created on first use, in this process).
  const RealWorker = workerThreads.Worker;
  let started = 0;
  (workerThreads as { Worker: unknown }).Worker = class extends RealWorker { constructor(...args: ConstructorParameters<typeof RealWorker>) { super(...args); started++; } };
  let check;
  try { check = await runDriftCheck({ reference, current }); } finally { (workerThreads as { Worker: unknown }).Worker = RealWorker; }
  assert.ok(started >= 1, "the large check ran on worker threads");
  const oneThread = checkDrift(fitReferenceProfile({ a, b }, { rowSample: 0 }), current);
  assert.deepEqual(check.report.columns.map((c) => [c.column, c.test, c.score, c.drifted]), oneThread.columns.map((c) => [c.column, c.test, c.score, c.drifted]));
  assert.equal(check.report.datasetDrift, oneThread.datasetDrift);
  assert.equal(check.report.columns.find((c) => c.column === "a")!.drifted, true);
});
