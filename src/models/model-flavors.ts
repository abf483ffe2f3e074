// Model flavors: how a model folder turns into a predictor, keyed by model.json's `flavor` (or `format`). The one
// seam evaluation and serving load models through, and the training engine plugs into (registerModelFlavor).

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import type { Label } from "../evaluation/labels";

/** A loaded model: predicts rows of numbers in `featureNames` order. */
export interface ModelPredictor {
  flavor: string;
  task: "classification" | "regression";
  featureNames: string[];
  /** Classification: the classes, in the order of predictProba's columns. */
  classes?: Label[];
  /** One label (classification) or value (regression) per row. */
  predict(rows: number[][]): Label[] | Promise<Label[]>;
  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba?(rows: number[][]): number[][] | Promise<number[][]>;
}

/** Reads a model folder whose model.json names this flavor; `json` is that file, parsed. */
export type FlavorLoader = (dir: string, json: Record<string, unknown>) => ModelPredictor | Promise<ModelPredictor>;

/** The demo's logistic regression (src/models/logistic-regression-flavor.ts). */
export const LOGISTIC_REGRESSION_FLAVOR = "labops.logistic-regression";
const ENGINE_FLAVOR = "labops.engine-model";

const flavors = new Map<string, FlavorLoader>();

/** Flavors labops ships, registered when first asked for (the engine's pulls in tfjs). */
const BUILT_IN: Record<string, () => unknown> = {
  [LOGISTIC_REGRESSION_FLAVOR]: () => require("./logistic-regression-flavor"),
  [ENGINE_FLAVOR]: () => require("../engine/engine-flavor"),
};

/** Names model folders saved before serving and evaluation shared this seam still carry. */
const FORMER_NAMES: Record<string, string> = { "logistic-regression": LOGISTIC_REGRESSION_FLAVOR };

/** Adds (or replaces) how models of a flavor load. */
export function registerModelFlavor(name: string, load: FlavorLoader): void {
  if (typeof name !== "string" || name.trim() === "") throw invalidParameter(`registerModelFlavor: the flavor name ${JSON.stringify(name)} must be a non-empty string.`);
  if (typeof load !== "function") throw invalidParameter(`registerModelFlavor('${name}'): load must be a function (dir, modelJson) => predictor.`);
  flavors.set(name, load);
}

export function modelFlavors(): string[] {
  return [...flavors.keys()].sort();
}

function loaderFor(name: string): FlavorLoader | undefined {
  const flavor = FORMER_NAMES[name] ?? name;
  if (!flavors.has(flavor)) BUILT_IN[flavor]?.(); // registers itself
  return flavors.get(flavor);
}

function readJson(file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw invalidParameter(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalidParameter(`${file} must hold a JSON object.`);
  return v as Record<string, unknown>;
}

/**
 * The predictor of a model folder (or its model.json): by model.json's `flavor`; a folder with only the demo's
 * weights.json reads as the logistic regression. Null when the folder has neither.
 */
export async function loadPredictor(location: string): Promise<ModelPredictor | null> {
  const isDir = fs.statSync(location, { throwIfNoEntry: false })?.isDirectory();
  if (isDir === undefined) throw invalidParameter(`Model path '${location}' does not exist.`);
  const dir = isDir ? location : path.dirname(location);
  const modelJson = isDir ? path.join(dir, "model.json") : location.endsWith(".json") ? location : "";
  if (modelJson && fs.existsSync(modelJson)) {
    const json = readJson(modelJson);
    const flavor = json.flavor ?? json.format;
    if (typeof flavor !== "string") return null;
    const load = loaderFor(flavor);
    if (!load) throw invalidParameter(`No loader for model flavor '${flavor}' (${modelJson}); known: ${modelFlavors().join(", ")}. Register one with registerModelFlavor.`);
    return load(dir, json);
  }
  const weights = path.join(dir, "weights.json");
  if (isDir && fs.existsSync(weights)) return loaderFor(LOGISTIC_REGRESSION_FLAVOR)!(dir, readJson(weights));
  return null;
}
