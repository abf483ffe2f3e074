// notebooks/evaluation.ipynb run through real Jupyter (nbclient) and through `labops run`: the gate failure, the
// refused and then allowed registration, the charts and the model card, with numbers recomputed here.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient, ModelRegistryClient, rainDemo } from "../../src";
import { datasetPath } from "../../src/data/datasets";
import { readCsv } from "../../src/data/csv";
import { NotebookSession } from "../../kernel-ext/session";
import { setDisplaySink } from "../../widgets/display-sink";
import type { MimeBundle } from "../../widgets/mime-bundle";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const NOTEBOOK = path.join(repoRoot, "notebooks/evaluation.ipynb");
const kernel = useTestKernel("labops-eval-test", { LABOPS_REGISTRY_URI: "" });

type Output = { output_type: string; text?: string | string[]; data?: Record<string, unknown> };
const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : v);

/** The confusion counts of the notebook's model, trained here the same way (the demo's code, 2012-2014 -> 2015). */
function expectedCounts(): { tn: number; fp: number; fn: number; tp: number; accuracy: number } {
  const { FEATURES, toExamples, fitStandardizer, standardize, LogisticRegression } = rainDemo;
  const examples = toExamples(readCsv(datasetPath("seattle-weather.csv")));
  const train = examples.filter((e) => e.date < "2015-01-01");
  const held = examples.filter((e) => e.date.startsWith("2015"));
  const scaler = fitStandardizer(train.map((e) => e.features));
  const model = new LogisticRegression(FEATURES.length);
  const xs = train.map((e) => standardize(e.features, scaler));
  for (let i = 0; i < 200; i++) model.step(xs, train.map((e) => e.label), 0.5, 0.001);
  const c = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (const e of held) {
    const p = model.predictProba(standardize(e.features, scaler)) >= 0.5 ? 1 : 0;
    if (e.label === 1) p ? c.tp++ : c.fn++;
    else p ? c.fp++ : c.tn++;
  }
  return { ...c, accuracy: (c.tp + c.tn) / held.length };
}

async function checkExecuted(file: string, dir: string): Promise<void> {
  const nb = JSON.parse(fs.readFileSync(file, "utf8"));
  const outputs = (match: RegExp): Output[] => {
    const cell = nb.cells.find((c: { cell_type: string; source: string | string[] }) => c.cell_type === "code" && match.test(String(joined(c.source))));
    assert.ok(cell, `a cell matching ${match}`);
    return (cell.outputs as Output[]).map((o) => ({ ...o, text: joined(o.text) as string, data: o.data && Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, joined(v)])) }));
  };
  const want = expectedCounts();
  const strict = outputs(/--gates strict-gates\.json/);
  const texts = strict.map((o) => String(o.data?.["text/plain"] ?? ""));
  assert.match(texts[0]!, /^1 of \d+ gates failed\./);
  assert.match(texts[0]!, new RegExp(`accuracy\\s+${want.accuracy.toPrecision(6).replace(/0+$/, "")}\\s+✗ >= 0\\.9`));
  assert.match(String(strict[0]!.data!["text/html"]), /<table/);
  const confusion = texts.find((t) => t.startsWith("ACTUAL"))!;
  assert.match(confusion, new RegExp(`^0\\s+${want.tn}\\s+${want.fp}$`, "m"));
  assert.match(confusion, new RegExp(`^1\\s+${want.fn}\\s+${want.tp}$`, "m"));
  const charts = strict.filter((o) => o.data?.["application/vnd.vegalite.v5+json"]);
  assert.equal(charts.length, 5, "confusion matrix, ROC, PR, calibration, importance");
  for (const c of charts) assert.match(String(c.data!["image/svg+xml"]), /^<svg[\s\S]*<\/svg>\s*$/);
  assert.ok(texts.some((t) => /ROC curve, \d+ points, AUC 0\.\d+/.test(t)));
  assert.ok(texts.some((t) => /^SEASON\s+COUNT[\s\S]*winter\s+90/m.test(t)), "the fairness table by season");
  assert.match(String(outputs(/registerModel/)[0]!.data!["text/plain"]), /failed 1 validation gate: accuracy \(accuracy is 0\.\d+; needs >= 0\.9\)/);
  assert.equal(outputs(/--gates passing-gates\.json/)[0]!.data!["text/plain"], "true");
  assert.match(String(outputs(/%models register/)[0]!.data!["text/plain"]), /^Registered seattle-rain version 1 from runs:\//);
  const card = outputs(/model_card/)[0]!.data!;
  assert.match(String(card["text/html"]), /Model card[\s\S]*<table[\s\S]*demographicParityDifference/i);
  // The store agrees: one version, registered after the passing evaluation.
  const tracking = new LabopsClient(path.join(dir, "labops-store"));
  const registry = new ModelRegistryClient({ tracking });
  const versions = await registry.modelVersions("seattle-rain");
  assert.equal(versions.length, 1);
  assert.equal((await tracking.getRun(versions[0]!.runId!)).data.tags["labops.gates.passed"], "true");
  await registry.close();
}



