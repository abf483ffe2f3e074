// `labops evaluate` and `%evaluate`: a model or its predictions against labelled data, with validation gates.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { EvaluationOutcome } from "./run-evaluation";

/** The exit code when the evaluation ran but a validation gate failed. */
export const GATE_FAILED_EXIT = 3;

function summary(o: EvaluationOutcome): string {
  const { formatNumber }: typeof import("../../../src/present/format") = require("../../../src/present/format");
  const { evaluationMetrics }: typeof import("../../../src/evaluation/gates") = require("../../../src/evaluation/gates");
  const lines = [`Evaluated ${o.model} on ${o.rows} rows; logged to run ${o.runId}.`];
  const metrics = evaluationMetrics(o.evaluation);
  const byGate = new Map(o.gates.gates.map((g) => [g.gate, g]));
  for (const [k, v] of Object.entries(metrics)) {
    const g = byGate.get(k);
    lines.push(`  ${k.padEnd(20)} ${formatNumber(v).padStart(10)}${g ? `  ${g.passed ? "pass" : "FAIL"} ${g.op} ${formatNumber(g.threshold)}` : ""}`);
  }
  for (const g of o.gates.gates) if (!(g.gate in metrics)) lines.push(`  ${g.gate.padEnd(20)} ${formatNumber(g.observed).padStart(10)}  ${g.passed ? "pass" : "FAIL"} ${g.op} ${formatNumber(g.threshold)}`);
  if (o.importance) {
    const order = o.featureNames.map((f, i) => [f, o.importance!.importancesMean[i]!] as const).sort((a, b) => b[1] - a[1]);
    lines.push(`Permutation importance (accuracy drop): ${order.map(([f, v]) => `${f} ${formatNumber(v)}`).join(", ")}`);
  }
  lines.push(o.gates.passed ? `All ${o.gates.gates.length} gates passed.` : `${o.gates.failed.length} of ${o.gates.gates.length} gates failed: ${o.gates.failed.map((g) => `${g.gate} (${g.reason})`).join("; ")}`);
  for (const s of o.gates.skipped) lines.push(`  skipped ${s.gate}: ${s.reason}`);
  return lines.join("\n");
}

export const evaluateCommand = defineCommand({
  name: "evaluate",
  summary: "Evaluate a model (or its predictions) on labelled data against validation gates; logs metrics, gates and a model card. Exit 3 when a gate fails.",
  surfaces: ["cli", "line"],
  options: [
    { name: "model", type: "string", value: "URI", required: true, description: "models:/NAME/VERSION, models:/NAME@ALIAS, runs:/RUN_ID/PATH or a model folder." },
    { name: "data", type: "string", value: "FILE", required: true, description: "Labelled data: CSV, JSONL or a JSON array, with the model's feature columns." },
    { name: "target", type: "string", value: "COL", required: true, description: "The column holding the true label." },
    { name: "gates", type: "string", value: "FILE", description: "Gate settings (JSON or YAML); default labops' gates." },
    { name: "sensitive", type: "string", value: "COL", description: "A column to check group fairness across (binary classifiers)." },
    { name: "champion", type: "string", value: "URI", description: "The model to beat: evaluated on the same data, or its registered metrics." },
    { name: "predictions", type: "string", value: "FILE", description: "Predictions made elsewhere (prediction/label, probability or proba_<class> columns), one row per data row." },
    { name: "run-id", type: "string", value: "RUN_ID", description: "Log to this run; default the active run, the model's run (runs:/), else a new run." },
    { name: "experiment", type: "string", value: "NAME", description: "Experiment of the new run, when one is made." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const o = args.options;
    const { runEvaluation }: typeof import("./run-evaluation") = require("./run-evaluation");
    return runEvaluation({ model: o.model!, data: o.data!, target: o.target!, gates: o.gates, sensitive: o.sensitive, champion: o.champion, predictions: o.predictions, runId: o["run-id"], experiment: o.experiment }, context);
  },
  text: summary,
  json(o) {
    const { toJsonSafe, evaluationMetrics }: typeof import("../../../src/evaluation") = require("../../../src/evaluation");
    return toJsonSafe({ model: o.model, runId: o.runId, rows: o.rows, passed: o.gates.passed, metrics: evaluationMetrics(o.evaluation), gates: o.gates, fairness: o.fairness, importance: o.importance && { featureNames: o.featureNames, importancesMean: o.importance.importancesMean, importancesStd: o.importance.importancesStd }, champion: o.champion });
  },
  exitCode: (o) => (o.gates.passed ? 0 : GATE_FAILED_EXIT),
  view(o) {
    const { evaluationView }: typeof import("./evaluation-view") = require("./evaluation-view");
    return evaluationView(o, summary(o));
  },
});
