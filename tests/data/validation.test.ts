// Validation: each expectation passes on good data and fails with observed values and examples on bad data;
// learned suites; the gate; logging the report on a run.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as tracking from "../../src/tracking";
import { assertValid, learnSuite, loadColumns, logValidationReport, makeColumn, tableFromRecords, validate, validationGate, type Expectation } from "../../src/data";
import { tempDir } from "../helpers/temp-dir";

const one = (t: Parameters<typeof validate>[0], e: Expectation, maxExamples?: number) => validate(t, { name: "s", expectations: [e] }, { maxExamples }).results[0]!;

test("each expectation on Seattle weather: pass and fail, with observed values", async () => {
  const w = await loadColumns("seattle-weather");
  assert.equal(one(w, { type: "expectColumnToExist", column: "wind" }).success, true);
  assert.equal(one(w, { type: "expectColumnToExist", column: "humidity" }).success, false);
  assert.deepEqual(one(w, { type: "expectColumnValuesToBeOfType", column: "date", valueType: "string" }), { expectation: { type: "expectColumnValuesToBeOfType", column: "date", valueType: "string" }, success: false, observed: "date" });
  const between = one(w, { type: "expectColumnValuesToBeBetween", column: "temp_max", min: -5, max: 30 }, 3);
  assert.equal(between.success, false);
  assert.deepEqual(between.observed, { min: -1.6, max: 35.6 });
  const temps = (w.columns.temp_max as { values: Float64Array }).values;
  assert.equal(between.unexpectedCount, temps.filter((t) => t > 30 || t < -5).length);
  assert.equal(between.examples!.length, 3);
  for (const ex of between.examples!) assert.ok((ex.value as number) > 30 && temps[ex.row] === ex.value);
  assert.equal(one(w, { type: "expectColumnValuesToBeBetween", column: "temp_max", min: -5, max: 30, mostly: 0.95 }).success, true);
  assert.equal(one(w, { type: "expectColumnValuesToBeBetween", column: "date", min: "2012-01-01", max: "2015-12-31" }).success, true);
  const set = one(w, { type: "expectColumnValuesToBeInSet", column: "weather", valueSet: ["sun", "rain", "fog", "drizzle"] });
  assert.equal(set.success, false);
  assert.equal(set.unexpectedCount, 26);
  assert.equal(set.examples![0]!.value, "snow");
  assert.equal(one(w, { type: "expectColumnValuesToBeUnique", column: "date" }).success, true);
  const unique = one(w, { type: "expectColumnValuesToBeUnique", column: "weather" });
  assert.equal(unique.success, false);
  assert.deepEqual(unique.observed, { duplicates: 1461, distinct: 5, of: 1461 });
  assert.equal(one(w, { type: "expectColumnValuesToMatchRegex", column: "weather", regex: "^[a-z]+$" }).success, true);
  assert.equal(one(w, { type: "expectColumnValuesToMatchRegex", column: "weather", regex: "^s" }).unexpectedCount, 1461 - 640 - 26);
  assert.equal(one(w, { type: "expectTableRowCountToBeBetween", min: 1000, max: 1461 }).success, true);
  assert.equal(one(w, { type: "expectTableRowCountToBeBetween", min: 1462 }).observed, 1461);
  const missing = one(w, { type: "expectColumnValuesToBeBetween", column: "humidity", min: 0 });
  assert.match(missing.error!, /column 'humidity' is missing/);
});

test("not-null with mostly, on penguins' missing values", async () => {
  const p = await loadColumns("penguins");
  const sex = one(p, { type: "expectColumnValuesToNotBeNull", column: "Sex" });
  assert.equal(sex.success, false);
  assert.equal(sex.unexpectedCount, 10);
  assert.ok(Math.abs((sex.observed as number) - 334 / 344) < 1e-12);
  assert.equal(one(p, { type: "expectColumnValuesToNotBeNull", column: "Sex", mostly: 0.97 }).success, true);
  assert.equal(one(p, { type: "expectColumnValuesToNotBeNull", column: "Sex", mostly: 0.98 }).success, false);
});

