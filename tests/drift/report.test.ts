// The drift report: dataset verdict (share >= driftShare), corrections, missing-value shift, roles, errors,
// and the reference profile's JSON round trip.

import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDrift, driftReport, fitReferenceProfile, parseProfile, serializeProfile } from "../../src/drift";
import { adjustPValues } from "../../src/stats";
import { loadColumns } from "../../src/data";
import { choices, normals } from "./helpers";

const reference = () => ({
  a: normals(600, 0, 1, 11),
  b: normals(600, 5, 2, 12),
  c: normals(600, -1, 1, 13),
  d: normals(600, 0, 1, 14),
  color: choices(600, ["red", "green", "blue"], [3, 2, 1], 15),
});

test("two of four columns drifted: dataset drift at the default share 0.5 (>=), not at 0.6", () => {
  const cur = { a: normals(500, 0.6, 1, 21), b: normals(500, 6.5, 2, 22), c: normals(500, -1, 1, 23), d: normals(500, 0, 1, 24) };
  const ref = reference();
  const { color: _c, ...numeric } = ref;
  const r = driftReport(numeric, cur);
  assert.deepEqual(r.columns.map((c) => c.drifted), [true, true, false, false]);
  assert.equal(r.shareOfDriftedColumns, 0.5);
  assert.equal(r.datasetDrift, true);
  assert.equal(driftReport(numeric, cur, { driftShare: 0.6 }).datasetDrift, false);
});

test("bonferroni and BH adjust the p-value tests and the verdict follows the adjusted values", () => {
  const cur = { ...reference(), a: normals(600, 0.18, 1, 31) };
  const plain = driftReport(reference(), cur);
  const bonf = driftReport(reference(), cur, { correction: "bonferroni" });
  const bh = driftReport(reference(), cur, { correction: "fdr_bh" });
  const raw = plain.columns.map((c) => c.pValue!);
  assert.deepEqual(bonf.columns.map((c) => c.adjustedPValue), adjustPValues(raw, "bonferroni"));
  assert.deepEqual(bh.columns.map((c) => c.adjustedPValue), adjustPValues(raw, "fdr_bh"));
  for (const r of [bonf, bh]) for (const c of r.columns) assert.equal(c.drifted, c.adjustedPValue! <= c.threshold && c.test === "ks" ? true : c.adjustedPValue! < c.threshold);
  assert.ok(plain.columns[0]!.pValue! < 0.05, `column a should drift uncorrected (p=${plain.columns[0]!.pValue})`);
});

test("adjustPValues matches statsmodels' multipletests on a worked example", () => {
  const p = [0.01, 0.04, 0.03, 0.2];
  assert.deepEqual(adjustPValues(p, "bonferroni"), [0.04, 0.16, 0.12, 0.8]);
  // statsmodels fdr_bh: [0.04, 0.05333333, 0.05333333, 0.2]; holm: [0.04, 0.09, 0.09, 0.2].
  const bh = adjustPValues(p, "fdr_bh");
  [0.04, 0.16 / 3, 0.16 / 3, 0.2].forEach((v, i) => assert.ok(Math.abs(bh[i]! - v) < 1e-15));
  assert.deepEqual(adjustPValues(p, "holm").map((v) => +v.toFixed(12)), [0.04, 0.09, 0.09, 0.2]);
  assert.throws(() => adjustPValues([1.2], "holm"), /p-values must lie in \[0, 1\], got 1.2/);
});

test("missing values: shares reported, a jump flagged, and the test runs on the values present", () => {
  const ref = { a: Array.from(normals(1000, 0, 1, 41)) as (number | null)[] };
  const cur = { a: Array.from(normals(1000, 0, 1, 42)) as (number | null)[] };
  for (let i = 0; i < 150; i++) cur.a[i * 6] = i % 2 ? null : NaN;
  ref.a[3] = null;
  const r = driftReport(ref, cur);
  const c = r.columns[0]!;
  assert.equal(c.referenceMissingShare, 0.001);
  assert.equal(c.currentMissingShare, 0.15);
  assert.equal(c.missingDrifted, true);
  assert.deepEqual(r.missingDriftColumns, ["a"]);
  assert.equal(c.currentCount, 850);
  assert.equal(c.test, "ks");
});

