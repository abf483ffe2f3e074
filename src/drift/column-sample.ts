// One column of one dataset prepared for drift tests: numeric values sorted once (typed array), or category counts.

import { invalidParameter } from "../core/errors";
import { pairwiseSum } from "../stats/sample";
import { sortFinite } from "../stats/sort-finite";
import { sortFloat64 } from "../stats/sort-float64";

/** Evidently's column types: numerical or categorical (text is not supported). */
export type ColumnKind = "numerical" | "categorical";

export interface NumericSample {
  kind: "numerical";
  /** Finite values sorted ascending (NaN and ±Infinity are missing, as Evidently drops them). */
  sorted: Float64Array;
  /** Mean and population standard deviation (np.std, ddof 0) of `sorted`. */
  mean: number;
  std: number;
}

export interface CategoricalSample {
  kind: "categorical";
  /** Count per category, keyed by categoryKey(value). */
  counts: Map<string, number>;
  total: number;
}

export type ColumnSample = NumericSample | CategoricalSample;

/** Number of non-missing values. */
export function sampleSize(s: ColumnSample): number {
  return s.kind === "numerical" ? s.sorted.length : s.total;
}

/** Is this value missing (null, undefined, NaN, ±Infinity for numbers)? */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));
}

/** The key a category is counted under: its string form (true -> "true", 3 -> "3"). */
export function categoryKey(v: unknown): string {
  return typeof v === "string" ? v : String(v);
}

/** A numeric sample from sorted finite values; `sorted` must already be sorted and finite. */
export function numericSampleFromSorted(sorted: Float64Array): NumericSample {
  const n = sorted.length;
  const mean = n ? pairwiseSum(sorted, 0, n) / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - mean;
    ss += d * d;
  }
  return { kind: "numerical", sorted, mean, std: n ? Math.sqrt(ss / n) : NaN };
}

/** Sorts the finite values of a numeric column into a reused or new buffer; returns the sample and the missing count. */
export function numericSample(values: ArrayLike<unknown>, name = "column", scratch?: Float64Array, sortScratch?: Float64Array): { sample: NumericSample; missing: number } {
  const n = values.length;
  // With a scratch buffer the result is a view of it: valid until the caller reuses the buffer.
  if (values instanceof Float64Array || values instanceof Float32Array) {
    // Typed arrays hold only numbers: filtered and sorted in one go, with no per-value type checks.
    const sorted = sortFinite(values, scratch, sortScratch);
    return { sample: numericSampleFromSorted(sorted), missing: n - sorted.length };
  }
  const buf = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (Number.isFinite(v)) buf[k++] = v;
    } else if (v !== null && v !== undefined) {
      throw invalidParameter(`Column "${name}" is numerical but row ${i} holds ${JSON.stringify(v)}: declare it categorical in columnMapping, or clean it.`);
    }
  }
  const sorted = sortFloat64(scratch === buf ? buf.subarray(0, k) : k === n ? buf : buf.slice(0, k), sortScratch);
  return { sample: numericSampleFromSorted(sorted), missing: n - k };
}

/** Counts the categories of a column; returns the sample and the missing count. */
export function categoricalSample(values: ArrayLike<unknown>): { sample: CategoricalSample; missing: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const key = categoryKey(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  return { sample: { kind: "categorical", counts, total }, missing: values.length - total };
}

/** A numeric sample seen as categories (each distinct value one category), for chi-square and z on few values. */
export function asCategorical(s: ColumnSample): CategoricalSample {
  if (s.kind === "categorical") return s;
  const counts = new Map<string, number>();
  const a = s.sorted;
  let i = 0;
  while (i < a.length) {
    let j = i;
    while (j < a.length && a[j] === a[i]) j++;
    counts.set(categoryKey(a[i]), j - i);
    i = j;
  }
  return { kind: "categorical", counts, total: a.length };
}

/** Union of the categories of two samples, sorted (so results do not depend on row order). */
export function unionKeys(a: CategoricalSample, b: CategoricalSample): string[] {
  const keys = new Set<string>(a.counts.keys());
  for (const k of b.counts.keys()) keys.add(k);
  return [...keys].sort();
}

export function requireNumeric(s: ColumnSample, test: string): NumericSample {
  if (s.kind !== "numerical") throw invalidParameter(`The ${test} test needs a numerical column; this one is categorical. Choose a categorical test (chisquare, z, jensenshannon, psi, kl_div, hellinger).`);
  return s;
}
