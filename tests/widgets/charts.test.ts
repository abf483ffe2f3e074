// Charts: Vega-Lite v5 specs with the right rows and encodings, and the SVG that vega renders from them in Node.

import assert from "node:assert/strict";
import { test } from "node:test";
import { compareRuns } from "../../src";
import { metricHistoryChart, renderSvg, runComparison, toMimeBundle, VEGA_LITE_SCHEMA } from "../../widgets";
import { EVIL, tracked } from "./fixtures";

const ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
/** Vega escapes markup in SVG text but leaves quotes, which XML text allows. */
const SVG_ESCAPED = '&lt;script&gt;alert("x")&lt;/script&gt;';
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

test("metricHistoryChart: one line per run, by step, as Vega-Lite v5 and as SVG", async () => {
  const { a, b, lossA, lossB } = await tracked();
  const chart = metricHistoryChart([
    { runId: a.info.runId, runName: a.info.runName, key: "loss", points: lossA },
    { runId: b.info.runId, runName: b.info.runName, key: "loss", points: [...lossB].reverse() },
  ]);
  const spec = chart.spec as Record<string, any>;
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.equal(VEGA_LITE_SCHEMA, spec.$schema);
  assert.deepEqual(
    spec.data.values.map((r: Record<string, unknown>) => [r.series, r.step, r.value]),
    [[EVIL, 0, 1], [EVIL, 1, 0.5], [EVIL, 2, 1 / 3], [EVIL, 3, 0.25], [EVIL, 4, 0.2], ["baseline", 0, 2], ["baseline", 1, 1], ["baseline", 2, 2 / 3]],
  );
  assert.equal(spec.data.values[0].time, "2024-03-01T09:30:00.000Z");
  assert.deepEqual(spec.mark, { type: "line", point: true, tooltip: true });
  assert.deepEqual([spec.encoding.x.field, spec.encoding.y.field, spec.encoding.color.field], ["step", "value", "series"]);
  assert.equal(spec.encoding.y.title, "loss");
  assert.deepEqual(spec.encoding.tooltip.map((t: { field: string }) => t.field), ["run", "key", "step", "value", "time"]);

  const bundle = (await toMimeBundle(chart))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "application/vnd.vegalite.v5+json", "image/svg+xml"]);
  assert.equal(bundle["application/vnd.vegalite.v5+json"], chart.spec);
  assert.deepEqual(bundle["text/plain"].split("\n"), [
    "RUN                          KEY   POINTS  STEPS      LAST       MIN  MAX",
    "---------------------------  ----  ------  -----  --------  --------  ---",
    `${EVIL}  loss       5   0..4       0.2       0.2    1`,
    "baseline                     loss       3   0..2  0.666667  0.666667    2",
  ]);
  const svg = bundle["image/svg+xml"] as string;
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  assert.equal(count(svg, /<g class="mark-line role-mark[^>]*><path /g), 2, "one path per line");
  assert.ok(svg.includes(`>${SVG_ESCAPED}</text>`), "run names in the legend, escaped");
  assert.ok(svg.includes(">baseline</text>"));
  assert.ok(!svg.includes("<script"));
  assert.equal(await chart.svg(), svg, "rendered once");
});

test("metricHistoryChart: several keys are labelled run: key; NaN points stay out of the spec", async () => {
  const { a } = await tracked();
  const points = [
    { key: "acc", value: 0.5, step: 0, timestamp: 1 },
    { key: "acc", value: Number.NaN, step: 1, timestamp: 2 },
    { key: "acc", value: 0.8, step: 2, timestamp: 3 },
  ];
  const chart = metricHistoryChart([
    { runId: a.info.runId, runName: "r", key: "acc", points },
    { runId: a.info.runId, runName: "r", key: "loss", points: [{ key: "loss", value: 3, step: 0, timestamp: 1 }] },
  ]);
  const spec = chart.spec as Record<string, any>;
  assert.deepEqual(spec.data.values.map((r: { series: string; step: number }) => `${r.series}@${r.step}`), ["r: acc@0", "r: acc@2", "r: loss@0"]);
  assert.equal(spec.encoding.y.title, "value");
  assert.equal(spec.encoding.color.title, "run: metric");
  const text = (await toMimeBundle(chart))!["text/plain"];
  assert.match(text, /^r +acc +3 +0\.\.2 +0\.8 +0\.5 +0\.8$/m, "summary counts every point, ranges ignore NaN");
});