test("target and prediction are reported apart and counted in the dataset share", () => {
  const ref = { x: normals(400, 0, 1, 51), y: choices(400, ["0", "1"], [1, 1], 52), yhat: normals(400, 0.5, 0.1, 53) };
  const cur = { x: normals(400, 0, 1, 54), y: choices(400, ["0", "1"], [1, 3], 55), yhat: normals(400, 0.7, 0.1, 56) };
  const r = driftReport(ref, cur, { columnMapping: { target: "y", prediction: "yhat" } });
  assert.equal(r.targetDrift?.column, "y");
  assert.equal(r.targetDrift?.drifted, true);
  assert.equal(r.predictionDrift?.column, "yhat");
  assert.equal(r.predictionDrift?.drifted, true);
  assert.equal(r.numberOfColumns, 3);
});

test("a profile round-trips through JSON and gives the same report without the reference data", () => {
  const ref = reference();
  const cur = { ...reference(), a: normals(600, 0.3, 1, 61), color: choices(600, ["red", "green", "blue", "black"], [3, 2, 1, 1], 62) };
  const profile = fitReferenceProfile(ref, { createdAt: new Date(0) });
  const text = serializeProfile(profile);
  const back = parseProfile(text);
  assert.deepEqual(serializeProfile(back), text);
  const direct = checkDrift(profile, cur);
  const viaJson = checkDrift(back, cur);
  assert.deepEqual(viaJson.columns.map((c) => [c.column, c.test, c.score, c.drifted]), direct.columns.map((c) => [c.column, c.test, c.score, c.drifted]));
  assert.equal(direct.columns[4]!.score, 0, "a category unseen in the reference gives chisquare p = 0");
  assert.throws(() => parseProfile({ format: "other" }), /Not a labops drift profile/);
});

test("a stored profile copies typed-array columns (refilling them later changes nothing); copyColumns: false views them", () => {
  const input = { a: normals(5000, 0, 1, 71) };
  const cur = { a: normals(5000, 0.2, 1, 72) };
  const kept = fitReferenceProfile(input);
  const viewed = fitReferenceProfile(input, { copyColumns: false });
  assert.equal(viewed.columns[0]!.numeric!.sample.values, input.a, "viewed, not copied");
  assert.notEqual(kept.columns[0]!.numeric!.sample.values, input.a, "copied");
  const before = checkDrift(kept, cur).columns[0]!.score;
  assert.equal(checkDrift(viewed, cur).columns[0]!.score, before);
  input.a.fill(3);
  assert.equal(checkDrift(kept, cur).columns[0]!.score, before, "the stored profile did not change");
  assert.notEqual(checkDrift(fitReferenceProfile(input, { copyColumns: false }), cur).columns[0]!.score, before, "a viewing profile reads the refilled array");
});

test("large columns: the report from a profile read back from JSON (sorted values) equals the in-memory one (unsorted)", () => {
  const ref = { x: normals(100_000, 0, 1, 81), y: normals(100_000, 3, 2, 82) };
  const cur = { x: normals(80_000, 0.004, 1, 83), y: normals(80_000, 3.3, 2, 84) };
  const profile = fitReferenceProfile(ref);
  const back = parseProfile(serializeProfile(profile));
  for (const [direct, viaJson] of [[checkDrift(profile, cur), checkDrift(back, cur)]] as const) {
    direct.columns.forEach((c, i) => {
      const j = viaJson.columns[i]!;
      assert.equal(c.test, "wasserstein");
      assert.ok(Math.abs(c.score - j.score) <= 1e-12 * c.score, `${c.column}: ${c.score} vs ${j.score}`);
      assert.deepEqual(j.distribution, c.distribution, `${c.column}: the same histogram`);
    });
  }
  assert.equal(profile.columns[0]!.numeric!.sample.isSorted, true, "serializing sorted the in-memory profile (once)");
});

