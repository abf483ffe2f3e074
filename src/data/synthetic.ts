// A seeded synthetic dataset with a known ground truth and controllable covariate shift, label shift and concept
// drift over time, for drift detection, A/B analysis and tests. Same options, same data, on every platform.

import { invalidParameter } from "../core/errors";
import type { Column, ColumnTable } from "./column-table";
import { seededRandom } from "./random";

export interface SyntheticOptions {
  seed?: number;
  /** Rows, spread evenly over `days` (default 10,000). */
  rows?: number;
  /** Numeric features x0..x{n-1} (default 4). */
  features?: number;
  /** Days covered, starting at `start` (default 30 days from 2024-01-01). */
  days?: number;
  start?: string | number;
  /**
   * Covariate shift: the mean of every feature moves linearly from 0 to this value (in standard deviations)
   * over the period; p(y | x) is unchanged. Default 0.
   */
  covariateShift?: number;
  /**
   * Label shift: the positive share moves linearly from `from` to `to`, with p(x | y) at each time unchanged
   * (rows are drawn class first, then x from that class by rejection). Default none: y follows the concept.
   */
  labelShift?: { from: number; to: number };
  /** Concept drift: the true weight vector rotates by this angle (radians) in the x0-x1 plane over the period. Default 0. */
  conceptDrift?: number;
  /** A/B variants assigned at random per unit; `effects` adds to the log-odds of each variant (default: A 0, B 0). */
  variants?: { names: string[]; effects?: number[] };
  /** Distinct units (users) rows belong to (default rows / 5). */
  units?: number;
}

