// Search spaces for tuning the engine's models: a default per model kind, `--space FILE` (JSON, or the YAML
// subset labops reads), each parameter checked against what the engine accepts, and the mapping of a trial's
// params onto the model config and fit options.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter, isLabopsError } from "../core/errors";
import type { Activation, ModelConfig } from "../engine/model-config";
import type { ModelKind } from "../engine/train-job";
import { parseYamlSubset } from "../evaluation/yaml-subset";
import {
  type CategoricalChoice,
  categoricalDistribution,
  describeDistribution,
  type Distribution,
  floatDistribution,
  intDistribution,
  isSingle,
  type ParamValue,
} from "./distributions";
import type { Trial } from "./trial";

/** The engine's model kinds, as trainJob names them. */
export type { ModelKind };
export const MODEL_KINDS: readonly ModelKind[] = ["mlp", "linear"];

/** The tuned parameters (in suggestion order) and the fixed ones. */
export interface SearchSpace {
  model: ModelKind;
  params: Record<string, Distribution>;
  fixed: Record<string, ParamValue>;
}

/** What one trial trains with: the model config and the fit options the space sets (the rest keep the engine's defaults). */
export interface TrialTrainingConfig {
  model: ModelConfig;
  learningRate?: number;
  batchSize?: number;
  optimizer?: "adam" | "sgd";
  momentum?: number;
}

interface ParamDef {
  kind: "float" | "int" | "categorical";
  models: readonly ModelKind[];
  description: string;
  /** Bounds of the values the engine accepts. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** For categorical parameters: the values the engine accepts. */
  allowed?: readonly CategoricalChoice[];
}

const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "elu", "linear"];
const BOTH: readonly ModelKind[] = ["mlp", "linear"];

/** Every parameter a space may name, with what the engine accepts for it. */
export const TUNABLE_PARAMS: Readonly<Record<string, ParamDef>> = {
  layers: { kind: "int", models: ["mlp"], min: 1, max: 16, description: "hidden layers" },
  hiddenUnits: { kind: "int", models: ["mlp"], min: 1, max: 4096, description: "units in each hidden layer" },
  activation: { kind: "categorical", models: ["mlp"], allowed: ACTIVATIONS, description: "hidden activation" },
  dropout: { kind: "float", models: ["mlp"], min: 0, max: 1, maxExclusive: true, description: "dropout after each hidden layer" },
  batchNorm: { kind: "categorical", models: ["mlp"], allowed: [true, false], description: "batch normalisation" },
  l2: { kind: "float", models: BOTH, min: 0, description: "L2 penalty (scikit-learn's alpha)" },
  l1: { kind: "float", models: BOTH, min: 0, description: "L1 penalty" },
  learningRate: { kind: "float", models: BOTH, min: 0, minExclusive: true, description: "optimizer learning rate" },
  batchSize: { kind: "int", models: BOTH, min: 1, description: "rows per batch" },
  optimizer: { kind: "categorical", models: BOTH, allowed: ["adam", "sgd"], description: "optimizer" },
  momentum: { kind: "float", models: BOTH, min: 0, max: 1, maxExclusive: true, description: "sgd momentum" },
};

/**
 * The default space, for good results without configuration. mlp: 1-3 layers of 16-256 units (log), Adam's
 * learning rate 1e-4..0.1 (log), L2 1e-6..0.1 (log), dropout 0..0.5, batch size 32..256; linear: learning rate
 * 1e-3..0.5 (log), L2 and L1 1e-6..0.1 (log). Ranges as in Optuna's and scikit-learn's tuning examples.
 */
export function defaultSearchSpace(model: ModelKind): SearchSpace {
  checkModel(model);
  if (model === "mlp") {
    return {
      model,
      params: {
        layers: intDistribution("layers", 1, 3),
        hiddenUnits: intDistribution("hiddenUnits", 16, 256, { log: true }),
        learningRate: floatDistribution("learningRate", 1e-4, 1e-1, { log: true }),
        l2: floatDistribution("l2", 1e-6, 1e-1, { log: true }),
        dropout: floatDistribution("dropout", 0, 0.5),
        batchSize: categoricalDistribution("batchSize", [32, 64, 128, 256]),
      },
      fixed: {},
    };
  }
  return {
    model,
    params: {
      learningRate: floatDistribution("learningRate", 1e-3, 0.5, { log: true }),
      l2: floatDistribution("l2", 1e-6, 1e-1, { log: true }),
      l1: floatDistribution("l1", 1e-6, 1e-1, { log: true }),
    },
    fixed: {},
  };
}

