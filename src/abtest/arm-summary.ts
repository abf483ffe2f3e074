// Per-arm summary statistics (n, mean, sample variance; conversions for proportions), from raw typed arrays in one
// fast pass or given directly, as a warehouse query would return them.

import { invalidParameter } from "../core/errors";

/** A numeric metric in one arm: count, mean and sample variance (ddof 1). */
export interface MeanSummary {
  n: number;
  mean: number;
  variance: number;
}

/** A conversion metric in one arm: units and how many of them converted. */
export interface ProportionSummary {
  n: number;
  conversions: number;
}

/** Values of one arm: raw numbers (a typed array is fastest) or their summary. */
export type MeanInput = ArrayLike<number> | MeanSummary;
/** Conversions of one arm: raw 0/1 values or their summary. */
export type ProportionInput = ArrayLike<number> | ProportionSummary;

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return typeof x === "object" && x !== null && typeof (x as ArrayLike<number>).length === "number";
}

/**
 * Mean and sample variance of raw values. Sums in four lanes (faster and more accurate than one running sum),
 * then a second pass over deviations, which stays exact where Σx² − n·x̄² would cancel.
 */
export function summarizeMean(values: ArrayLike<number>, name = "values"): MeanSummary {
  const n = values.length;
  if (n < 2) throw invalidParameter(`${name} needs at least 2 values, got ${n}.`);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += values[i]!;
    s1 += values[i + 1]!;
    s2 += values[i + 2]!;
    s3 += values[i + 3]!;
  }
  for (; i < n; i++) s0 += values[i]!;
  const mean = (s0 + s1 + s2 + s3) / n;
  if (Number.isNaN(mean)) throw invalidParameter(`${name} contains NaN: drop missing values first.`);
  if (!Number.isFinite(mean)) throw invalidParameter(`${name} contains an infinite value: drop or cap it first.`);
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  for (i = 0; i + 3 < n; i += 4) {
    const d0 = values[i]! - mean, d1 = values[i + 1]! - mean, d2 = values[i + 2]! - mean, d3 = values[i + 3]! - mean;
    q0 += d0 * d0;
    q1 += d1 * d1;
    q2 += d2 * d2;
    q3 += d3 * d3;
  }
  for (; i < n; i++) {
    const d = values[i]! - mean;
    q0 += d * d;
  }
  return { n, mean, variance: (q0 + q1 + q2 + q3) / (n - 1) };
}

/** Conversions from raw 0/1 values (anything else is refused: it is not a conversion metric). */
export function summarizeProportion(values: ArrayLike<number>, name = "values"): ProportionSummary {
  const n = values.length;
  if (n < 1) throw invalidParameter(`${name} needs at least 1 value.`);
  let c = 0;
  if (values instanceof Uint8Array) {
    // Bytes: sum and OR in one pass; any bit above the lowest means a value other than 0 or 1.
    let bits = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      c += v;
      bits |= v;
    }
    if (bits <= 1) return { n, conversions: c };
    c = 0;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== 0 && v !== 1) throw invalidParameter(`${name}[${i}] is ${v}: a conversion metric takes 0 or 1 per unit.`);
    c += v;
  }
  return { n, conversions: c };
}

export function toMeanSummary(input: MeanInput, name: string): MeanSummary {
  if (isArrayLike(input)) return summarizeMean(input, name);
  const { n, mean, variance } = input as MeanSummary;
  if (!(Number.isInteger(n) && n >= 2)) throw invalidParameter(`${name}.n must be an integer >= 2, got ${n}.`);
  if (!Number.isFinite(mean)) throw invalidParameter(`${name}.mean must be a finite number, got ${mean}.`);
  if (!(variance >= 0 && Number.isFinite(variance))) throw invalidParameter(`${name}.variance must be a finite number >= 0, got ${variance}.`);
  return { n, mean, variance };
}

export function toProportionSummary(input: ProportionInput, name: string): ProportionSummary {
  if (isArrayLike(input)) return summarizeProportion(input, name);
  const { n, conversions } = input as ProportionSummary;
  if (!(Number.isInteger(n) && n >= 1)) throw invalidParameter(`${name}.n must be an integer >= 1, got ${n}.`);
  if (!(Number.isInteger(conversions) && conversions >= 0 && conversions <= n)) throw invalidParameter(`${name}.conversions must be an integer in [0, n=${n}], got ${conversions}.`);
  return { n, conversions };
}