test("large columns checked one after another in one report (buffers reused) score as each checked alone", () => {
  const ref = { x: normals(60_000, 0, 1, 91), y: normals(60_000, 10, 3, 92), z: normals(60_000, -4, 0.5, 93) };
  const cur = { x: normals(50_000, 0.02, 1, 94), y: normals(50_000, 10, 3.3, 95), z: normals(50_000, -4, 0.5, 96) };
  const together = driftReport(ref, cur, { testOptions: {} });
  for (const [i, name] of (["x", "y", "z"] as const).entries()) {
    const alone = driftReport({ [name]: ref[name] }, { [name]: cur[name] }).columns[0]!;
    assert.equal(together.columns[i]!.score, alone.score, `${name}: score`);
    assert.deepEqual(together.columns[i]!.distribution, alone.distribution, `${name}: histogram`);
  }
});

test("a sketch profile keeps order statistics only and marks its results approximate", () => {
  const ref = { a: normals(5000, 0, 1, 71) };
  const profile = fitReferenceProfile(ref, { maxSamples: 500 });
  assert.equal(profile.columns[0]!.numeric!.sample.sorted.length, 500);
  assert.equal(profile.columns[0]!.numeric!.count, 5000);
  const r = checkDrift(profile, { a: normals(3000, 1, 1, 72) });
  assert.equal(r.columns[0]!.approximate, true);
  assert.equal(r.columns[0]!.test, "wasserstein", "the automatic choice uses the true reference size");
  assert.equal(r.columns[0]!.drifted, true);
});

test("bad input is refused with the value named, and a column with no values is reported, not counted", () => {
  assert.throws(() => driftReport({ a: [1, 2, 3] }, { b: [1, 2, 3] }), /Column "a" of the reference is missing from the current data/);
  assert.throws(() => driftReport({ a: [1, 2, 3] }, { a: [1, "x", 3] }), /Column "a" is numerical but row 1 holds "x"/);
  assert.throws(() => driftReport({ a: [1, 2, 3] }, { a: [1, 2] }, { driftShare: 0 }), /driftShare must lie in \(0, 1\], got 0/);
  assert.throws(() => driftReport({ a: [1, 2, 3] }, { a: [1, 2] }, { method: "nope" }), /Unknown drift test "nope"/);
  assert.throws(() => driftReport({ a: [1, 2, 3] }, { a: [1, 2] }, { perColumnThreshold: { a: -1 } }), /Threshold -1 for column "a"/);
  const r = driftReport({ a: [1, 2, 3, 4, 5, 6, 7], b: [1, 2, 3, 4, 5, 6, 7] }, { a: [null, null, null], b: [1, 2, 3] });
  assert.match(r.columns[0]!.error!, /no values in the current data/);
  assert.equal(r.numberOfColumns, 1);
});

test("a table from labops' loaders is checked as it is: numbers numerical, strings categorical", async () => {
  const year = (y: number) => loadColumns("seattle-weather", { where: (row) => (row.date as Date).getUTCFullYear() === y });
  const [reference, current] = [await year(2012), await year(2015)];
  assert.deepEqual([reference.rowCount, current.rowCount], [366, 365]);
  const report = driftReport(reference, current, { columnMapping: { columns: ["temp_max", "weather"] } });
  const byName = new Map(report.columns.map((c) => [c.column, c]));
  assert.equal(byName.get("temp_max")?.kind, "numerical");
  assert.equal(byName.get("weather")?.kind, "categorical");
  assert.ok(byName.get("weather")!.drifted, "the 2015 weather labels differ from 2012's (the dataset labels 'sun' far more often later)");
});
