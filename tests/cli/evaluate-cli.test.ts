// `labops evaluate` through the built CLI: the demo's rain model (trained here on 2012-2014) evaluated on 2015,
// gates and exit code 3, fairness across seasons, predictions from a file, a champion, and refusals.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { LabopsClient } from "../../src";
import { readCsv } from "../../src/data/csv";
import { datasetPath } from "../../src/data/datasets";
import { FEATURES, fitStandardizer, LogisticRegression, standardize, toExamples } from "../../src/demo/rain-model";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let dir: string;
let store: string;
let env: NodeJS.ProcessEnv;
let probs: number[];
let labels: number[];
let seasons: string[];

const season = (date: string) => ["winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer", "autumn", "autumn", "autumn", "winter"][Number(date.slice(5, 7)) - 1]!;
const labops = (args: string[]) => runNodeSync(cli, args, { env });

before(() => {
  dir = tempDir();
  store = path.join(dir, "store");
  env = { LABOPS_TRACKING_URI: store, LABOPS_REGISTRY_URI: "" };
  const examples = toExamples(readCsv(datasetPath("seattle-weather.csv")));
  const train = examples.filter((e) => e.date < "2015-01-01");
  const test2015 = examples.filter((e) => e.date >= "2015-01-01");
  const scaler = fitStandardizer(train.map((e) => e.features));
  const model = new LogisticRegression(FEATURES.length);
  const xs = train.map((e) => standardize(e.features, scaler));
  for (let i = 0; i < 200; i++) model.step(xs, train.map((e) => e.label), 0.5, 0.001);
  fs.mkdirSync(path.join(dir, "model"));
  fs.writeFileSync(path.join(dir, "model/model.json"), JSON.stringify({ flavor: "labops.logistic-regression", features: FEATURES, weights: model.weights, bias: model.bias, scaler }));
  // The demo's own artifact (weights.json without a flavor) loads as the same model.
  fs.mkdirSync(path.join(dir, "demo-model"));
  fs.writeFileSync(path.join(dir, "demo-model/weights.json"), JSON.stringify({ features: FEATURES, weights: model.weights, bias: model.bias, scaler }));
  probs = test2015.map((e) => model.predictProba(standardize(e.features, scaler)));
  labels = test2015.map((e) => e.label);
  seasons = test2015.map((e) => season(e.date));
  const csv = [[...FEATURES, "rain", "season"].join(","), ...test2015.map((e, i) => [...e.features, e.label, seasons[i]].join(","))];
  fs.writeFileSync(path.join(dir, "2015.csv"), csv.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "preds.jsonl"), probs.map((p) => JSON.stringify({ prediction: p >= 0.5 ? 1 : 0, probability: p })).join("\n"));
  fs.writeFileSync(path.join(dir, "lenient.json"), JSON.stringify({ accuracy: 0.6, f1Macro: 0.6, perClassPrecision: 0.5, perClassRecall: 0.5, meanConfidence: 0.6 }));
  fs.writeFileSync(path.join(dir, "strict.yaml"), "accuracy: 0.99\nfairness:\n  demographicParityDifference: 0.05\n");
});

const accuracy = () => probs.filter((p, i) => (p >= 0.5 ? 1 : 0) === labels[i]).length / labels.length;

