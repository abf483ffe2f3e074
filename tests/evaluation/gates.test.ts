// Validation gates: defaults, settings from JSON and YAML, champion and fairness gates, logging on a run, refusal.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, test } from "node:test";
import * as labops from "../../src";
import { isLabopsError } from "../../src/core/errors";
import {
  assertGatesPass,
  buildModelCard,
  DEFAULT_GATES,
  evaluateClassifier,
  evaluateRegressor,
  fairnessReport,
  loadGateConfig,
  logEvaluation,
  logGateResult,
  logModelCard,
  parseGateConfig,
  parseYamlSubset,
  validateModel,
} from "../../src/evaluation";
import { tempDir } from "../helpers/temp-dir";
import { fixture } from "./fixtures";

const cls = fixture<{ cases: any[] }>("classification.json").cases;
const fair = fixture<{ cases: any[] }>("fairness.json").cases;
const cancer = cls.find((c) => c.name === "breast-cancer")!;
const iris = cls.find((c) => c.name === "iris")!;
// The iris model with class 2 never predicted: precision and recall of class 2 are 0, no probabilities.
const weakIris = cls.find((c) => c.name === "iris-never-predicted")!;

afterEach(async () => {
  while (labops.activeRun()) await labops.endRun();
});

test("defaults are the seed validator's: accuracy, macro F1 >= 0.65, per-class precision/recall >= 0.60, mean confidence >= 0.70", () => {
  assert.deepEqual(
    [DEFAULT_GATES.accuracy, DEFAULT_GATES.f1Macro, DEFAULT_GATES.perClassPrecision, DEFAULT_GATES.perClassRecall, DEFAULT_GATES.meanConfidence, DEFAULT_GATES.champion.minRelativeImprovement],
    [0.65, 0.65, 0.6, 0.6, 0.7, 0.02],
  );
  const good = validateModel(evaluateClassifier({ yTrue: cancer.yTrue, yPred: cancer.yPred, yProba: cancer.proba }));
  assert.equal(good.passed, true, JSON.stringify(good.failed));
  assert.deepEqual(good.gates.map((g) => g.gate), ["accuracy", "f1Macro", "precision[0]", "recall[0]", "precision[1]", "recall[1]", "meanConfidence"]);

  // The two-feature iris model passes (accuracy 0.83, mean confidence 0.72, every class >= 0.7)...
  assert.equal(validateModel(evaluateClassifier({ yTrue: iris.yTrue, yPred: iris.yPred, yProba: iris.proba, labels: iris.classes })).passed, true);
  // ...until class 2 is never predicted: the failures are named with observed value and threshold.
  const ev = evaluateClassifier({ yTrue: weakIris.yTrue, yPred: weakIris.yPred });
  const weak = validateModel(ev);
  assert.equal(weak.passed, false);
  assert.deepEqual(weak.failed.map((g) => g.gate), ["f1Macro", "precision[1]", "precision[2]", "recall[2]", "meanConfidence"]);
  const f = weak.failed[0]!;
  assert.match(f.reason, /is [\d.]+; needs >= /);
  assert.ok(f.observed < f.threshold);
});

test("a gate file in JSON or YAML overrides defaults; null turns a gate off; typos and unsupported YAML are refused", () => {
  const dir = tempDir();
  const yaml = path.join(dir, "gates.yaml");
  fs.writeFileSync(
    yaml,
    [
      "# gates for the iris model",
      "gates:",
      "  accuracy: 0.5   # lower bar",
      "  perClassPrecision: null",
      "  perClassRecall: ~",
      "  metrics:",
      "    rocAuc: { min: 0.8 }".replace("{ min: 0.8 }", ""),
      "      min: 0.8",
      "  champion:",
      "    minRelativeImprovement: 0.05",
      "    metrics: [accuracy, rocAuc]",
      "  fairness:",
      "    equalizedOddsDifference: 0.2",
    ].join("\n"),
  );
  const fromYaml = loadGateConfig(yaml);
  const json = path.join(dir, "gates.json");
  fs.writeFileSync(json, JSON.stringify({ accuracy: 0.5, perClassPrecision: null, perClassRecall: null, metrics: { rocAuc: { min: 0.8 } }, champion: { minRelativeImprovement: 0.05, metrics: ["accuracy", "rocAuc"] }, fairness: { equalizedOddsDifference: 0.2 } }));
  assert.deepEqual(fromYaml, loadGateConfig(json));
  assert.equal(fromYaml.f1Macro, 0.65, "unset gates keep their defaults");
  assert.equal(fromYaml.perClassRecall, null);

  assert.throws(() => parseGateConfig('{"acuracy": 0.7}'), /Unknown gate setting acuracy; known: accuracy/);
  assert.throws(() => parseGateConfig("accuracy: high"), /accuracy is "high"; give a number/);
  assert.throws(() => parseGateConfig("base: &b\n  accuracy: 0.7"), /line 1 uses YAML beyond the subset/);
  assert.throws(() => parseGateConfig("accuracy: 0.7\n\taccuracy: 0.8"), /line 2 indents with a tab/);
  assert.throws(() => parseGateConfig("{ not json"), /not valid JSON/);
  assert.throws(() => loadGateConfig(path.join(dir, "missing.yaml")), /Cannot read the gate file/);
  assert.deepEqual(parseYamlSubset("a:\n  - 1\n  - 'two # not a comment'\nb: \"x\"\nc:\n"), { a: [1, "two # not a comment"], b: "x", c: null });
});

