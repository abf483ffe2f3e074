// Model flavors: how a model folder turns into a predict function, keyed by model.json's `flavor`. The seam the
// training engine plugs into (registerModelFlavor); labops ships the linear logistic model the demo trains.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import type { Label } from "./labels";

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

const flavors = new Map<string, FlavorLoader>();

/** Adds (or replaces) how models of a flavor load. */
export function registerModelFlavor(name: string, load: FlavorLoader): void {
  if (typeof name !== "string" || name.trim() === "") throw invalidParameter(`registerModelFlavor: the flavor name ${JSON.stringify(name)} must be a non-empty string.`);
  if (typeof load !== "function") throw invalidParameter(`registerModelFlavor('${name}'): load must be a function (dir, modelJson) => predictor.`);
  flavors.set(name, load);
}

export function modelFlavors(): string[] {
  return [...flavors.keys()].sort();
}

const isNumbers = (v: unknown, n?: number): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x)) && (n === undefined || v.length === n);

/** The demo's logistic regression: { features, weights, bias, scaler: { mean, std } } (src/demo/main-job.ts). */
export const LOGISTIC_REGRESSION_FLAVOR = "labops.logistic-regression";

function loadLogisticRegression(dir: string, json: Record<string, unknown>): ModelPredictor {
  const { features, weights, bias } = json;
  const scaler = (json.scaler ?? null) as { mean?: unknown; std?: unknown } | null;
  const where = `The model in ${dir}`;
  if (!Array.isArray(features) || !features.every((f) => typeof f === "string")) throw invalidParameter(`${where} has no 'features' list of column names.`);
  const d = features.length;
  if (!isNumbers(weights, d)) throw invalidParameter(`${where}: 'weights' must be ${d} finite numbers, one per feature.`);
  if (typeof bias !== "number" || !Number.isFinite(bias)) throw invalidParameter(`${where}: 'bias' must be a finite number.`);
  if (scaler !== null && (!isNumbers(scaler.mean, d) || !isNumbers(scaler.std, d))) throw invalidParameter(`${where}: 'scaler' must hold 'mean' and 'std', ${d} numbers each.`);
  const mean = (scaler?.mean as number[] | undefined) ?? new Array<number>(d).fill(0);
  const std = (scaler?.std as number[] | undefined) ?? new Array<number>(d).fill(1);
  const proba = (x: number[]) => {
    let z = bias;
    for (let j = 0; j < d; j++) z += weights[j]! * ((x[j]! - mean[j]!) / std[j]!);
    return 1 / (1 + Math.exp(-z));
  };
  const predictProba = (rows: number[][]) => rows.map((x) => {
    const p = proba(x);
    return [1 - p, p];
  });
  return {
    flavor: LOGISTIC_REGRESSION_FLAVOR,
    task: "classification",
    featureNames: features as string[],
    classes: [0, 1],
    predictProba,
    predict: (rows) => rows.map((x) => (proba(x) >= 0.5 ? 1 : 0)),
  };
}

registerModelFlavor(LOGISTIC_REGRESSION_FLAVOR, loadLogisticRegression);

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
 * weights.json reads as the logistic regression. Null when the folder has neither (evaluate with predictions).
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
    if (!flavors.has(flavor) && flavor === "labops.engine-model") require("../engine/engine-flavor"); // registers itself
    const load = flavors.get(flavor);
    if (!load) throw invalidParameter(`No loader for model flavor '${flavor}' (${modelJson}); known: ${modelFlavors().join(", ")}. Register one with registerModelFlavor, or evaluate with --predictions.`);
    return load(dir, json);
  }
  const weights = path.join(dir, "weights.json");
  if (isDir && fs.existsSync(weights)) return loadLogisticRegression(dir, readJson(weights));
  return null;
}
