// The demo's logistic regression as a model flavor: model.json (or the demo job's weights.json) holds feature
// names, weights, bias, an optional standardizer and decision threshold; predicts class 1 or 0 with probabilities.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import { LOGISTIC_REGRESSION_FLAVOR, registerModelFlavor, type ModelPredictor } from "./model-flavors";

export interface LogisticModelJson {
  features: string[];
  weights: number[];
  bias: number;
  /** Standardization applied before the weights (as the demo's fitStandardizer). */
  scaler?: { mean: number[]; std: number[] };
  /** Class 1 from this probability on (default 0.5). */
  threshold?: number;
}

const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && Number.isFinite(x));

function checkModel(json: Record<string, unknown>, where: string): LogisticModelJson {
  const { features, weights, bias, scaler, threshold } = json as Partial<Record<keyof LogisticModelJson, unknown>>;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === "string")) throw invalidParameter(`${where} has no 'features' list of column names.`);
  const d = features.length;
  if (!isNumbers(weights, d)) throw invalidParameter(`${where}: 'weights' must be ${d} finite numbers, one per feature.`);
  if (typeof bias !== "number" || !Number.isFinite(bias)) throw invalidParameter(`${where}: 'bias' must be a finite number.`);
  if (scaler !== undefined && scaler !== null) {
    const s = scaler as { mean?: unknown; std?: unknown };
    if (!isNumbers(s.mean, d) || !isNumbers(s.std, d) || s.std.some((v) => !(v > 0))) throw invalidParameter(`${where}: 'scaler' must hold 'mean' and 'std', ${d} numbers each, the stds positive.`);
  }
  if (threshold !== undefined && !(typeof threshold === "number" && threshold > 0 && threshold < 1)) throw invalidParameter(`${where}: 'threshold' must be a number between 0 and 1, got ${JSON.stringify(threshold)}.`);
  return json as unknown as LogisticModelJson;
}

/** Writes a model folder (model.json) that `labops serve`, `labops evaluate` and loadPredictor read. */
export function saveLogisticModel(dir: string, model: LogisticModelJson): string {
  checkModel({ ...model }, `The model for ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ flavor: LOGISTIC_REGRESSION_FLAVOR, ...model }, null, 2));
  return dir;
}

export function logisticPredictor(json: Record<string, unknown>, where = "The logistic model"): ModelPredictor {
  const { features, weights, bias, scaler, threshold = 0.5 } = checkModel(json, where);
  const d = features.length;
  const proba = (x: number[]) => {
    let z = bias;
    for (let j = 0; j < d; j++) z += weights[j]! * (scaler ? (x[j]! - scaler.mean[j]!) / scaler.std[j]! : x[j]!);
    return 1 / (1 + Math.exp(-z));
  };
  return {
    flavor: LOGISTIC_REGRESSION_FLAVOR,
    task: "classification",
    featureNames: features,
    classes: [0, 1],
    predictProba: (rows) => rows.map((x) => {
      const p = proba(x);
      return [1 - p, p];
    }),
    predict: (rows) => rows.map((x) => (proba(x) >= threshold ? 1 : 0)),
  };
}

registerModelFlavor(LOGISTIC_REGRESSION_FLAVOR, (dir, json) => logisticPredictor(json, `The model in ${dir}`));