test("runComparison: params diff with differing rows highlighted, metrics table, bars per metric and run", async () => {
  const { a, b } = await tracked();
  const cmp = compareRuns([a, b]);
  const widget = runComparison(cmp);
  assert.equal(widget.comparison, cmp);

  const spec = widget.chart!.spec as Record<string, any>;
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(spec.data.values, [
    { metric: "acc", run: EVIL, runId: a.info.runId, value: 0.8 },
    { metric: "acc", run: "baseline", runId: b.info.runId, value: 0.7 },
    { metric: "loss", run: EVIL, runId: a.info.runId, value: 0.2 },
    { metric: "loss", run: "baseline", runId: b.info.runId, value: 2 / 3 },
    { metric: "rows", run: "baseline", runId: b.info.runId, value: 1000 },
  ]);
  assert.deepEqual(spec.facet, { column: { field: "metric", type: "nominal", title: null } });
  assert.equal(spec.spec.mark.type, "bar");
  assert.deepEqual([spec.spec.encoding.x.field, spec.spec.encoding.y.field, spec.spec.encoding.color.field], ["run", "value", "run"]);
  assert.deepEqual(spec.spec.encoding.color.sort, [EVIL, "baseline"]);
  assert.deepEqual(spec.resolve, { scale: { y: "independent" } });

  const bundle = (await toMimeBundle(widget))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const text = bundle["text/plain"];
  assert.match(text, /^\* lr +0\.1 +0\.2$/m);
  assert.match(text, /^\* model +mlp$/m);
  assert.match(text, /^ {2}epochs +5 +5$/m);
  assert.match(text, /^rows +1000$/m);
  const html = bundle["text/html"] as string;
  assert.ok(!html.includes("<script"));
  assert.ok(html.includes(`>${ESCAPED}</th>`));
  const highlighted = [...html.matchAll(/<tr style="background:rgba\(255, 193, 7, 0\.28\)"><td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(highlighted, ["lr", "model"]);
  assert.equal(count(html, /<tr>/g), 2 + 1 + 3, "two header rows, epochs and the three metric rows are not highlighted");
  const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
  assert.match(svg, /^<svg/);
  assert.equal(count(svg, /aria-roledescription="bar"/g), 5, "one bar per run and metric with a value");
  assert.ok(svg.includes(`>${SVG_ESCAPED}</text>`) && svg.includes(">baseline</text>"));
  assert.equal(await widget.chart!.svg(), svg);
});

test("runComparison: runs sharing a name get their short id; no metrics means no chart", async () => {
  const { a, b } = await tracked();
  const cmp = compareRuns([a, b]);
  cmp.runs[1]!.runName = cmp.runs[0]!.runName;
  cmp.metrics = [];
  const widget = runComparison(cmp);
  assert.equal(widget.chart, null);
  const html = (await toMimeBundle(widget))!["text/html"] as string;
  assert.ok(html.includes(`${ESCAPED} (${a.info.runId.slice(0, 8)})</th>`) && html.includes(`${ESCAPED} (${b.info.runId.slice(0, 8)})</th>`));
  assert.ok(!html.includes("<svg"));
  assert.deepEqual(await toMimeBundle(runComparison({ runs: cmp.runs, params: [], metrics: [] })), { "text/plain": "These runs have no params or metrics." });
});

test("renderSvg renders any Vega-Lite v5 spec", async () => {
  const svg = await renderSvg({ $schema: VEGA_LITE_SCHEMA, data: { values: [{ x: "a", y: 1 }, { x: "b", y: 3 }] }, mark: "bar", encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } } });
  assert.match(svg, /^<svg /);
  assert.equal(count(svg, /aria-roledescription="bar"/g), 2);
});