/** Reads a space from a .json, .yaml or .yml file (other extensions: JSON when the text starts with `{`). */
export function loadSearchSpace(file: string, model: ModelKind): SearchSpace {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw invalidParameter(`Cannot read the search space file ${file}: ${(e as Error).message}.`, { cause: e });
  }
  const ext = path.extname(file).toLowerCase();
  const json = ext === ".json" || (!/^\.ya?ml$/.test(ext) && text.trimStart().startsWith("{"));
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw invalidParameter(`Search space ${file} is not valid JSON: ${(e as Error).message}.`, { cause: e });
    }
  } else data = parseYamlSubset(text, `Search space ${file}`);
  return parseSearchSpace(data, model, `Search space ${file}`);
}

/**
 * A space from its data: `{ name: { low, high, log?, step?, type? } | { choices: [...] } | fixed value }`. The
 * space is the whole search: parameters it does not name keep the engine's defaults.
 */
export function parseSearchSpace(data: unknown, model: ModelKind, source = "Search space"): SearchSpace {
  checkModel(model);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw invalidParameter(`${source} must be an object of parameters ({"learningRate": {"low": 0.0001, "high": 0.1, "log": true}, ...}), got ${JSON.stringify(data)}.`);
  }
  const space: SearchSpace = { model, params: {}, fixed: {} };
  for (const [name, entry] of Object.entries(data as Record<string, unknown>)) {
    const def = paramDef(name, model, source);
    try {
      if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) space.params[name] = parseRange(name, def, entry as Record<string, unknown>);
      else space.fixed[name] = checkValue(name, def, entry);
    } catch (e) {
      if (isLabopsError(e) && !e.message.startsWith(source)) throw invalidParameter(`${source}: ${e.message}`, { cause: e });
      throw e;
    }
  }
  if (Object.keys(space.params).length === 0) {
    throw invalidParameter(`${source} tunes nothing: give at least one parameter a range ({"low": .., "high": ..}) or choices.`);
  }
  checkCombination(space, source);
  return space;
}

/** Suggests every tuned parameter on the trial, in the space's order; returns them with the fixed ones. */
export function suggestParams(trial: Trial, space: SearchSpace): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = { ...space.fixed };
  for (const [name, d] of Object.entries(space.params)) {
    if (d.kind === "categorical") out[name] = trial.suggestCategorical(name, d.choices);
    else if (d.kind === "int") out[name] = trial.suggestInt(name, d.low, d.high, { log: d.log, step: d.step });
    else out[name] = trial.suggestFloat(name, d.low, d.high, { log: d.log, step: d.step });
  }
  return out;
}

/** A trial's params as the engine's model config and fit options. */
export function trainingConfig(model: ModelKind, params: Readonly<Record<string, ParamValue>>): TrialTrainingConfig {
  checkModel(model);
  for (const name of Object.keys(params)) paramDef(name, model, "Trial params");
  const config: ModelConfig = { type: model };
  const p = params as Record<string, never>;
  if (model === "mlp" && (p.layers !== undefined || p.hiddenUnits !== undefined)) {
    // The engine's default width (scikit-learn's 100) when only the depth is tuned.
    config.hiddenLayerSizes = new Array<number>(p.layers ?? 1).fill(p.hiddenUnits ?? 100);
  }
  if (p.activation !== undefined) config.activation = p.activation;
  if (p.dropout !== undefined) config.dropout = p.dropout;
  if (p.batchNorm !== undefined) config.batchNorm = p.batchNorm;
  if (p.l2 !== undefined) config.l2 = p.l2;
  if (p.l1 !== undefined) config.l1 = p.l1;
  const out: TrialTrainingConfig = { model: config };
  if (p.learningRate !== undefined) out.learningRate = p.learningRate;
  if (p.batchSize !== undefined) out.batchSize = p.batchSize;
  if (p.optimizer !== undefined) out.optimizer = p.optimizer;
  if (p.momentum !== undefined) out.momentum = p.momentum;
  return out;
}

