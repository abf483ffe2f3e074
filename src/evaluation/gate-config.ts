// Validation gate settings: defaults (the seed's model validator), and reading them from JSON or a YAML subset.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import { parseYamlSubset } from "./yaml-subset";

/**
 * Lower bounds are `>=`, upper bounds `<=`. A gate set to null is off. The first five apply to classifiers only;
 * a regressor is gated through `metrics` (e.g. `{ r2: { min: 0.5 } }`) and the champion comparison.
 */
export interface GateConfig {
  /** Minimum accuracy. Default 0.65. */
  accuracy: number | null;
  /** Minimum macro F1. Default 0.65. */
  f1Macro: number | null;
  /** Minimum precision of every class. Default 0.60. */
  perClassPrecision: number | null;
  /** Minimum recall of every class. Default 0.60. */
  perClassRecall: number | null;
  /** Minimum mean confidence (mean of the top class probability); needs probabilities. Default 0.70. */
  meanConfidence: number | null;
  /** Further bounds on any metric of the evaluation by name (e.g. `{ rocAuc: { min: 0.8 }, logLoss: { max: 0.5 } }`). */
  metrics: Record<string, { min?: number; max?: number }>;
  /** Comparison with the current champion's metrics (used when they are given). */
  champion: {
    /** The candidate must beat the champion by this fraction on each metric: 0.02 = 2% better. Default 0.02. */
    minRelativeImprovement: number;
    /** Metrics compared (higher is better). Default accuracy and f1Macro. */
    metrics: string[];
  };
  /** Fairness limits, checked when a fairness report is given; all off by default. */
  fairness: {
    demographicParityDifference: number | null;
    demographicParityRatio: number | null;
    equalizedOddsDifference: number | null;
    equalizedOddsRatio: number | null;
  };
}

export const DEFAULT_GATES: GateConfig = Object.freeze({
  accuracy: 0.65,
  f1Macro: 0.65,
  perClassPrecision: 0.6,
  perClassRecall: 0.6,
  meanConfidence: 0.7,
  metrics: {},
  champion: { minRelativeImprovement: 0.02, metrics: ["accuracy", "f1Macro"] },
  fairness: { demographicParityDifference: null, demographicParityRatio: null, equalizedOddsDifference: null, equalizedOddsRatio: null },
}) as GateConfig;

/** Settings as written by people: any subset of GateConfig, nested parts partial too. */
export type GateConfigInput = Partial<Omit<GateConfig, "champion" | "fairness">> & {
  champion?: Partial<GateConfig["champion"]>;
  fairness?: Partial<GateConfig["fairness"]>;
};

const TOP = ["accuracy", "f1Macro", "perClassPrecision", "perClassRecall", "meanConfidence"] as const;
const FAIR = ["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio"] as const;

function bound(value: unknown, where: string, allowNull = true): number | null {
  if (value === null && allowNull) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidParameter(`Gate setting ${where} is ${JSON.stringify(value)}; give a number${allowNull ? " (or null to turn the gate off)" : ""}.`);
  return value;
}

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) if (!known.includes(k)) throw invalidParameter(`Unknown gate setting ${where}${k}; known: ${known.join(", ")}.`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Defaults overridden by `input`; every value checked, unknown keys refused (a typo must not disable a gate). */
export function resolveGateConfig(input: GateConfigInput | Record<string, unknown> = {}): GateConfig {
  if (!isObject(input)) throw invalidParameter(`Gate settings must be an object; got ${JSON.stringify(input)}.`);
  unknownKeys(input, [...TOP, "metrics", "champion", "fairness"], "");
  const out: GateConfig = structuredClone({ ...DEFAULT_GATES, metrics: {}, champion: { ...DEFAULT_GATES.champion, metrics: [...DEFAULT_GATES.champion.metrics] }, fairness: { ...DEFAULT_GATES.fairness } });
  for (const k of TOP) if (k in input) out[k] = bound(input[k], k);
  if (input.metrics !== undefined) {
    if (!isObject(input.metrics)) throw invalidParameter(`Gate setting metrics must map metric names to { min, max }; got ${JSON.stringify(input.metrics)}.`);
    for (const [name, b] of Object.entries(input.metrics)) {
      if (!isObject(b)) throw invalidParameter(`Gate setting metrics.${name} must be { min, max }; got ${JSON.stringify(b)}.`);
      unknownKeys(b, ["min", "max"], `metrics.${name}.`);
      out.metrics[name] = {};
      if (b.min !== undefined && b.min !== null) out.metrics[name]!.min = bound(b.min, `metrics.${name}.min`, false)!;
      if (b.max !== undefined && b.max !== null) out.metrics[name]!.max = bound(b.max, `metrics.${name}.max`, false)!;
    }
  }
  if (input.champion !== undefined) {
    if (!isObject(input.champion)) throw invalidParameter(`Gate setting champion must be an object; got ${JSON.stringify(input.champion)}.`);
    unknownKeys(input.champion, ["minRelativeImprovement", "metrics"], "champion.");
    if (input.champion.minRelativeImprovement !== undefined) out.champion.minRelativeImprovement = bound(input.champion.minRelativeImprovement, "champion.minRelativeImprovement", false)!;
    if (input.champion.metrics !== undefined) {
      const m = input.champion.metrics;
      if (!Array.isArray(m) || m.some((x) => typeof x !== "string")) throw invalidParameter(`Gate setting champion.metrics must be a list of metric names; got ${JSON.stringify(m)}.`);
      out.champion.metrics = [...(m as string[])];
    }
  }
  if (input.fairness !== undefined) {
    if (!isObject(input.fairness)) throw invalidParameter(`Gate setting fairness must be an object; got ${JSON.stringify(input.fairness)}.`);
    unknownKeys(input.fairness, FAIR, "fairness.");
    for (const k of FAIR) if (k in input.fairness) out.fairness[k] = bound(input.fairness[k], `fairness.${k}`);
  }
  return out;
}

/** Reads gate settings from a .json, .yaml or .yml file (YAML: the subset parseYamlSubset documents). */
export function loadGateConfig(file: string): GateConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw invalidParameter(`Cannot read the gate file ${file}: ${(e as Error).message}.`, { cause: e });
  }
  return parseGateConfig(text, path.extname(file).toLowerCase() === ".json" ? "json" : /\.ya?ml$/i.test(file) ? "yaml" : "auto", file);
}

/** Gate settings from text; "auto" reads JSON when the text starts with `{`, else YAML. */
export function parseGateConfig(text: string, format: "json" | "yaml" | "auto" = "auto", source = "gate settings"): GateConfig {
  const json = format === "json" || (format === "auto" && text.trimStart().startsWith("{"));
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw invalidParameter(`${source} is not valid JSON: ${(e as Error).message}.`, { cause: e });
    }
  } else data = parseYamlSubset(text, source);
  // A file may hold its settings at the top or under `gates:`.
  if (isObject(data) && Object.keys(data).length === 1 && isObject(data.gates)) data = data.gates;
  return resolveGateConfig((data ?? {}) as Record<string, unknown>);
}
