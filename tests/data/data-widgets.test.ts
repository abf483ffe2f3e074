// Data widgets: dataset summary, validation report and pipeline view render as MIME bundles with the right content.

import assert from "node:assert/strict";
import { test } from "node:test";
import { FeaturePipeline, learnSuite, loadColumns, profileTable, validate } from "../../src/data";
import { toMimeBundle } from "../../widgets";
import { datasetSummary, pipelineView, sparkline, validationReportView } from "../../widgets/data";
import { HIGHLIGHT } from "../../widgets/html";

test("profile and dataset summary of penguins: types, missing shares, distinct counts, histograms", async () => {
  const p = await loadColumns("penguins");
  const profile = profileTable(p, { bins: 10 });
  const sex = profile.columns.find((c) => c.name === "Sex")!;
  assert.deepEqual({ missing: sex.missing, distinct: sex.distinct, top: sex.top, histogram: sex.histogram }, { missing: 10, distinct: 3, top: ["MALE", "FEMALE", "."], histogram: [168, 165, 1] });
  const mass = profile.columns.find((c) => c.name === "Body Mass (g)")!;
  assert.deepEqual([mass.min, mass.max, mass.missing], [2700, 6300, 2]);
  assert.equal(mass.histogram.reduce((a, b) => a + b, 0), 342);
  assert.equal(mass.histogram.length, 10);
  const widget = datasetSummary(p, { name: "penguins" });
  const bundle = (await toMimeBundle(widget))!;
  const text = bundle["text/plain"];
  assert.match(text, /^penguins: 344 rows, 7 columns/);
  assert.match(text, /Sex\s+string\s+2\.9%\s+3\s+MALE \(168\), FEMALE \(165\), \. \(1\)/);
  assert.match(text, /Body Mass \(g\)\s+number\s+0\.6%\s+\d+\s+2700 \.\. 6300, mean 4201\.75/);
  const html = bundle["text/html"] as string;
  assert.match(html, /<caption[^>]*>penguins: 344 rows, 7 columns<\/caption>/);
  assert.equal(html.split(`background:${HIGHLIGHT}`).length - 1, 5, "the five columns with missing values are highlighted");
});

test("sparkline scales to the largest count and keeps rare bins visible", () => {
  assert.equal(sparkline([0, 1, 100, 50]), " ▁█▅");
  assert.equal(sparkline([]), "");
});

test("validation report view: one row per expectation, failures marked and highlighted with examples", async () => {
  const train = await loadColumns("seattle-weather", { where: { date: { lt: "2015-01-01" } } });
  const y2015 = await loadColumns("seattle-weather", { where: { date: { gte: "2015-01-01" } } });
  const report = validate(y2015, learnSuite(train, { name: "weather" }), { maxExamples: 2 });
  const view = validationReportView(report);
  assert.equal(view.rows.length, report.results.length);
  const bundle = (await toMimeBundle(view))!;
  assert.match(bundle["text/plain"], /^Suite 'weather' on 365 rows: FAILED, \d+ of \d+ expectations hold/);
  assert.match(bundle["text/plain"], /✗\s+expectColumnValuesToBeBetween\(column="date", min="2012-01-01T00:00:00…\s+\{"min":"2015-01-01T00:00:00.000Z","max"…\s+365 \(100\.0%\)\s+#0: "2015-01-01T00:00:00\.000Z"/);
  assert.match(bundle["text/plain"], /✗\s+expectColumnValuesToBeBetween\(column="precipitation", min=0, max=54\.1\)\s+\{"min":0,"max":55\.9\}\s+1 \(0\.3%\)\s+#73: 55\.9/);
  const failed = report.results.filter((r) => !r.success).length;
  assert.equal((bundle["text/html"] as string).split(`background:${HIGHLIGHT}`).length - 1, failed);
});

test("pipeline view lists steps, options, fitted parameters and output counts", async () => {
  const w = await loadColumns("seattle-weather");
  const pipeline = FeaturePipeline.fit({ steps: [{ type: "numeric", columns: ["wind"], impute: "mean", scale: "standard" }, { type: "oneHot", columns: ["weather"], maxCategories: 3 }] }, w);
  const bundle = (await toMimeBundle(pipelineView(pipeline)))!;
  assert.match(bundle["text/plain"], /^Feature pipeline: 2 steps -> 4 features/);
  assert.match(bundle["text/plain"], /numeric\s+wind\s+impute="mean" scale="standard"\s+wind: fill 3\.24\d* \(x-3\.24\d*\)\/1\.43\d*\s+1/);
  assert.match(bundle["text/plain"], /oneHot\s+weather\s+maxCategories=3\s+weather: 5 categories\s+3/);
});