/** One line per parameter, for help and reports: `learningRate  float(0.0001, 0.1, log)`. */
export function describeSearchSpace(space: SearchSpace): string[] {
  const width = Math.max(...[...Object.keys(space.params), ...Object.keys(space.fixed)].map((n) => n.length));
  return [
    ...Object.entries(space.params).map(([n, d]) => `${n.padEnd(width)}  ${describeDistribution(d)}`),
    ...Object.entries(space.fixed).map(([n, v]) => `${n.padEnd(width)}  fixed ${JSON.stringify(v)}`),
  ];
}

/** The space as the data parseSearchSpace reads (a `--space` file's content). */
export function searchSpaceToJson(space: SearchSpace): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [n, d] of Object.entries(space.params)) {
    if (d.kind === "categorical") out[n] = { choices: [...d.choices] };
    else out[n] = { type: d.kind, low: d.low, high: d.high, ...(d.log ? { log: true } : {}), ...(d.step !== null && !(d.kind === "int" && d.step === 1) ? { step: d.step } : {}) };
  }
  for (const [n, v] of Object.entries(space.fixed)) out[n] = v;
  return out;
}

// -- checks ---------------------------------------------------------------------------------------------------

function checkModel(model: unknown): asserts model is ModelKind {
  if (!MODEL_KINDS.includes(model as ModelKind)) throw invalidParameter(`Unknown model kind ${JSON.stringify(model)}; use ${MODEL_KINDS.map((m) => `'${m}'`).join(" or ")}.`);
}

function paramDef(name: string, model: ModelKind, source: string): ParamDef {
  const def = TUNABLE_PARAMS[name];
  const known = Object.keys(TUNABLE_PARAMS).filter((n) => TUNABLE_PARAMS[n]!.models.includes(model));
  if (!def || !Object.prototype.hasOwnProperty.call(TUNABLE_PARAMS, name)) {
    const near = closest(name, Object.keys(TUNABLE_PARAMS));
    throw invalidParameter(`${source}: unknown parameter '${name}'${near ? ` (did you mean '${near}'?)` : ""}; a ${model} model tunes ${known.join(", ")}.`);
  }
  if (!def.models.includes(model)) throw invalidParameter(`${source}: '${name}' (${def.description}) applies to ${def.models.join(" and ")} models, not ${model}; a ${model} model tunes ${known.join(", ")}.`);
  return def;
}

const RANGE_KEYS = ["type", "low", "high", "log", "step", "choices"];