test("a suite learned from 2012-2014 passes on itself and catches 2015's and a broken batch's differences", async () => {
  const train = await loadColumns("seattle-weather", { where: { date: { lt: "2015-01-01" } } });
  const suite = learnSuite(train, { name: "weather-reference" });
  assert.equal(validate(train, suite).success, true);
  const y2015 = await loadColumns("seattle-weather", { where: { date: { gte: "2015-01-01" } } });
  const report = validate(y2015, suite);
  assert.equal(report.success, false);
  const failed = report.results.filter((r) => !r.success).map((r) => `${r.expectation.type}:${"column" in r.expectation ? r.expectation.column : ""}`);
  assert.ok(failed.includes("expectColumnValuesToBeBetween:date"), failed.join());
  const broken = tableFromRecords([{ date: "2013-01-01", precipitation: -1, temp_max: 5, temp_min: 1, wind: 3, weather: "hail" }, { date: "2013-01-02", precipitation: null, temp_max: 5, temp_min: 1, wind: 3, weather: "sun" }]);
  const r = validate(broken, suite);
  const types = r.results.filter((x) => !x.success).map((x) => `${x.expectation.type}:${"column" in x.expectation ? x.expectation.column : ""}`);
  assert.deepEqual(types.sort(), ["expectColumnValuesToBeBetween:precipitation", "expectColumnValuesToBeInSet:weather", "expectColumnValuesToNotBeNull:precipitation"]);
  assert.equal(r.statistics.unsuccessful, 3);
});

test("the gate throws one error listing every failed expectation; passes the report through otherwise", async () => {
  const w = await loadColumns("seattle-weather");
  const suite = { name: "gate", expectations: [
    { type: "expectColumnValuesToBeBetween", column: "wind", min: 0, max: 5 },
    { type: "expectColumnToExist", column: "humidity" },
    { type: "expectTableRowCountToBeBetween", min: 1 },
  ] as Expectation[] };
  assert.throws(() => validationGate(w, suite), (e: Error) => {
    assert.match(e.message, /Data validation failed: 2 of 3 expectations in suite 'gate' did not hold/);
    assert.match(e.message, /expectColumnValuesToBeBetween\(column="wind", min=0, max=5\): \d+ of 1461 values fail; e\.g\. row \d+: [\d.]+/);
    assert.match(e.message, /expectColumnToExist\(column="humidity"\): observed false/);
    return true;
  });
  const ok = validate(w, { name: "ok", expectations: [suite.expectations[2]!] });
  assert.equal(assertValid(ok), ok);
  assert.throws(() => validate(w, { name: "x", expectations: [{ type: "expectMagic" } as never] }), /Unknown expectation type 'expectMagic'/);
  const empty = { names: ["x"], columns: { x: makeColumn("x", [null, null]) }, rowCount: 2 };
  assert.equal(one(empty, { type: "expectColumnValuesToNotBeNull", column: "x" }).success, false);
  assert.equal(one(empty, { type: "expectColumnValuesToBeBetween", column: "x", min: 0 }).success, true, "no non-null values: nothing out of range (as in Great Expectations)");
});

test("logValidationReport: JSON artifact and tags on the run", async () => {
  tracking.setTrackingUri(path.join(tempDir(), "store"));
  const w = await loadColumns("seattle-weather");
  const report = validate(w, { name: "weather checks", expectations: [{ type: "expectColumnValuesToBeInSet", column: "weather", valueSet: ["sun"] }] });
  const run = await tracking.startRun();
  const { artifactPath } = await logValidationReport(report);
  await tracking.endRun();
  assert.equal(artifactPath, "validation/weather_checks.json");
  const stored = await tracking.getClient().getRun(run.runId);
  assert.equal(stored.data.tags["labops.validation.weather_checks.success"], "false");
  assert.match(stored.data.tags["labops.validation.weather_checks.failed"]!, /expectColumnValuesToBeInSet/);
  const local = await tracking.getClient().downloadArtifacts(run.runId, artifactPath, tempDir());
  const back = JSON.parse(fs.readFileSync(local, "utf8"));
  assert.deepEqual(back.statistics, report.statistics);
});
