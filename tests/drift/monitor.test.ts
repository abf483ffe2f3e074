// Chunked drift monitoring: chunk boundaries, bands from the reference chunks (mean ± 3 std), alerts after a shift.

import assert from "node:assert/strict";
import { test } from "node:test";
import { chunkRanges, monitorDrift } from "../../src/drift";
import { choices, normals } from "./helpers";

test("chunkRanges: fixed count covers every row; fixed size merges a short tail", () => {
  assert.deepEqual(chunkRanges(10, undefined, 3), [[0, 3], [3, 6], [6, 10]]);
  assert.deepEqual(chunkRanges(9, 4), [[0, 4], [4, 9]]);
  assert.deepEqual(chunkRanges(10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(chunkRanges(12, 4), [[0, 4], [4, 8], [8, 12]]);
  assert.throws(() => chunkRanges(5, undefined, 10), /5 rows are too few for 10 chunks/);
  assert.throws(() => chunkRanges(5, 1), /chunkSize must be an integer >= 2, got 1/);
});

test("a shift in the second half of the analysis period raises alerts there only", () => {
  const ref = { x: normals(5000, 0, 1, 1), c: choices(5000, ["a", "b", "c"], [5, 3, 2], 2) };
  const ana = normals(5000, 0, 1, 3);
  for (let i = 2500; i < 5000; i++) ana[i]! += 1;
  const cats = choices(5000, ["a", "b", "c"], [5, 3, 2], 4);
  const r = monitorDrift(ref, { x: ana, c: cats }, { chunkNumber: 10 });
  const x = r.chunks.filter((c) => c.column === "x");
  assert.equal(x.length, 20);
  const t = r.thresholds.x!;
  const refVals = x.filter((c) => c.period === "reference").map((c) => c.value);
  const mean = refVals.reduce((a, b) => a + b, 0) / refVals.length;
  const std = Math.sqrt(refVals.reduce((a, b) => a + (b - mean) ** 2, 0) / refVals.length);
  assert.ok(Math.abs(t.mean - mean) < 1e-15 && Math.abs(t.upper - (mean + 3 * std)) < 1e-12);
  // Reference chunks are part of the reference they are compared with, so their distances run a little low (as in
  // NannyML): a stable analysis chunk may cross the band now and then; every shifted one must.
  assert.deepEqual(r.alerts.x!.filter((i) => i >= 5), [5, 6, 7, 8, 9]);
  assert.ok(r.alerts.x!.filter((i) => i < 5).length <= 1, JSON.stringify(r.alerts.x));
  assert.equal(x.filter((c) => c.period === "reference" && c.alert).length, 0, "reference chunks never alert");
  assert.ok((r.alerts.c ?? []).length <= 1, `stable categorical column: ${JSON.stringify(r.alerts.c)}`);
});

test("a p-value test is monitored through its statistic (KS's D), with the band clipped at 0", () => {
  const r = monitorDrift({ x: normals(2000, 0, 1, 5) }, { x: normals(2000, 0.5, 1, 6) }, { chunkSize: 400, method: "ks" });
  const t = r.thresholds.x!;
  assert.ok(t.lower >= 0 && t.upper < 1);
  assert.ok(r.chunks.every((c) => c.metric === "ks"));
  assert.ok(r.alerts.x!.length >= 3);
});
