// Search-space distributions (Optuna's FloatDistribution, IntDistribution, CategoricalDistribution) and their
// internal representation: floats and ints as themselves, a categorical choice as its index.

import { invalidParameter } from "../core/errors";

export type CategoricalChoice = string | number | boolean | null;

export interface FloatDistribution {
  readonly kind: "float";
  readonly low: number;
  readonly high: number;
  /** Sample in log space; needs low > 0. Default false. */
  readonly log: boolean;
  /** Discretisation step; null for a continuous range. Not allowed with log. */
  readonly step: number | null;
}

export interface IntDistribution {
  readonly kind: "int";
  readonly low: number;
  readonly high: number;
  /** Sample in log space; needs low >= 1 and step 1. */
  readonly log: boolean;
  /** Default 1. */
  readonly step: number;
}

export interface CategoricalDistribution {
  readonly kind: "categorical";
  readonly choices: readonly CategoricalChoice[];
}

export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;
export type ParamValue = number | CategoricalChoice;

function checkFinite(name: string, what: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw invalidParameter(`Parameter '${name}': ${what} must be a finite number, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/** Optuna's rule: a stepped range that does not end on a step is cut to the last step inside it. */
function adjustHigh(low: number, high: number, step: number): number {
  const n = Math.floor((high - low) / step + 1e-9);
  return Number((low + n * step).toPrecision(15));
}

export function floatDistribution(name: string, low: number, high: number, options: { log?: boolean; step?: number | null } = {}): FloatDistribution {
  checkFinite(name, "low", low);
  checkFinite(name, "high", high);
  const log = options.log ?? false;
  const step = options.step ?? null;
  if (low > high) throw invalidParameter(`Parameter '${name}': low (${low}) is above high (${high}); give low <= high.`);
  if (log && step !== null) throw invalidParameter(`Parameter '${name}': step (${step}) and log cannot be used together; drop one of them.`);
  if (log && low <= 0) throw invalidParameter(`Parameter '${name}': a log range needs low > 0, got low = ${low}.`);
  if (step !== null) {
    checkFinite(name, "step", step);
    if (step <= 0) throw invalidParameter(`Parameter '${name}': step must be > 0, got ${step}.`);
    return { kind: "float", low, high: adjustHigh(low, high, step), log, step };
  }
  return { kind: "float", low, high, log, step };
}

export function intDistribution(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): IntDistribution {
  for (const [what, v] of [["low", low], ["high", high]] as const) {
    checkFinite(name, what, v);
    if (!Number.isInteger(v)) throw invalidParameter(`Parameter '${name}': ${what} must be an integer, got ${v}.`);
  }
  const log = options.log ?? false;
  const step = options.step ?? 1;
  checkFinite(name, "step", step);
  if (!Number.isInteger(step) || step <= 0) throw invalidParameter(`Parameter '${name}': step must be a positive integer, got ${step}.`);
  if (low > high) throw invalidParameter(`Parameter '${name}': low (${low}) is above high (${high}); give low <= high.`);
  if (log && step !== 1) throw invalidParameter(`Parameter '${name}': a log range needs step 1, got step = ${step}.`);
  if (log && low < 1) throw invalidParameter(`Parameter '${name}': a log integer range needs low >= 1, got low = ${low}.`);
  return { kind: "int", low, high: low + Math.floor((high - low) / step) * step, log, step };
}

export function categoricalDistribution(name: string, choices: readonly CategoricalChoice[]): CategoricalDistribution {
  if (!Array.isArray(choices) || choices.length === 0) {
    throw invalidParameter(`Parameter '${name}': choices must be a non-empty array, got ${JSON.stringify(choices)}.`);
  }
  for (const c of choices) {
    const ok = c === null || typeof c === "string" || typeof c === "boolean" || (typeof c === "number" && !Number.isNaN(c));
    if (!ok) throw invalidParameter(`Parameter '${name}': a choice must be a string, number, boolean or null, got ${JSON.stringify(c)} (${typeof c}).`);
  }
  return { kind: "categorical", choices: [...choices] };
}

/** True when the distribution allows one value only. */
export function isSingle(d: Distribution): boolean {
  return d.kind === "categorical" ? d.choices.length === 1 : d.low === d.high;
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeDistribution(d: Distribution): string {
  if (d.kind === "categorical") return `categorical(${JSON.stringify(d.choices)})`;
  const extras = [d.log ? "log" : "", d.step !== null && d.step !== 1 ? `step=${d.step}` : d.kind === "float" && d.step !== null ? `step=${d.step}` : ""].filter(Boolean);
  return `${d.kind}(${d.low}, ${d.high}${extras.length ? ", " + extras.join(", ") : ""})`;
}

/** The number a sampler works with: the value itself, or a choice's index. */
export function toInternal(d: Distribution, value: ParamValue): number {
  if (d.kind === "categorical") {
    const i = d.choices.findIndex((c) => c === value);
    if (i < 0) throw invalidParameter(`Value ${JSON.stringify(value)} is not one of the choices ${JSON.stringify(d.choices)}.`);
    return i;
  }
  if (typeof value !== "number") throw invalidParameter(`Value ${JSON.stringify(value)} is not a number for ${describeDistribution(d)}.`);
  return value;
}

export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.kind === "categorical") return d.choices[Math.round(internal)];
  if (d.kind === "int") return Math.round(internal);
  return internal;
}

/** Whether an internal value lies in the distribution (on a step when it has one). */
export function contains(d: Distribution, internal: number): boolean {
  if (!Number.isFinite(internal)) return false;
  if (d.kind === "categorical") return Number.isInteger(internal) && internal >= 0 && internal < d.choices.length;
  if (internal < d.low || internal > d.high) return false;
  const step = d.step;
  if (step === null) return true;
  const k = (internal - d.low) / step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

/** Rounds a value onto the distribution's grid and clips it into the range. */
export function snap(d: FloatDistribution | IntDistribution, v: number): number {
  const step = d.step;
  let x = v;
  if (step !== null) x = d.low + Math.round((x - d.low) / step) * step;
  if (d.kind === "int") x = Math.round(x);
  x = Math.min(Math.max(x, d.low), d.high);
  return step !== null && d.kind === "float" ? Number(x.toPrecision(15)) : x;
}

/** Reads a distribution back from its JSON form (as stored in a trial's tag), checking it. */
export function distributionFromJson(name: string, json: unknown): Distribution {
  const o = json as Record<string, unknown>;
  if (o?.kind === "float") return floatDistribution(name, o.low as number, o.high as number, { log: o.log as boolean, step: o.step as number | null });
  if (o?.kind === "int") return intDistribution(name, o.low as number, o.high as number, { log: o.log as boolean, step: o.step as number });
  if (o?.kind === "categorical") return categoricalDistribution(name, o.choices as CategoricalChoice[]);
  throw invalidParameter(`Parameter '${name}': unknown distribution ${JSON.stringify(json)}.`);
}
