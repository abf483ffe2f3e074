// The feature pipeline against scikit-learn 1.9 (fixtures made by tests/fixtures/data/make_sklearn_fixtures.py),
// JSON round trips, and bad input.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { datePart, FeaturePipeline, makeSyntheticData, fitTransform, loadColumns, makeColumn, takeRows, filterIndices, type ColumnTable, type FeatureMatrix, type PipelineSpec } from "../../src/data";
import { repoRoot } from "../helpers/temp-dir";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, "tests/fixtures/data", `sklearn-${name}.json`), "utf8"));
const NUM = ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];

/** Float32 output against float64 references: relative 1e-6 plus a small absolute slack. */
function assertMatrix(actual: FeatureMatrix, expected: (number | null)[][], label: string, tol = 2e-6): void {
  assert.equal(actual.rowCount, expected.length, `${label}: rows`);
  const width = actual.featureNames.length;
  assert.equal(width, expected[0]!.length, `${label}: columns`);
  for (let i = 0; i < expected.length; i++)
    for (let j = 0; j < width; j++) {
      const e = expected[i]![j]!, a = actual.values[i * width + j]!;
      if (e === null) assert.ok(Number.isNaN(a), `${label} [${i},${j}]: expected NaN, got ${a}`);
      else assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${label} [${i},${j}]: ${a} vs scikit-learn ${e}`);
    }
}

async function weather(): Promise<ColumnTable> {
  const t = await loadColumns("seattle-weather");
  const dates = (t.columns.date as { values: Float64Array }).values;
  // The month as a category ("01".."12"), as the fixture script derives it.
  t.columns.month = makeColumn("month", Array.from(dates, (ms) => new Date(ms).toISOString().slice(5, 7)), "string");
  t.names.push("month");
  return t;
}

test("numeric steps match SimpleImputer + StandardScaler / MinMaxScaler / RobustScaler (+ quantile clip, log1p) on penguins", async () => {
  const penguins = await loadColumns("penguins");
  const f = fixture("numeric");
  const cases: Record<string, PipelineSpec["steps"][number]> = {
    mean_standard: { type: "numeric", columns: NUM, impute: "mean", scale: "standard" },
    median_minmax: { type: "numeric", columns: NUM, impute: "median", scale: "minmax" },
    constant_robust: { type: "numeric", columns: NUM, impute: { constant: 0 }, scale: "robust" },
    median_clip_log1p_standard: { type: "numeric", columns: NUM, impute: "median", clip: [0.05, 0.95], log1p: true, scale: "standard" },
    none_standard: { type: "numeric", columns: NUM, scale: "standard" },
  };
  for (const [name, step] of Object.entries(cases)) {
    const pipeline = FeaturePipeline.fit({ steps: [step] }, penguins);
    assertMatrix(pipeline.transform(penguins), f[name].output, name);
  }
  const states = FeaturePipeline.fit({ steps: [cases.mean_standard!] }, penguins).stepOutputs()[0]!.state as { scale: { a: number; b: number } }[];
  states.forEach((s, j) => {
    assert.ok(Math.abs(s.scale.a - f.mean_standard.mean[j]) < 1e-9 * Math.abs(f.mean_standard.mean[j]), `mean_ ${j}`);
    assert.ok(Math.abs(s.scale.b - f.mean_standard.scale[j]) < 1e-9 * f.mean_standard.scale[j], `scale_ ${j}`);
  });
});

test("one-hot matches OneHotEncoder (handle_unknown ignore / infrequent_if_exist, max_categories), unseen islands included", async () => {
  const penguins = await loadColumns("penguins");
  const train = takeRows(penguins, filterIndices(penguins, { Island: { ne: "Torgersen" } }));
  const f = fixture("onehot");
  const skName = (n: string) => n.replace(/_infrequent_sklearn$/, "_infrequent");
  const cases = {
    ignore: { handleUnknown: "ignore" as const },
    infrequent_max3: { maxCategories: 3 },
    infrequent_max2: { maxCategories: 2 },
  };
  for (const [name, options] of Object.entries(cases)) {
    const pipeline = FeaturePipeline.fit({ steps: [{ type: "oneHot", columns: ["Island", "Sex"], ...options }] }, train);
    assert.deepEqual(pipeline.featureNames, f[name].feature_names.map(skName), name);
    const out = pipeline.transform(penguins);
    const w = out.featureNames.length;
    const ones = Array.from({ length: out.rowCount }, (_, i) => [...out.values.subarray(i * w, (i + 1) * w)].flatMap((v, j) => (v === 1 ? [j] : [])));
    assert.deepEqual(ones, f[name].ones, name);
  }
  const w = await weather();
  const pipeline = FeaturePipeline.fit({ steps: [{ type: "oneHot", columns: ["weather"], maxCategories: 3 }] }, w);
  assert.deepEqual(pipeline.featureNames, f.weather_max3.feature_names.map(skName));
  const out = pipeline.transform(w);
  assert.deepEqual(Array.from({ length: out.rowCount }, (_, i) => [0, 1, 2].filter((j) => out.values[i * 3 + j] === 1)), f.weather_max3.ones);
});

test("one-hot with handleUnknown 'error' names the unseen categories", async () => {
  const penguins = await loadColumns("penguins");
  const train = takeRows(penguins, filterIndices(penguins, { Island: { ne: "Torgersen" } }));
  const pipeline = FeaturePipeline.fit({ steps: [{ type: "oneHot", columns: ["Island"], handleUnknown: "error" }] }, train);
  assert.throws(() => pipeline.transform(penguins), /'Island' has categories never seen in training: Torgersen/);
});

test("ordinal matches OrdinalEncoder (unknown_value -1, missing as NaN)", async () => {
  const penguins = await loadColumns("penguins");
  const train = takeRows(penguins, filterIndices(penguins, { Island: { ne: "Torgersen" } }));
  const f = fixture("ordinal");
  const pipeline = FeaturePipeline.fit({ steps: [{ type: "ordinal", columns: ["Island", "Sex"] }] }, train);
  const states = pipeline.stepOutputs()[0]!.state as { levels: string[] }[];
  assert.deepEqual(states.map((s) => s.levels), f.categories.map((c: (string | null)[]) => c.filter((x) => x !== null)));
  assertMatrix(pipeline.transform(penguins), f.output, "ordinal", 0);
});

test("target encoding matches TargetEncoder: continuous, binary and multiclass targets, smooth auto and fixed, cross-fitted", async () => {
  const w = await weather();
  const f = fixture("target");
  const rain = Array.from({ length: w.rowCount }, (_, i) => ((w.columns.weather as { codes: Int32Array; categories: string[] }).categories[(w.columns.weather as { codes: Int32Array }).codes[i]!] === "rain" ? "rain" : "dry"));
  const cases: Record<string, { target: string | string[]; smooth: "auto" | number }> = {
    continuous_auto: { target: "temp_max", smooth: "auto" },
    continuous_m10: { target: "temp_max", smooth: 10 },
    binary_auto: { target: rain, smooth: "auto" },
    multiclass_auto: { target: "weather", smooth: "auto" },
  };
  for (const [name, c] of Object.entries(cases)) {
    const spec: PipelineSpec = { steps: [{ type: "target", columns: f[name].columns, smooth: c.smooth, cv: 5, shuffle: false }] };
    const { pipeline, features } = fitTransform(spec, w, { target: c.target });
    assert.deepEqual(pipeline.featureNames, f[name].feature_names, name);
    assertMatrix(features, f[name].training, `${name} out-of-fold`, 1e-6);
    // transform applies the encodings learnt on all rows: check them against encodings_ directly.
    const out = pipeline.transform(w);
    const state = pipeline.stepOutputs()[0]!.state as { means: number[]; columns: { levels: string[]; encodings: number[][] }[] };
    assert.ok(Math.abs(state.means[0]! - f[name].target_mean[0]) < 1e-12);
    state.columns.forEach((col, j) => col.encodings.forEach((enc, k) => {
      const expected: number[] = f[name].encodings[j * col.encodings.length + k];
      enc.forEach((v, l) => assert.ok(Math.abs(v - expected[l]!) < 1e-9 * Math.max(1, Math.abs(expected[l]!)), `${name} encodings_[${j}][${k}][${l}]: ${v} vs ${expected[l]}`));
    }));
    assert.equal(out.values.length, features.values.length);
  }
});

test("target encoding: unseen categories get the training target mean; no target is a clear error", async () => {
  const w = await weather();
  const train = takeRows(w, filterIndices(w, { weather: { ne: "snow" } }));
  const pipeline = FeaturePipeline.fit({ steps: [{ type: "target", columns: ["weather"] }] }, train, { target: "temp_max" });
  const out = pipeline.transform(w);
  const mean = (train.columns.temp_max as { values: Float64Array }).values.reduce((a, b) => a + b, 0) / train.rowCount;
  const snow = filterIndices(w, { weather: "snow" });
  for (const i of snow) assert.ok(Math.abs(out.values[i]! - mean) < 1e-4);
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "target", columns: ["weather"] }] }, w), /needs a target/);
});

test("date parts agree with pandas (day_of_week Monday = 0, day_of_year, hour, minute) on Seattle days and flight instants", () => {
  const f = fixture("dates");
  for (const part of ["year", "month", "day", "dayOfWeek", "dayOfYear", "hour", "minute"] as const)
    assert.deepEqual(f.epoch_ms.map((ms: number) => datePart(ms, part)), f[part], part);
});

test("datetime step writes parts and sin/cos pairs; frequency encodes training shares", async () => {
  const w = await weather();
  const p = FeaturePipeline.fit({ steps: [{ type: "datetime", columns: ["date"], parts: ["month"], cyclical: ["dayOfWeek"] }, { type: "frequency", columns: ["weather"] }] }, w);
  assert.deepEqual(p.featureNames, ["date_month", "date_dayOfWeek_sin", "date_dayOfWeek_cos", "weather_frequency"]);
  const out = p.transform(w);
  // 2012-01-01 was a Sunday (day 6): angle 2π·6/7.
  assert.equal(out.values[0], 1);
  assert.ok(Math.abs(out.values[1]! - Math.sin((2 * Math.PI * 6) / 7)) < 1e-6);
  assert.ok(Math.abs(out.values[2]! - Math.cos((2 * Math.PI * 6) / 7)) < 1e-6);
  assert.ok(Math.abs(out.values[3]! - 53 / 1461) < 1e-7, "drizzle: 53 of 1461 days");
});

test("a pipeline serialised to JSON and back gives identical output, also on new rows", async () => {
  const w = await weather();
  const train = takeRows(w, filterIndices(w, { date: { lt: "2015-01-01" } }));
  const test2015 = takeRows(w, filterIndices(w, { date: { gte: "2015-01-01" } }));
  const spec: PipelineSpec = {
    steps: [
      { type: "numeric", columns: ["precipitation", "wind"], impute: "median", clip: [0.01, 0.99], log1p: true, scale: "robust" },
      { type: "numeric", columns: ["temp_min"], scale: "minmax" },
      { type: "oneHot", columns: ["weather"], maxCategories: 4 },
      { type: "ordinal", columns: ["month"] },
      { type: "frequency", columns: ["weather"] },
      { type: "target", columns: ["month"], smooth: "auto" },
      { type: "datetime", columns: ["date"], parts: ["year"], cyclical: ["month", "dayOfYear"] },
    ],
  };
  const pipeline = FeaturePipeline.fit(spec, train, { target: "temp_max" });
  const restored = FeaturePipeline.fromJSON(JSON.stringify(pipeline));
  assert.deepEqual(restored.featureNames, pipeline.featureNames);
  assert.deepEqual(restored.transform(test2015).values, pipeline.transform(test2015).values);
  assert.equal(pipeline.transform(test2015).values.length, test2015.rowCount * pipeline.featureNames.length);
  // Fitted on training rows only: the scaler's minimum is 2012-2014's, so 2015 can fall outside [0, 1].
  const state = pipeline.stepOutputs()[1]!.state as { scale: { a: number; b: number } }[];
  const trainMin = Math.min(...(train.columns.temp_min as { values: Float64Array }).values);
  assert.ok(Math.abs(-state[0]!.scale.b / state[0]!.scale.a - trainMin) < 1e-9);
});

test("bad input: missing column, wrong type, all-null column, bad spec, foreign JSON", async () => {
  const w = await weather();
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["nope"], scale: "standard" }] }, w), /needs column 'nope'.*it has: date, precipitation/);
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "oneHot", columns: ["wind"] }] }, w), /'wind' is number: load it with \{types: \{'wind': 'string'\}\}/);
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["weather"] }] }, w), /'weather' is string/);
  const empty = { names: ["x"], columns: { x: makeColumn("x", [null, null, null]) }, rowCount: 3 };
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["x"], impute: "mean" }] }, empty), /'x' has no values in the training data \(all missing\)/);
  const filled = FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["x"], impute: { constant: 7 } }] }, empty).transform(empty);
  assert.deepEqual([...filled.values], [7, 7, 7]);
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "scale" as "numeric", columns: ["x"] }] }, empty), /type 'scale' is not one of/);
  assert.throws(() => FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["wind"], log1p: true, clip: [0.5, 0.2] }] }, w), /clip must be two quantiles/);
  assert.throws(() => FeaturePipeline.fromJSON({ format: "sklearn", version: 1 } as never), /Not a labops feature pipeline/);
  const fitted = FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["wind"], scale: "standard" }] }, w);
  const noWind = { names: ["date"], columns: { date: w.columns.date! }, rowCount: w.rowCount };
  assert.throws(() => fitted.transform(noWind), /needs column 'wind', which the data lacks/);
});

test("frequency and ordinal: unseen categories get 0 and unknownValue; the fitted pipeline ignores later edits of the spec", async () => {
  const penguins = await loadColumns("penguins");
  const train = takeRows(penguins, filterIndices(penguins, { Island: { ne: "Torgersen" } }));
  const spec: PipelineSpec = { steps: [{ type: "frequency", columns: ["Island"] }, { type: "ordinal", columns: ["Island"], unknownValue: 99 }] };
  const pipeline = FeaturePipeline.fit(spec, train);
  (spec.steps[1] as { unknownValue: number }).unknownValue = 5;
  const out = pipeline.transform(penguins);
  const torgersen = filterIndices(penguins, { Island: "Torgersen" });
  assert.ok(torgersen.length > 0);
  for (const i of torgersen) assert.deepEqual([out.values[i * 2], out.values[i * 2 + 1]], [0, 99]);
  const biscoe = filterIndices(train, { Island: "Biscoe" }).length;
  assert.ok(Math.abs(out.values[filterIndices(penguins, { Island: "Biscoe" })[0]! * 2]! - biscoe / train.rowCount) < 1e-7);
});

test("large tables are written in row blocks: every row past the first block is right, and rows do not depend on their neighbours", async () => {
  const { table } = makeSyntheticData({ seed: 11, rows: 10_007 });
  const spec: PipelineSpec = { steps: [
    { type: "numeric", columns: ["x0"], scale: "standard" },
    { type: "oneHot", columns: ["segment"] },
    { type: "datetime", columns: ["time"], parts: ["day"] },
  ] };
  const pipeline = FeaturePipeline.fit(spec, table);
  const all = pipeline.transform(table);
  const x0 = (table.columns.x0 as { values: Float64Array }).values;
  const mean = x0.reduce((a, b) => a + b, 0) / x0.length;
  const std = Math.sqrt(x0.reduce((a, b) => a + (b - mean) ** 2, 0) / x0.length);
  const w = all.featureNames.length;
  const seg = table.columns.segment as { codes: Int32Array; categories: string[] };
  const sorted = [...seg.categories].sort();
  for (const i of [0, 4095, 4096, 8191, 8192, 10_006]) {
    assert.ok(Math.abs(all.values[i * w]! - (x0[i]! - mean) / std) < 1e-5, `row ${i}`);
    assert.equal(all.values[i * w + 1 + sorted.indexOf(seg.categories[seg.codes[i]!]!)], 1, `row ${i} one-hot`);
    assert.equal(all.values[i * w + 4], new Date((table.columns.time as { values: Float64Array }).values[i]!).getUTCDate(), `row ${i} day`);
  }
  const tail = pipeline.transform(takeRows(table, Int32Array.from({ length: 5000 }, (_, i) => 5007 + i)));
  assert.deepEqual(tail.values, all.values.subarray(5007 * w));
});
