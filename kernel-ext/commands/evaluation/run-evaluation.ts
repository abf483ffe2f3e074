// What `labops evaluate` does: a model (through its flavor) or a predictions file against labelled data,
// with gates, fairness, a champion and permutation importance, logged to a run with a model card.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../../../src/core/errors";
import type { CommandContext } from "../../../src/cli/command";
import type { ClassificationEvaluation, FairnessReport, GateResult, ModelCard, ModelPredictor, PermutationImportance, RegressionEvaluation } from "../../../src/evaluation";
import type { Label } from "../../../src/evaluation/labels";

export interface EvaluateOptions {
  model: string;
  data: string;
  target: string;
  gates?: string;
  sensitive?: string;
  champion?: string;
  predictions?: string;
  runId?: string;
  experiment?: string;
}

export interface EvaluationOutcome {
  model: string;
  runId: string;
  rows: number;
  featureNames: string[];
  evaluation: ClassificationEvaluation | RegressionEvaluation;
  gates: GateResult;
  fairness: { feature: string; report: FairnessReport } | null;
  importance: PermutationImportance | null;
  champion: { uri: string; metrics: Record<string, number>; from: "evaluated" | "registered" } | null;
  card: ModelCard;
}

type Row = Record<string, unknown>;

/** A CSV with a header, JSON Lines, or a JSON array of objects. */
export function readRows(file: string, what: string): Row[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw invalidParameter(`${what} file '${file}' cannot be read; give an existing CSV or JSONL file.`);
  }
  const ext = path.extname(file).toLowerCase();
  let rows: unknown[];
  if (ext === ".jsonl" || ext === ".ndjson") {
    rows = text.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw invalidParameter(`${what} file '${file}': line ${i + 1} is not JSON.`);
      }
    });
  } else if (ext === ".json") {
    try {
      rows = JSON.parse(text);
    } catch {
      throw invalidParameter(`${what} file '${file}' is not valid JSON.`);
    }
    if (!Array.isArray(rows)) throw invalidParameter(`${what} file '${file}' must hold a JSON array of row objects.`);
  } else {
    const { parseCsv }: typeof import("../../../src/data/csv") = require("../../../src/data/csv");
    rows = parseCsv(text, file);
  }
  if (rows.length === 0) throw invalidParameter(`${what} file '${file}' has no rows.`);
  if (!rows.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) throw invalidParameter(`${what} file '${file}': every row must be an object of columns.`);
  return rows as Row[];
}

/** A column's values; numbers when every value reads as one (CSV gives text). */
function labelColumn(rows: Row[], column: string, file: string): Label[] {
  if (!(column in rows[0]!)) throw invalidParameter(`Column '${column}' is not in ${file}; its columns: ${Object.keys(rows[0]!).join(", ")}.`);
  const raw = rows.map((r, i) => {
    const v = r[column];
    if (v === undefined || v === null || v === "") throw invalidParameter(`Column '${column}' of ${file} is empty in row ${i + 1}.`);
    return typeof v === "number" ? v : String(v);
  });
  return raw.every((v) => typeof v === "number" || (v.trim() !== "" && Number.isFinite(Number(v)))) ? raw.map(Number) : raw;
}

function featureMatrix(rows: Row[], names: string[], file: string): number[][] {
  for (const n of names) if (!(n in rows[0]!)) throw invalidParameter(`The model needs column '${n}', which ${file} lacks; its columns: ${Object.keys(rows[0]!).join(", ")}.`);
  return rows.map((r, i) =>
    names.map((n) => {
      const v = Number(r[n]);
      if (r[n] === "" || r[n] === null || !Number.isFinite(v)) throw invalidParameter(`Column '${n}' of ${file}, row ${i + 1}: ${JSON.stringify(r[n])} is not a number.`);
      return v;
    }),
  );
}