test("a model folder evaluated for real: metrics match its own predictions, importance, fairness by season, logged", async () => {
  const r = labops(["evaluate", "--model", path.join(dir, "model"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "lenient.json"), "--sensitive", "season", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rows, 365);
  assert.equal(out.passed, true);
  assert.ok(Math.abs(out.metrics.accuracy - accuracy()) < 1e-12);
  const logLoss = -probs.reduce((s, p, i) => s + (labels[i] ? Math.log(p) : Math.log(1 - p)), 0) / probs.length;
  assert.ok(Math.abs(out.metrics.logLoss - logLoss) < 1e-9, `${out.metrics.logLoss} vs ${logLoss}`);
  assert.deepEqual(out.importance.featureNames, FEATURES);
  assert.equal(out.importance.importancesMean.length, FEATURES.length);
  assert.ok(out.importance.importancesMean.some((v: number) => v > 0.01), "some feature matters");
  const groups = out.fairness.report.groups.map((g: { group: string; count: number }) => [g.group, g.count]).sort();
  assert.deepEqual(groups, [["autumn", 91], ["spring", 92], ["summer", 92], ["winter", 90]]);
  const rate = (s: string) => { const idx = seasons.map((x, i) => [x, i] as const).filter(([x]) => x === s).map(([, i]) => i); return idx.filter((i) => probs[i]! >= 0.5).length / idx.length; };
  const rates = ["autumn", "spring", "summer", "winter"].map(rate);
  assert.ok(Math.abs(out.fairness.report.demographicParityDifference - (Math.max(...rates) - Math.min(...rates))) < 1e-12);
  const run = await new LabopsClient(store).getRun(out.runId);
  assert.equal(run.data.tags["labops.gates.passed"], "true");
  assert.ok(Math.abs(run.data.metrics.accuracy! - accuracy()) < 1e-12);
  const files = (await new LabopsClient(store).listArtifacts(out.runId)).map((f) => f.path);
  for (const f of ["evaluation", "model_card.md", "model_card.html"]) assert.ok(files.includes(f), files.join(","));
});

test("a failed gate: exit 3, the reasons printed, the failure logged (tag and gates.json)", async () => {
  const r = labops(["evaluate", "--model", path.join(dir, "demo-model"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "strict.yaml"), "--sensitive", "season"]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /accuracy\s+\S+\s+FAIL >= 0\.99/);
  assert.match(r.stdout, /gates failed: accuracy \(accuracy is 0\.\d+; needs >= 0\.99\)/);
  const runId = /logged to run (\w+)/.exec(r.stdout)![1]!;
  const client = new LabopsClient(store);
  assert.equal((await client.getRun(runId)).data.tags["labops.gates.passed"], "false");
  const gates = JSON.parse(fs.readFileSync(await client.downloadArtifacts(runId, "evaluation/gates.json"), "utf8"));
  assert.equal(gates.passed, false);
  assert.ok(gates.failed.some((g: { gate: string }) => g.gate === "accuracy"));
});

test("--predictions gives the same metrics as the model; a champion that is the same model fails the improvement gate", () => {
  const a = JSON.parse(labops(["evaluate", "--model", "elsewhere", "--predictions", path.join(dir, "preds.jsonl"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "lenient.json"), "--json"]).stdout);
  const b = JSON.parse(labops(["evaluate", "--model", path.join(dir, "model"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "lenient.json"), "--json"]).stdout);
  for (const k of Object.keys(b.metrics)) assert.ok(Math.abs(a.metrics[k] - b.metrics[k]) < 1e-12, k);
  assert.equal(a.importance, null);
  const c = labops(["evaluate", "--model", path.join(dir, "model"), "--champion", path.join(dir, "demo-model"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "lenient.json"), "--json"]);
  assert.equal(c.code, 3, c.stderr);
  const out = JSON.parse(c.stdout);
  assert.equal(out.champion.from, "evaluated");
  assert.deepEqual(out.gates.failed.map((g: { gate: string }) => g.gate).sort(), ["champion.accuracy", "champion.f1Macro"]);
});

test("mistakes: one line naming the value, exit 1 or 2, nothing logged", async () => {
  const before = (await new LabopsClient(store).searchRuns(["0"])).runs.length;
  fs.mkdirSync(path.join(dir, "broken"), { recursive: true });
  fs.writeFileSync(path.join(dir, "broken/model.json"), JSON.stringify({ flavor: "labops.logistic-regression", features: FEATURES, weights: [1, 2], bias: 0 }));
  const cases: [string[], number, RegExp][] = [
    [["--model", path.join(dir, "model"), "--data", path.join(dir, "2015.csv"), "--target", "nope"], 1, /Column 'nope' is not in .*2015\.csv/],
    [["--model", path.join(dir, "missing"), "--data", path.join(dir, "2015.csv"), "--target", "rain"], 1, /--model '.*missing' is neither/],
    [["--model", path.join(dir, "model"), "--data", path.join(dir, "none.csv"), "--target", "rain"], 1, /--data file '.*none\.csv' cannot be read/],
    [["--model", "x", "--predictions", path.join(dir, "2015.csv"), "--data", path.join(dir, "2015.csv"), "--target", "rain"], 1, /has no 'prediction', 'label', 'probability'/],
    [["--data", path.join(dir, "2015.csv"), "--target", "rain"], 2, /--model URI is required/],
    [["--model", path.join(dir, "broken"), "--data", path.join(dir, "2015.csv"), "--target", "rain"], 1, /'weights' must be 7 finite numbers, one per feature/],
    [["--model", path.join(dir, "model"), "--data", path.join(dir, "2015.csv"), "--target", "rain", "--gates", path.join(dir, "none.yaml")], 1, /none\.yaml/],
  ];
  for (const [args, code, message] of cases) {
    const r = labops(["evaluate", ...args]);
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.equal((await new LabopsClient(store).searchRuns(["0"])).runs.length, before);
});
