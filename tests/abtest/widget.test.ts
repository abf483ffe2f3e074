// A/B widgets: the read-out bundle (badge, recommendation, table, forest plot), escaping, and the Vega-Lite specs
// of the forest plot, the sequential p-value path and the traffic timeline, drawn to SVG.

import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeExperiment, checkRollout, InMemoryRolloutStore, msprt, startRollout, type MetricInput } from "../../src/abtest";
import { toMimeBundle } from "../../widgets";
import { abReportWidget, liftForestSpec, recommendationWidget, sequentialPathChart, sequentialPathSpec, srmBadge, trafficTimelineChart, trafficTimelineSpec } from "../../widgets/abtest";
import { normals } from "./helpers";
import { HIGHLIGHT } from "../../widgets/html";

const EVIL = '<img src=x onerror="alert(1)">';

function analysis(srm = false) {
  const metrics: MetricInput[] = [
    { name: "conversion", kind: "proportion", control: { n: 20000, conversions: 2000 }, treatment: { n: 20000, conversions: 2200 } },
    { name: EVIL, kind: "mean", role: "secondary", control: normals(500, 10, 2, 1), treatment: normals(500, 10, 2, 2) },
    { name: "latency", kind: "mean", role: "guardrail", direction: "decrease", tolerance: 0.01, control: { n: 20000, mean: 100, variance: 100 }, treatment: { n: 20000, mean: 103, variance: 100 } },
  ];
  return analyzeExperiment(metrics, { assignments: srm ? { control: 20000, treatment: 21000 } : { control: 20000, treatment: 20010 } });
}

test("read-out bundle: recommendation with reasons, SRM badge, metric table in text and HTML, forest plot SVG, names escaped", async () => {
  const a = analysis();
  assert.equal(a.recommendation, "rollback", "the latency guardrail regressed by 3% > 1%");
  const b = (await toMimeBundle(abReportWidget(a)))!;
  const text = b["text/plain"];
  assert.match(text, /^Recommendation: Roll back\n  - guardrail "latency" regressed by 3\.00%/);
  assert.match(text, /SRM: ok \(p = 0\.9/);
  assert.match(text, /conversion\s+goal\s+0\.1 \(n=20000\)\s+0\.11 \(n=20000\)\s+\+10\.00%/);
  assert.match(text, /guardrail fail/);
  const html = b["text/html"] as string;
  assert.ok(html.includes("<svg") && html.includes("Roll back") && html.includes(`background:${HIGHLIGHT}`), "SVG forest, badge and highlighted failing row");
  assert.ok(!html.includes(EVIL) && html.includes("&lt;img src=x"), "metric names are escaped");
});

test("SRM badge and recommendation widgets follow the result", async () => {
  const bad = analysis(true);
  assert.equal(bad.recommendation, "investigate-srm");
  const badge = (await toMimeBundle(srmBadge(bad.srm)))!;
  assert.match(badge["text/plain"], /^SRM: MISMATCH \(p = /);
  assert.match(badge["text/html"] as string, /#c0392b/);
  assert.match((await toMimeBundle(srmBadge(null)))!["text/plain"], /not checked/);
  const rec = (await toMimeBundle(recommendationWidget(bad)))!;
  assert.match(rec["text/plain"], /Investigate the sample ratio mismatch/);
});

test("forest plot spec: one row per metric in the better direction, outcome colours, zero rule", () => {
  const a = analysis();
  const spec = liftForestSpec(a) as unknown as { layer: { data?: { values: unknown[] } }[]; data: { values: { metric: string; lower: number; upper: number; outcome: string; improvement: number }[] } };
  const rows = spec.data.values;
  assert.equal(rows.length, 3);
  const latency = rows.find((r) => r.metric.startsWith("latency"))!;
  assert.equal(latency.outcome, "worse");
  assert.ok(latency.upper < 0 && latency.lower < latency.improvement && latency.improvement < latency.upper, "a decrease-is-better metric is flipped so that worse is negative");
  assert.equal(rows.find((r) => r.metric.startsWith("conversion"))!.outcome, "better");
});

test("sequential path and traffic timeline: specs carry the data and render to SVG", async () => {
  const looks = [];
  for (let k = 1; k <= 10; k++) {
    const c = normals(100 * k, 0, 1, 10 + k);
    const t = normals(100 * k, 0.3, 1, 30 + k);
    const m = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const v = (x: Float64Array) => x.reduce((s, y) => s + (y - m(x)) ** 2, 0) / (x.length - 1);
    looks.push({ control: { n: c.length, mean: m(c), variance: v(c) }, treatment: { n: t.length, mean: m(t), variance: v(t) }, time: Date.UTC(2026, 11, 1, k) });
  }
  const seq = msprt(looks);
  const spec = sequentialPathSpec(seq) as unknown as { layer: { data: { values: { pValue: number; time: string | null }[] }; encoding: { x?: { type: string } } }[] };
  assert.equal(spec.layer[0]!.data.values.length, 10);
  assert.equal(spec.layer[0]!.encoding.x!.type, "temporal");
  assert.deepEqual(spec.layer[0]!.data.values.map((v) => v.pValue), seq.steps.map((s) => Math.max(s.pValue, 1e-12)));
  const chart = sequentialPathChart(seq);
  assert.match((await chart.svg()).slice(0, 200), /<svg/);

  const store = new InMemoryRolloutStore();
  const t0 = Date.UTC(2026, 11, 1);
  await startRollout(store, { name: "r", champion: "a", challenger: "b", user: "u", now: t0, config: { minStageDurationMs: 0, minSamplesPerArm: 100 } });
  const good: MetricInput[] = [{ name: "conversion", kind: "proportion", control: { n: 5000, conversions: 500 }, treatment: { n: 5000, conversions: 500 } }];
  const { state } = await checkRollout(store, "r", good, { now: t0 + 3600_000, user: "bot" });
  const tl = trafficTimelineSpec(state, t0 + 7200_000) as unknown as { layer: { data: { values: { share: number; action: string }[] } }[] };
  assert.deepEqual(tl.layer[1]!.data.values.map((v) => [v.action, v.share]), [["start", 0.1], ["expand", 0.25]]);
  assert.equal(tl.layer[0]!.data.values.at(-1)!.action, "now", "the line runs on to now");
  const bundle = (await toMimeBundle(trafficTimelineChart(state, t0 + 7200_000)))!;
  assert.match(bundle["text/plain"], /expand 10% -> 25% by bot/);
  assert.ok(typeof bundle["image/svg+xml"] === "string" && bundle["application/vnd.vegalite.v5+json"]);
});
