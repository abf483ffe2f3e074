// The serving predictor seam: a model folder's format name -> load(folder) -> predict(features). The training
// engine registers its formats here later; today the logistic-regression family of the demo rain model serves.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import type { FeatureValue } from "../data/prediction-log";

export type ServingFeatures = Record<string, FeatureValue>;

export interface ServingPrediction {
  prediction: number | string;
  /** 0..1: the predicted class's probability, or the model's own score. */
  confidence: number;
}

export interface ServingPredictor {
  /** The feature names the model reads, in order. */
  readonly features: readonly string[];
  /** Throws a LabopsError naming the bad feature (serving answers it with 400). */
  predict(features: ServingFeatures): ServingPrediction;
}

export interface ServingFlavor {
  /** The `format` field of the folder's model.json. */
  format: string;
  load(folder: string, modelJson: Record<string, unknown>): ServingPredictor;
}

const flavors = new Map<string, ServingFlavor>();

/** Lets a model format be served; a later registration of the same format replaces the earlier one. */
export function registerServingFlavor(flavor: ServingFlavor): void {
  if (!flavor.format) throw invalidParameter("a serving flavor needs a non-empty format name.");
  flavors.set(flavor.format, flavor);
}

export function servingFormats(): string[] {
  return [...flavors.keys()].sort();
}

/** Loads a registered model folder for serving, by the `format` of its model.json. */
export function loadServingPredictor(folder: string): ServingPredictor {
  const file = fs.statSync(folder).isDirectory() ? path.join(folder, "model.json") : folder;
  if (!fs.existsSync(file)) throw invalidParameter(`'${folder}' has no model.json; serving reads a model folder with model.json naming its format.`);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const format = json?.format;
  const flavor = typeof format === "string" ? flavors.get(format) : undefined;
  if (!flavor) throw invalidParameter(`${file}: format ${JSON.stringify(format)} cannot be served; known formats: ${servingFormats().join(", ")}.`);
  return flavor.load(path.dirname(file), json);
}