test("champion gates need the relative improvement; fairness limits use the fairness report", () => {
  const ev = evaluateClassifier({ yTrue: cancer.yTrue, yPred: cancer.yPred, yProba: cancer.proba });
  const config = { champion: { metrics: ["accuracy", "logLoss"] } };
  const beaten = validateModel(ev, { config, championMetrics: { accuracy: ev.accuracy / 1.03, logLoss: ev.probabilities!.logLoss * 1.1 } });
  assert.equal(beaten.passed, true, JSON.stringify(beaten.failed));
  const close = validateModel(ev, { config, championMetrics: { accuracy: ev.accuracy / 1.01 } });
  assert.deepEqual(close.failed.map((g) => g.gate), ["champion.accuracy"], "1% better is not the 2% needed");
  assert.deepEqual(close.skipped, [{ gate: "champion.logLoss", reason: "the champion has no value for logLoss" }]);
  assert.equal(close.failed[0]!.threshold, (ev.accuracy / 1.01) * 1.02);

  const pf = fair.find((c) => c.name === "penguins-sex")!;
  const report = fairnessReport({ yTrue: pf.yTrue, yPred: pf.yPred, sensitiveFeatures: pf.sensitive });
  const pev = evaluateClassifier({ yTrue: pf.yTrue, yPred: pf.yPred });
  const r = validateModel(pev, { config: { meanConfidence: null, fairness: { equalizedOddsDifference: 0.1, demographicParityRatio: 0.7 } }, fairness: report });
  const byGate = Object.fromEntries(r.gates.map((g) => [g.gate, g]));
  assert.equal(byGate["fairness.equalizedOddsDifference"]!.passed, pf.equalizedOddsDifference <= 0.1);
  assert.equal(byGate["fairness.demographicParityRatio"]!.passed, pf.demographicParityRatio >= 0.7);
  assert.equal(byGate["fairness.equalizedOddsDifference"]!.observed, report.equalizedOddsDifference);
  // Without probabilities the mean-confidence gate fails and says why.
  const noProba = validateModel(pev);
  assert.match(noProba.failed.find((g) => g.gate === "meanConfidence")!.reason, /needs predicted probabilities/);
  assert.throws(() => validateModel(pev, { config: { metrics: { rocAuc: { min: 0.9 } } } }), /no such metric; known: accuracy/);
  const reg = evaluateRegressor({ yTrue: [1, 2, 3, 4], yPred: [1.1, 1.9, 3.2, 3.9] });
  assert.equal(validateModel(reg, { config: { metrics: { r2: { min: 0.9 }, rmse: { max: 0.05 } } } }).failed.map((g) => g.gate).join(), "rmse");
});

test("assertGatesPass throws a LabopsError listing failed gates, unless forced (then an audit note)", () => {
  const ev = evaluateClassifier({ yTrue: weakIris.yTrue, yPred: weakIris.yPred });
  const result = validateModel(ev);
  assert.throws(
    () => assertGatesPass(result),
    (e: unknown) => isLabopsError(e, "INVALID_STATE") && /failed \d+ validation gates?: /.test((e as Error).message) && (e as Error).message.includes(result.failed[0]!.gate),
  );
  const forced = assertGatesPass(result, { force: true });
  assert.equal(forced.forced, true);
  assert.match(forced.auditNote!, /Registered despite \d+ failed validation gates? \(forced\)/);
  assert.deepEqual(assertGatesPass(validateModel(ev, { config: { accuracy: 0, f1Macro: 0, perClassPrecision: 0, perClassRecall: 0, meanConfidence: null } })), { forced: false, auditNote: null });
});

test("logGateResult, logEvaluation and logModelCard write tags, metrics and artifacts on the run", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const ev = evaluateClassifier({ yTrue: iris.yTrue, yPred: iris.yPred, yProba: iris.proba, labels: iris.classes });
  const result = validateModel(ev, { config: { accuracy: 0.9 } });
  await assert.rejects(logGateResult(result), /start one \(startRun \/ withRun\) or pass runId/);
  const runId = await labops.withRun({ runName: "eval" }, async (run) => {
    await logGateResult(result);
    await logEvaluation(ev);
    const card = buildModelCard({ name: "iris", intendedUse: "Teaching.", limitations: "Two features only.", data: { description: "Iris test split." }, features: [{ name: "sepal length" }], evaluation: ev, gates: result });
    await logModelCard(card);
    return run.runId;
  });
  const client = labops.getClient();
  const run = await client.getRun(runId);
  assert.equal(run.data.tags["labops.gates.passed"], "false");
  assert.equal(run.data.tags["labops.gates.accuracy"], "fail");
  assert.equal(run.data.tags["labops.gates.precision.setosa"], "pass");
  assert.equal(Object.keys(run.data.tags).filter((k) => k.startsWith("labops.gates.")).length, result.gates.length + 1);
  assert.equal(run.data.metrics.accuracy, ev.accuracy);
  assert.equal(run.data.metrics.rocAucOvrWeighted, ev.probabilities!.rocAucOvrWeighted);
  const names = (await client.listArtifacts(runId, "evaluation")).map((f) => f.path).sort();
  assert.deepEqual(names, ["evaluation/gates.json", "evaluation/report.json"]);
  const gatesJson = JSON.parse(fs.readFileSync(await client.downloadArtifacts(runId, "evaluation/gates.json"), "utf8"));
  assert.equal(gatesJson.passed, false);
  assert.equal(gatesJson.failed.length, result.failed.length);
  const report = JSON.parse(fs.readFileSync(await client.downloadArtifacts(runId, "evaluation/report.json"), "utf8"));
  assert.equal(report.probabilities.rocCurve, null);
  assert.ok(Array.isArray(report.probabilities.calibration.probTrue));
  const md = fs.readFileSync(await client.downloadArtifacts(runId, "model_card.md"), "utf8");
  assert.match(md, /^# Model card: iris/);
  assert.ok(fs.readFileSync(await client.downloadArtifacts(runId, "model_card.html"), "utf8").startsWith("<!DOCTYPE html>"));
});
