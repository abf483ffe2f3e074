// Profiles and reports on worker threads give the very reports of the single-threaded path: mixed column types,
// missing values, corrections, custom tests (kept on this thread), errors with their codes, and a bad thread count.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { LabopsError } from "../../src/core/errors";
import { checkDrift, checkDriftParallel, closeDriftWorkers, driftReport, driftReportParallel, fitReferenceProfile, fitReferenceProfileParallel, serializeProfile, getDriftTest, type DriftTest } from "../../src/drift";
import { choices, normals } from "./helpers";

after(() => closeDriftWorkers());

const N = 20_000;
function withMissing(a: Float64Array, every: number): Float64Array {
  for (let i = 0; i < a.length; i += every) a[i] = i % (2 * every) === 0 ? NaN : Infinity;
  return a;
}
const reference = () => ({
  a: normals(N, 0, 1, 1),
  b: withMissing(normals(N, 5, 2, 2), 97),
  c: Float32Array.from(normals(N, -1, 1, 3)),
  d: Float64Array.from(normals(N, 0, 1, 4), (v) => Math.round(v * 4) / 4),
  plain: Array.from(normals(N, 3, 1, 5), (v, i) => (i % 50 === 0 ? null : v)),
  color: choices(N, ["red", "green", "blue"], [3, 2, 1], 6),
});
const current = () => ({
  a: normals(N, 0.3, 1, 11),
  b: withMissing(normals(N, 5, 2, 12), 13),
  c: Float32Array.from(normals(N, -1, 1.4, 13)),
  d: Float64Array.from(normals(N, 0, 1, 14), (v) => Math.round(v * 4) / 4),
  plain: Array.from(normals(N, 3.2, 1, 15), (v, i) => (i % 50 === 0 ? null : v)),
  color: choices(N, ["red", "green", "blue"], [1, 1, 1], 16),
});

test("fitReferenceProfileParallel: the same profile as fitReferenceProfile (values, moments, counts, row sample)", async () => {
  const options = { createdAt: new Date(0) };
  const serial = fitReferenceProfile(reference(), options);
  const parallel = await fitReferenceProfileParallel(reference(), { ...options, threads: 2 });
  assert.ok(parallel.columns[0]!.numeric!.sample.values.buffer instanceof SharedArrayBuffer, "typed columns were copied by the workers into shared memory");
  assert.equal(serializeProfile(parallel), serializeProfile(serial));
  assert.equal(parallel.columns[1]!.missing, serial.columns[1]!.missing);
  assert.ok(serial.columns[1]!.missing > 0);
});

test("checkDriftParallel: the same report as checkDrift, with automatic tests, KS and a BH correction", async () => {
  const profile = fitReferenceProfile(reference());
  for (const options of [{}, { method: "ks", correction: "fdr_bh" as const }, { numMethod: "anderson", perColumnMethod: { d: "mannw" }, missingMinDelta: 0 }]) {
    const serial = checkDrift(profile, current(), options);
    const parallel = await checkDriftParallel(profile, current(), { ...options, threads: 2 });
    assert.deepEqual(parallel, serial, JSON.stringify(options));
  }
  const full = await driftReportParallel(reference(), current(), { threads: 3 });
  assert.deepEqual(full, driftReport(reference(), current()));
  assert.ok(full.numberOfDriftedColumns >= 3, "a, c and color drifted");
});

test("checkDriftParallel: a custom DriftTest object stays on this thread and gives the serial result", async () => {
  const ks = getDriftTest("ks");
  const custom: DriftTest = { ...ks, name: "my_ks", compute: (r, c, o) => ks.compute(r, c, o) };
  const profile = fitReferenceProfile(reference());
  const serial = checkDrift(profile, current(), { numMethod: custom });
  assert.deepEqual(await checkDriftParallel(profile, current(), { numMethod: custom, threads: 2 }), serial);
  assert.equal(serial.columns[0]!.test, "my_ks");
});

test("checkDriftParallel: configuration errors keep their code; bad thread counts are refused", async () => {
  const profile = fitReferenceProfile(reference());
  const serialError = (() => {
    try {
      checkDrift(profile, current(), { perColumnMethod: { a: "no_such_test" } });
    } catch (e) {
      return e as LabopsError;
    }
    throw new Error("checkDrift accepted an unknown test");
  })();
  await assert.rejects(checkDriftParallel(profile, current(), { perColumnMethod: { a: "no_such_test" }, threads: 2 }), (e: unknown) => e instanceof LabopsError && e.code === serialError.code && e.message === serialError.message);
  for (const threads of [0, 1.5, -2]) await assert.rejects(checkDriftParallel(profile, current(), { threads }), /threads must be an integer >= 1/);
  // After a failed call the pool still works.
  assert.deepEqual(await checkDriftParallel(profile, current(), { threads: 2 }), checkDrift(profile, current()));
});

test("checkDriftParallel reads the current columns afresh on every call (a refilled buffer is not a stale copy)", async () => {
  const profile = fitReferenceProfile({ a: normals(N, 0, 1, 1), b: normals(N, 0, 1, 2) });
  const batch = { a: normals(N, 0, 1, 31), b: normals(N, 0, 1, 32) };
  const first = await checkDriftParallel(profile, batch, { threads: 2 });
  assert.equal(first.numberOfDriftedColumns, 0);
  batch.a.set(normals(N, 2, 1, 33)); // the same array, new values: a monitor refilling its buffer
  const second = await checkDriftParallel(profile, batch, { threads: 2 });
  assert.deepEqual(second, checkDrift(profile, batch));
  assert.equal(second.columns[0]!.drifted, true);
});

test("concurrent parallel checks wait for each other and each gives its own report", async () => {
  const profile = fitReferenceProfile({ a: normals(N, 0, 1, 1), b: normals(N, 0, 1, 2) });
  const batches = [0, 0.5, 1].map((shift, i) => ({ a: normals(N, shift, 1, 40 + i), b: normals(N, 0, 1, 50 + i) }));
  const reports = await Promise.all(batches.map((b) => checkDriftParallel(profile, b, { threads: 2 })));
  reports.forEach((r, i) => assert.deepEqual(r, checkDrift(profile, batches[i]!)));
  assert.deepEqual(reports.map((r) => r.columns[0]!.drifted), [false, true, true]);
});