/** A model URI or folder as a local folder. */
async function modelFolder(uri: string, context: CommandContext): Promise<string> {
  if (/^(models|runs):\//.test(uri)) return (await context.registry().loadModel(uri)).path;
  if (!fs.existsSync(uri)) throw invalidParameter(`--model '${uri}' is neither a models:/ or runs:/ URI nor an existing folder.`);
  return path.resolve(uri);
}

async function predictorFor(uri: string, context: CommandContext): Promise<ModelPredictor | null> {
  const { loadPredictor }: typeof import("../../../src/evaluation") = require("../../../src/evaluation");
  return loadPredictor(await modelFolder(uri, context));
}

interface Predictions {
  yPred?: Label[];
  yProba?: number[][];
  classes?: Label[];
}

/** Predictions from a file: `prediction` (or `label`) and `proba_<class>` columns (or `probability` of the positive class). */
function readPredictions(file: string, n: number, yTrue: Label[]): Predictions {
  const rows = readRows(file, "--predictions");
  if (rows.length !== n) throw invalidParameter(`--predictions '${file}' has ${rows.length} rows; the data has ${n}: give one prediction per data row, in order.`);
  const cols = Object.keys(rows[0]!);
  const labelCol = cols.find((c) => c === "prediction") ?? cols.find((c) => c === "label");
  const probaCols = cols.filter((c) => c.startsWith("proba_"));
  const out: Predictions = {};
  if (labelCol) out.yPred = labelColumn(rows, labelCol, file);
  const numeric = yTrue.every((v) => typeof v === "number");
  const asNumber = (col: string, r: Row, i: number) => {
    const v = Number(r[col]);
    if (r[col] === "" || !Number.isFinite(v)) throw invalidParameter(`Column '${col}' of ${file}, row ${i + 1}: ${JSON.stringify(r[col])} is not a probability.`);
    return v;
  };
  if (probaCols.length) {
    out.classes = probaCols.map((c) => c.slice("proba_".length)).map((c) => (numeric && Number.isFinite(Number(c)) ? Number(c) : c));
    out.yProba = rows.map((r, i) => probaCols.map((c) => asNumber(c, r, i)));
  } else if (cols.includes("probability")) {
    out.yProba = rows.map((r, i) => {
      const p = asNumber("probability", r, i);
      return [1 - p, p];
    });
  }
  if (!out.yPred && !out.yProba) throw invalidParameter(`--predictions '${file}' has no 'prediction', 'label', 'probability' or 'proba_<class>' column; its columns: ${cols.join(", ")}.`);
  return out;
}

/** The run to log to: --run-id, the active run, the model's own run (runs:/), else a new run. */
async function logRun(options: EvaluateOptions, context: CommandContext): Promise<{ runId: string; created: boolean }> {
  if (options.runId) return { runId: (await context.client.getRun(options.runId)).info.runId, created: false };
  const { activeRun }: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
  const active = activeRun();
  if (active) return { runId: active.runId, created: false };
  const m = /^runs:\/([^/]+)\//.exec(options.model);
  if (m) return { runId: (await context.client.getRun(m[1]!)).info.runId, created: false };
  let experimentId = "0";
  if (options.experiment) experimentId = (await context.client.getExperimentByName(options.experiment))?.experimentId ?? (await context.client.createExperiment(options.experiment));
  const run = await context.client.createRun(experimentId, { runName: `evaluate ${options.model}`.slice(0, 250) });
  return { runId: run.info.runId, created: true };
}

export async function runEvaluation(options: EvaluateOptions, context: CommandContext): Promise<EvaluationOutcome> {
  const ev: typeof import("../../../src/evaluation") = require("../../../src/evaluation");
  const config = options.gates ? ev.loadGateConfig(options.gates) : undefined;
  const rows = readRows(options.data, "--data");
  const yTrue = labelColumn(rows, options.target, options.data);
  const sensitive = options.sensitive ? labelColumn(rows, options.sensitive, options.data) : null;
  // Everything is read and checked before anything is logged: a failed call changes nothing.
  let predictor: ModelPredictor | null = null;
  let X: number[][] = [];
  let preds: Predictions;
  if (options.predictions) {
    preds = readPredictions(options.predictions, rows.length, yTrue);
  } else {
    predictor = await predictorFor(options.model, context);
    if (!predictor) throw invalidParameter(`The model at ${options.model} has no model.json with a 'flavor' labops can load (known: ${ev.modelFlavors().join(", ")}); evaluate its predictions with --predictions FILE.`);
    X = featureMatrix(rows, predictor.featureNames, options.data);
    preds = { yPred: Array.from(await predictor.predict(X)), yProba: predictor.predictProba ? await predictor.predictProba(X) : undefined, classes: predictor.classes };
  }
  const regression = predictor?.task === "regression";
  const evaluation = evaluate(regression, yTrue, preds);
  let fairness: EvaluationOutcome["fairness"] = null;
  if (sensitive) {
    if (evaluation.task !== "classification" || evaluation.classes.length !== 2) throw invalidParameter(`--sensitive needs a binary classifier; this evaluation has ${evaluation.task === "classification" ? `${evaluation.classes.length} classes` : "a regressor"}.`);
    const yPred = preds.yPred ?? predictedLabels(evaluation, preds);
    fairness = { feature: options.sensitive!, report: ev.fairnessReport({ yTrue, yPred, sensitiveFeatures: sensitive, posLabel: evaluation.posLabel ?? undefined }) };
  }
  let champion: EvaluationOutcome["champion"] = null;
  if (options.champion) champion = await championMetrics(options.champion, rows, yTrue, options.data, context);
  const gates = ev.validateModel(evaluation, { config, championMetrics: champion?.metrics, fairness: fairness?.report });
  let importance: PermutationImportance | null = null;
  if (predictor) {
    const p = predictor;
    importance = await ev.permutationImportance((r) => p.predict(r) as never, X, yTrue as never, { scoring: regression ? "r2" : "accuracy", nRepeats: 5, randomState: 0 });
  }
  const featureNames = predictor?.featureNames ?? [];
  const card = ev.buildModelCard({
    name: options.model,
    intendedUse: `Evaluated on ${path.basename(options.data)} against its '${options.target}' column before registration.`,
    limitations: "Measured on one held-out data set; numbers on other periods or populations may differ.",
    data: { description: `Evaluation data: ${options.data}.`, evaluationRows: rows.length },
    features: featureNames.map((name) => ({ name, type: "number" })),
    evaluation,
    gates,
    fairness: fairness ?? undefined,
    importance: importance ? { featureNames, result: importance } : undefined,
  });
  const { runId, created } = await logRun(options, context);
  await ev.logEvaluation(evaluation, { runId });
  await ev.logGateResult(gates, { runId });
  await ev.logModelCard(card, { runId });
  if (fairness) await context.client.logDict(runId, ev.toJsonSafe(fairness), "evaluation/fairness.json");
  if (importance) await context.client.logDict(runId, ev.toJsonSafe({ featureNames, ...importance }), "evaluation/importance.json");
  if (created) await context.client.setTerminated(runId, "FINISHED");
  return { model: options.model, runId, rows: rows.length, featureNames, evaluation, gates, fairness, importance, champion, card };
}

function evaluate(regression: boolean, yTrue: Label[], preds: Predictions): ClassificationEvaluation | RegressionEvaluation {
  const ev: typeof import("../../../src/evaluation") = require("../../../src/evaluation");
  if (!regression) return ev.evaluateClassifier({ yTrue, yPred: preds.yPred, yProba: preds.yProba, labels: preds.classes });
  if (!yTrue.every((v) => typeof v === "number")) throw invalidParameter("A regressor needs a numeric target column; this one holds text.");
  return ev.evaluateRegressor({ yTrue: yTrue as number[], yPred: (preds.yPred ?? []).map(Number) });
}

function predictedLabels(evaluation: ClassificationEvaluation, preds: Predictions): Label[] {
  const classes = preds.classes ?? evaluation.classes;
  return preds.yProba!.map((row) => classes[row.indexOf(Math.max(...row))]!);
}

/** The champion's metrics on the same data when labops can load it; else the metrics registered with it. */
async function championMetrics(uri: string, rows: Row[], yTrue: Label[], file: string, context: CommandContext): Promise<NonNullable<EvaluationOutcome["champion"]>> {
  const ev: typeof import("../../../src/evaluation") = require("../../../src/evaluation");
  const predictor = await predictorFor(uri, context);
  if (predictor) {
    const X = featureMatrix(rows, predictor.featureNames, file);
    const preds = { yPred: Array.from(await predictor.predict(X)), yProba: predictor.predictProba ? await predictor.predictProba(X) : undefined, classes: predictor.classes };
    return { uri, metrics: ev.evaluationMetrics(evaluate(predictor.task === "regression", yTrue, preds)), from: "evaluated" };
  }
  if (!uri.startsWith("models:/")) throw invalidParameter(`--champion ${uri}: labops cannot load that model and it is not a registered version with metrics.`);
  const v = await context.registry().resolve(uri);
  if (!v.metrics || Object.keys(v.metrics).length === 0) throw invalidParameter(`--champion ${uri}: version ${v.version} has no loadable model and no registered metrics to compare with.`);
  return { uri, metrics: v.metrics, from: "registered" };
}