function parseRange(name: string, def: ParamDef, entry: Record<string, unknown>): Distribution {
  for (const k of Object.keys(entry)) {
    if (!RANGE_KEYS.includes(k)) throw invalidParameter(`'${name}' has an unknown key '${k}'; a range takes ${RANGE_KEYS.join(", ")}.`);
  }
  const type = entry.type;
  if (type !== undefined && type !== "float" && type !== "int" && type !== "categorical") {
    throw invalidParameter(`'${name}': type must be "float", "int" or "categorical", got ${JSON.stringify(type)}.`);
  }
  if (entry.choices !== undefined || type === "categorical") {
    const extra = ["low", "high", "log", "step"].filter((k) => entry[k] !== undefined);
    if (extra.length) throw invalidParameter(`'${name}' gives choices and ${extra.join(", ")}; give either choices or a range.`);
    if (!Array.isArray(entry.choices) || entry.choices.length === 0) {
      throw invalidParameter(`'${name}': choices must be a non-empty list, got ${JSON.stringify(entry.choices)}.`);
    }
    if (new Set(entry.choices).size !== entry.choices.length) throw invalidParameter(`'${name}': choices ${JSON.stringify(entry.choices)} repeat a value.`);
    if (entry.choices.length === 1) throw invalidParameter(`'${name}': one choice (${JSON.stringify(entry.choices[0])}) is not a search; write "${name}": ${JSON.stringify(entry.choices[0])} to fix the value.`);
    for (const c of entry.choices) checkValue(name, def, c);
    return categoricalDistribution(name, entry.choices as CategoricalChoice[]);
  }
  if (def.kind === "categorical") throw invalidParameter(`'${name}' (${def.description}) takes choices from ${JSON.stringify(def.allowed)}, not a range; write {"choices": [...]}.`);
  if (entry.low === undefined || entry.high === undefined) throw invalidParameter(`'${name}' needs low and high (or choices), got ${JSON.stringify(entry)}.`);
  const kind = (type as "float" | "int" | undefined) ?? def.kind;
  if (kind !== def.kind) throw invalidParameter(`'${name}' (${def.description}) is ${def.kind === "int" ? "an integer" : "a float"} parameter; type "${kind}" does not fit it.`);
  for (const k of ["low", "high", "step"] as const) {
    if (entry[k] !== undefined && (typeof entry[k] !== "number" || !Number.isFinite(entry[k]))) throw invalidParameter(`'${name}': ${k} must be a finite number, got ${JSON.stringify(entry[k])}.`);
  }
  if (entry.log !== undefined && typeof entry.log !== "boolean") throw invalidParameter(`'${name}': log must be true or false, got ${JSON.stringify(entry.log)}.`);
  const low = entry.low as number;
  const high = entry.high as number;
  const log = (entry.log as boolean | undefined) ?? false;
  if (low > high) throw invalidParameter(`'${name}': low (${low}) is above high (${high}); the range is inverted, give low <= high.`);
  if (low === high) throw invalidParameter(`'${name}': low equals high (${low}); the range is empty. Write "${name}": ${low} to fix the value.`);
  const d = kind === "int"
    ? intDistribution(name, low, high, { log, step: entry.step as number | undefined })
    : floatDistribution(name, low, high, { log, step: entry.step as number | null | undefined });
  if (isSingle(d)) throw invalidParameter(`'${name}': step ${entry.step} leaves one value in [${low}, ${high}]; the range is empty.`);
  checkBound(name, def, d.low, "low");
  checkBound(name, def, d.high, "high");
  return d;
}

/** A fixed value or a choice, checked against what the engine accepts. */
function checkValue(name: string, def: ParamDef, v: unknown): ParamValue {
  if (def.kind === "categorical") {
    if (!def.allowed!.includes(v as CategoricalChoice)) throw invalidParameter(`'${name}' (${def.description}) takes one of ${JSON.stringify(def.allowed)}, got ${JSON.stringify(v)}.`);
    return v as ParamValue;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidParameter(`'${name}' (${def.description}) takes a number, got ${JSON.stringify(v)} (${v === null ? "null" : Array.isArray(v) ? "list" : typeof v}).`);
  if (def.kind === "int" && !Number.isInteger(v)) throw invalidParameter(`'${name}' (${def.description}) takes an integer, got ${v}.`);
  checkBound(name, def, v, "value");
  return v;
}

function checkBound(name: string, def: ParamDef, v: number, what: string): void {
  const lowOk = def.min === undefined || (def.minExclusive ? v > def.min : v >= def.min);
  const highOk = def.max === undefined || (def.maxExclusive ? v < def.max : v <= def.max);
  if (lowOk && highOk) return;
  const lo = def.min === undefined ? "" : `${def.minExclusive ? ">" : ">="} ${def.min}`;
  const hi = def.max === undefined ? "" : `${def.maxExclusive ? "<" : "<="} ${def.max}`;
  throw invalidParameter(`'${name}' (${def.description}): ${what} ${v} is outside what the engine accepts (${[lo, hi].filter(Boolean).join(" and ")}).`);
}

/** Combinations the engine refuses, caught before any trial runs. */
function checkCombination(space: SearchSpace, source: string): void {
  const tunesMomentum = "momentum" in space.params || "momentum" in space.fixed;
  const opt = space.params.optimizer;
  const sgdPossible = space.fixed.optimizer === "sgd" || (opt?.kind === "categorical" && opt.choices.includes("sgd"));
  if (tunesMomentum && !sgdPossible) throw invalidParameter(`${source}: 'momentum' applies to the sgd optimizer only; add "optimizer": "sgd" (or choices with "sgd"), or drop momentum.`);
}

/** The known name nearest to a misspelt one (edit distance <= 3, case ignored), for "did you mean". */
function closest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