export interface SyntheticTruth {
  /** Options in effect (defaults filled in). */
  options: Required<Omit<SyntheticOptions, "labelShift" | "variants">> & Pick<SyntheticOptions, "labelShift" | "variants">;
  /** True weights at the start of the period; the intercept is `intercept`. */
  weights: number[];
  intercept: number;
  /** The weights at time fraction t in [0, 1]. */
  weightsAt(t: number): number[];
  /** The feature mean at time fraction t. */
  shiftAt(t: number): number;
  /** p(y = 1 | x, t) of the concept (before any label shift), including a variant's effect. */
  probability(x: ArrayLike<number>, t: number, variantEffect?: number): number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Columns: time (date), unit_id, variant (when variants are asked for), x0..x{n-1}, segment (a string that
 * shifts with x0), probability (the ground truth p(y=1 | x, t)), label (0/1).
 */
export function makeSyntheticData(options: SyntheticOptions = {}): { table: ColumnTable; truth: SyntheticTruth } {
  const o = {
    seed: options.seed ?? 0,
    rows: options.rows ?? 10_000,
    features: options.features ?? 4,
    days: options.days ?? 30,
    start: options.start ?? "2024-01-01T00:00:00Z",
    covariateShift: options.covariateShift ?? 0,
    conceptDrift: options.conceptDrift ?? 0,
    units: options.units ?? Math.max(1, Math.floor((options.rows ?? 10_000) / 5)),
    labelShift: options.labelShift,
    variants: options.variants,
  };
  if (!(Number.isInteger(o.rows) && o.rows >= 1)) throw invalidParameter(`rows must be an integer >= 1; got ${o.rows}.`);
  if (!(Number.isInteger(o.features) && o.features >= 2)) throw invalidParameter(`features must be an integer >= 2; got ${o.features}.`);
  if (!(o.days > 0)) throw invalidParameter(`days must be > 0; got ${o.days}.`);
  const startMs = typeof o.start === "number" ? o.start : Date.parse(o.start);
  if (Number.isNaN(startMs)) throw invalidParameter(`start '${String(o.start)}' is not a date.`);
  const ls = o.labelShift;
  if (ls && !(ls.from > 0 && ls.from < 1 && ls.to > 0 && ls.to < 1)) throw invalidParameter(`labelShift from/to must be shares strictly between 0 and 1; got ${JSON.stringify(ls)}.`);
  const variantNames = o.variants?.names ?? [];
  const effects = o.variants?.effects ?? variantNames.map(() => 0);
  if (o.variants && (variantNames.length < 2 || effects.length !== variantNames.length)) throw invalidParameter(`variants need at least two names and one effect per name.`);

  const random = seededRandom(o.seed);
  // Fixed true weights, decreasing in size so the features differ in importance.
  const weights = Array.from({ length: o.features }, (_, j) => (j % 2 === 0 ? 1 : -1) * (1.5 / (j + 1)));
  const intercept = -0.25;
  const weightsAt = (t: number) => {
    const a = o.conceptDrift * t;
    const w = [...weights];
    w[0] = weights[0]! * Math.cos(a) - weights[1]! * Math.sin(a);
    w[1] = weights[0]! * Math.sin(a) + weights[1]! * Math.cos(a);
    return w;
  };
  const shiftAt = (t: number) => o.covariateShift * t;
  const probability = (x: ArrayLike<number>, t: number, effect = 0) => {
    const w = weightsAt(t);
    let z = intercept + effect;
    for (let j = 0; j < w.length; j++) z += w[j]! * x[j]!;
    return sigmoid(z);
  };

  const n = o.rows;
  const time = new Float64Array(n), label = new Float64Array(n), prob = new Float64Array(n);
  const xs = Array.from({ length: o.features }, () => new Float64Array(n));
  const unitCodes = new Int32Array(n), variantCodes = new Int32Array(n), segment = new Int32Array(n);
  const unitVariant = Int32Array.from({ length: o.units }, () => random.int(Math.max(1, variantNames.length)));
  const spanMs = o.days * 86_400_000;
  const x = new Float64Array(o.features);
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : i / (n - 1);
    time[i] = startMs + Math.floor(t * (spanMs - 1));
    const unit = random.int(o.units);
    unitCodes[i] = unit;
    variantCodes[i] = unitVariant[unit]!;
    const effect = variantNames.length ? effects[variantCodes[i]!]! : 0;
    const draw = () => {
      for (let j = 0; j < o.features; j++) x[j] = random.normal() + shiftAt(t);
      const p = probability(x, t, effect);
      return { p, y: random.next() < p ? 1 : 0 };
    };
    let d = draw();
    if (ls) {
      // Class first, then x from p(x | y, t) by rejection: only the class balance moves.
      const want = random.next() < ls.from + (ls.to - ls.from) * t ? 1 : 0;
      for (let tries = 0; d.y !== want; tries++) {
        if (tries > 10_000) throw invalidParameter(`labelShift: class ${want} is too rare under the concept to sample; use milder shares.`);
        d = draw();
      }
    }
    for (let j = 0; j < o.features; j++) xs[j]![i] = x[j]!;
    prob[i] = d.p;
    label[i] = d.y;
    segment[i] = x[0]! < -0.5 ? 0 : x[0]! < 0.5 ? 1 : 2;
  }
  const names = ["time", "unit_id", ...(variantNames.length ? ["variant"] : []), ...xs.map((_, j) => `x${j}`), "segment", "probability", "label"];
  const columns: Record<string, Column> = {
    time: { type: "date", values: time },
    unit_id: { type: "string", codes: unitCodes, categories: Array.from({ length: o.units }, (_, u) => `u${String(u).padStart(6, "0")}`) },
    segment: { type: "string", codes: segment, categories: ["low", "mid", "high"] },
    probability: { type: "number", values: prob },
    label: { type: "number", values: label },
  };
  if (variantNames.length) columns.variant = { type: "string", codes: variantCodes, categories: [...variantNames] };
  xs.forEach((v, j) => (columns[`x${j}`] = { type: "number", values: v }));
  return { table: { names, columns, rowCount: n }, truth: { options: o, weights, intercept, weightsAt, shiftAt, probability } };
}