test("nbclient runs the evaluation notebook: gate failure, refusal, registration, charts and card", async () => {
  const { dir, executed: out } = kernel.runNotebook(NOTEBOOK);
  await checkExecuted(out, dir);
});

test("labops run executes it headless, with a report holding the charts", async () => {
  const { dir, executed: out, report: html } = kernel.runHeadless(NOTEBOOK);
  await checkExecuted(out, dir);
  assert.ok((html.match(/<svg/g) ?? []).length >= 5, "the charts are in the report");
  assert.match(html, /Registered seattle-rain version 1/);
});

test("%evaluate in a NotebookSession: a flavor registered in the notebook is used; its displays; an unknown flavor is refused", async () => {
  const dir = tempDir();
  const session = new NotebookSession(dir); // in-process: paths are absolute, the test's cwd is not the notebook's
  await session.start();
  const shown: MimeBundle[] = [];
  const previous = setDisplaySink({ display: (b: MimeBundle) => shown.push(b), update: () => {}, clear: () => {} } as never);
  try {
    // A threshold rule on one column, as the engine would register its own flavors.
    fs.mkdirSync(path.join(dir, "rule"));
    fs.writeFileSync(path.join(dir, "rule/model.json"), JSON.stringify({ flavor: "test.threshold", column: "x", at: 0.5 }));
    fs.mkdirSync(path.join(dir, "odd"));
    fs.writeFileSync(path.join(dir, "odd/model.json"), JSON.stringify({ flavor: "test.unknown" }));
    const xs = [0.1, 0.4, 0.6, 0.9, 0.2, 0.7, 0.55, 0.3];
    const ys = [0, 0, 1, 1, 1, 1, 0, 0];
    fs.writeFileSync(path.join(dir, "data.csv"), ["x,y,g", ...xs.map((x, i) => `${x},${ys[i]},${i % 2 ? "a" : "b"}`)].join("\n"));
    const setup = await session.execute(`labops.setTrackingUri(${JSON.stringify(path.join(dir, "store"))});
labops.registerModelFlavor("test.threshold", (_dir, json) => ({
  flavor: "test.threshold", task: "classification", featureNames: [json.column as string], classes: [0, 1],
  predict: (rows) => rows.map((r) => (r[0]! >= (json.at as number) ? 1 : 0)),
  predictProba: (rows) => rows.map((r) => [1 - r[0]!, r[0]!]),
}));`);
    assert.ok(setup.ok, JSON.stringify(setup.error));
    const json = await session.execute(`const res = %evaluate --model ${path.join(dir, "rule")} --data ${path.join(dir, "data.csv")} --target y --sensitive g --json\nJSON.stringify([res.metrics.accuracy, res.passed, res.fairness.report.groups.length])`);
    assert.ok(json.ok, JSON.stringify(json.error));
    // Predictions 0,0,1,1,0,1,1,0 against 0,0,1,1,1,1,0,0: 6 of 8 right, precision and recall 0.75 per class,
    // mean confidence 5.75/8 = 0.71875: the default gates (0.65, 0.6, 0.7) pass.
    assert.equal(json.result?.["text/plain"], "'[0.75,true,2]'");
    shown.length = 0;
    const view = await session.execute(`%evaluate --model ${path.join(dir, "rule")} --data ${path.join(dir, "data.csv")} --target y --sensitive g`);
    assert.ok(view.ok, JSON.stringify(view.error));
    const all = [...shown, view.result!];
    assert.match(String(all[0]!["text/plain"]), /^All 7 gates passed\./);
    assert.equal(all.filter((b) => b["application/vnd.vegalite.v5+json"]).length, 5);
    assert.match(String(view.result!["text/plain"]), /^G\s+COUNT/);
    const odd = await session.execute(`%evaluate --model ${path.join(dir, "odd")} --data ${path.join(dir, "data.csv")} --target y`);
    assert.equal(odd.ok, false);
    assert.match(odd.error!.evalue, /No loader for model flavor 'test\.unknown'.*known: labops\.logistic-regression, test\.threshold/);
  } finally {
    setDisplaySink(previous);
    session.close();
  }
});
