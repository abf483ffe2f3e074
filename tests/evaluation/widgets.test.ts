// Evaluation widgets: Vega-Lite v5 specs that compile and render to SVG with the right marks, and tables with gate marks.

import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateClassifier, fairnessReport, validateModel } from "../../src/evaluation";
import { toMimeBundle, VEGA_LITE_SCHEMA } from "../../widgets";
import {
  calibrationChart,
  confusionMatrixChart,
  fairnessTable,
  FAIL_MARK,
  importanceChart,
  MAX_CURVE_POINTS,
  metricsTable,
  PASS_MARK,
  precisionRecallChart,
  rocCurveChart,
} from "../../widgets/evaluation";
import { rocCurve } from "../../src/evaluation";
import { fixture } from "./fixtures";
import { HIGHLIGHT } from "../../widgets/html";

const cls = fixture<{ cases: any[] }>("classification.json").cases;
const cancer = cls.find((c) => c.name === "breast-cancer")!;
const iris = cls.find((c) => c.name === "iris")!;
const pf = fixture<{ cases: any[] }>("fairness.json").cases.find((c) => c.name === "penguins-island")!;
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

async function chartBundle(chart: object) {
  const b = (await toMimeBundle(chart))!;
  assert.deepEqual(Object.keys(b), ["text/plain", "application/vnd.vegalite.v5+json", "image/svg+xml"]);
  assert.equal((b["application/vnd.vegalite.v5+json"] as { $schema: string }).$schema, VEGA_LITE_SCHEMA);
  const svg = b["image/svg+xml"] as string;
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  return { bundle: b, svg, spec: b["application/vnd.vegalite.v5+json"] as Record<string, any> };
}

test("confusion matrix heatmap: one cell and one count per class pair, classes in order", async () => {
  const ev = evaluateClassifier({ yTrue: iris.yTrue, yPred: iris.yPred, labels: iris.classes });
  const { svg, spec, bundle } = await chartBundle(confusionMatrixChart(ev));
  assert.equal(spec.layer[0].encoding.color.field, "share");
  assert.deepEqual(spec.data.values.map((v: any) => v.count), ev.confusionMatrix.flat());
  assert.equal(count(svg, /aria-roledescription="rect mark"/g), 9, "one cell per class pair");
  assert.equal(count(svg, /<text[^>]*>\d+<\/text>/g) >= 9, true, "the counts are written in the cells");
  for (const c of iris.classes) assert.ok(svg.includes(`>${c}</text>`), `axis label ${c}`);
  assert.match(bundle["text/plain"], /^ACTUAL \\ PREDICTED\s+setosa\s+versicolor\s+virginica/);
});

test("ROC and PR curves: one line per model plus the diagonal; long curves are thinned", async () => {
  const ev = evaluateClassifier({ yTrue: cancer.yTrue, yPred: cancer.yPred, yProba: cancer.proba });
  const p = ev.probabilities!;
  const ties = cls.find((c) => c.name === "breast-cancer-ties")!;
  const roc = rocCurveChart([{ name: "logistic", curve: p.rocCurve!, auc: p.rocAuc }, { name: "rounded", curve: rocCurve(ties.yTrue, ties.proba) }]);
  const { svg, spec } = await chartBundle(roc);
  assert.equal(spec.layer.length, 2, "diagonal + curves");
  assert.equal(count(svg, /<g class="mark-line role-mark[^>]*><path /g), 3, "two curves and the diagonal");
  assert.ok(svg.includes("logistic (AUC 0.9973)"));
  const pr = await chartBundle(precisionRecallChart([{ name: "logistic", curve: p.prCurve!, averagePrecision: p.averagePrecision }]));
  assert.equal(count(pr.svg, /<g class="mark-line role-mark[^>]*><path /g), 1);
  const n = 50_000;
  const y = Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
  const s = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % n) / n);
  const big = rocCurveChart([{ name: "big", curve: rocCurve(y, s) }]);
  assert.equal((big.spec.layer as any[])[1].data.values.length, MAX_CURVE_POINTS);
});

test("calibration plot and importance bars render; importance sorted strongest first", async () => {
  const ev = evaluateClassifier({ yTrue: cancer.yTrue, yProba: cancer.proba });
  const cal = await chartBundle(calibrationChart(ev.probabilities!.calibration));
  assert.equal(count(cal.svg, /aria-roledescription="point"/g), ev.probabilities!.calibration.counts.length, "one point per bin");
  assert.equal(cal.spec.layer[2].data.values.length, ev.probabilities!.calibration.counts.length);
  assert.match(cal.bundle["text/plain"], /^Calibration, ECE /);
  const imp = importanceChart(["a", "b", "c"], { importancesMean: [0.1, 0.3, -0.01], importancesStd: [0.01, 0.02, 0.005] });
  const { svg, spec } = await chartBundle(imp);
  assert.deepEqual(spec.encoding.y.sort, ["b", "a", "c"]);
  assert.equal(count(svg, /aria-roledescription="bar"/g), 3, "one bar per feature");
  assert.equal(count(svg, /aria-roledescription="rule mark"/g), 3, "one whisker per feature");
  assert.ok(svg.includes(">b</text>"));
  assert.throws(() => importanceChart(["a"], { importancesMean: [1, 2], importancesStd: [0, 0] }), /1 feature names for 2 importances/);
});

test("metrics table marks each gate; fairness table lists groups and disparities", async () => {
  const ev = evaluateClassifier({ yTrue: iris.yTrue, yPred: iris.yPred, yProba: iris.proba, labels: iris.classes });
  const gates = validateModel(ev, { config: { accuracy: 0.9 }, championMetrics: { f1Macro: 0.5 }, });
  const t = metricsTable(ev, gates);
  const accRow = t.rows.find((r) => r[0] === "accuracy")!;
  assert.equal(accRow[2], `${FAIL_MARK} >= 0.9`);
  assert.equal(t.rows.find((r) => r[0] === "precision[setosa]")![2], `${PASS_MARK} >= 0.6`);
  assert.ok(t.rows.some((r) => r[0] === "champion.f1Macro"), "gates that are not metrics get their own row");
  assert.deepEqual(t.failedRows, [t.rows.indexOf(accRow)]);
  const b = (await toMimeBundle(t))!;
  assert.match(b["text/plain"], /^1 of \d+ gates failed\./);
  assert.ok((b["text/html"] as string).includes(`background:${HIGHLIGHT}`), "the failed row is highlighted");

  const report = fairnessReport({ yTrue: pf.yTrue, yPred: pf.yPred, sensitiveFeatures: pf.sensitive });
  const fg = validateModel(evaluateClassifier({ yTrue: pf.yTrue, yPred: pf.yPred }), { config: { meanConfidence: null, fairness: { demographicParityRatio: 0.8 } }, fairness: report });
  const fb = (await toMimeBundle(fairnessTable(report, { feature: "Island", gates: fg })))!;
  assert.match(fb["text/plain"], /^ISLAND\s+COUNT\s+SELECTION RATE\s+TPR\s+FPR/);
  assert.match(fb["text/plain"], new RegExp(`demographicParityRatio\\s+0\\.08\\d+\\s+${FAIL_MARK} >= 0\\.8`));
  for (const g of pf.groups) assert.ok((fb["text/html"] as string).includes(`>${g}</td>`));
});
