// The "logistic-regression" serving format (the demo rain model): model.json holds feature names, weights,
// bias and an optional standardizer; predicts class 1 or 0 with the predicted class's probability.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import { registerServingFlavor, type ServingFeatures, type ServingPredictor } from "./serving-flavors";

export const LOGISTIC_FORMAT = "logistic-regression";

export interface LogisticModelJson {
  format: typeof LOGISTIC_FORMAT;
  features: string[];
  weights: number[];
  bias: number;
  /** Standardization applied before the weights (as the demo's fitStandardizer). */
  scaler?: { mean: number[]; std: number[] };
  threshold?: number;
}

/** Writes a logistic model folder (model.json) that `labops serve` can load. */
export function saveLogisticModel(dir: string, model: Omit<LogisticModelJson, "format">): string {
  checkModel({ format: LOGISTIC_FORMAT, ...model }, dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ format: LOGISTIC_FORMAT, ...model }, null, 2));
  return dir;
}

function checkModel(m: LogisticModelJson, where: string): void {
  const d = m.features?.length;
  if (!Array.isArray(m.features) || !d || m.features.some((f) => typeof f !== "string")) throw invalidParameter(`${where}: features must be a non-empty list of names.`);
  if (!Array.isArray(m.weights) || m.weights.length !== d || m.weights.some((w) => !Number.isFinite(w))) throw invalidParameter(`${where}: weights must be ${d} finite numbers, one per feature.`);
  if (!Number.isFinite(m.bias)) throw invalidParameter(`${where}: bias must be a finite number.`);
  if (m.scaler && (m.scaler.mean?.length !== d || m.scaler.std?.length !== d || m.scaler.std.some((s) => !(s > 0)))) throw invalidParameter(`${where}: scaler needs ${d} means and ${d} positive stds.`);
}

export function logisticPredictor(m: LogisticModelJson): ServingPredictor {
  checkModel(m, "model.json");
  const threshold = m.threshold ?? 0.5;
  return {
    features: m.features,
    predict(features: ServingFeatures) {
      let z = m.bias;
      for (let j = 0; j < m.features.length; j++) {
        const name = m.features[j]!;
        const v = features[name];
        if (typeof v !== "number" || !Number.isFinite(v)) throw invalidParameter(`features.${name} must be a finite number; got ${JSON.stringify(v)}.`);
        const x = m.scaler ? (v - m.scaler.mean[j]!) / m.scaler.std[j]! : v;
        z += m.weights[j]! * x;
      }
      const p = 1 / (1 + Math.exp(-z));
      return p >= threshold ? { prediction: 1, confidence: p } : { prediction: 0, confidence: 1 - p };
    },
  };
}

registerServingFlavor({ format: LOGISTIC_FORMAT, load: (_folder, json) => logisticPredictor(json as unknown as LogisticModelJson) });
