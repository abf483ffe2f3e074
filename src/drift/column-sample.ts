// One column of one dataset prepared for drift tests: the finite values of a numeric column (sorted only when a test
// needs order: large samples are compared on a value grid instead), or category counts.

import { invalidParameter } from "../core/errors";
import { BucketValues, countOnGrid, histogramOnGrid, valueGrid, wantHistogram, type CountArrays, type GridCounts, type ValueGrid } from "../stats/ecdf-grid";
import { countDistinctSorted, countDistinctUnion, histogramSorted, histogramUnsorted, pairwiseSum, sumOfBlocks } from "../stats/sample";
import { sortFinite } from "../stats/sort-finite";

/** Evidently's column types: numerical or categorical (text is not supported). */
export type ColumnKind = "numerical" | "categorical";

type NumericValues = Float64Array | Float32Array;

/** What a numeric sample knows without sorting: its finite count, range and moments. */
export interface NumericSummary {
  size: number;
  min: number;
  max: number;
  /** Mean and population standard deviation (np.std, ddof 0); computed when first read if not given. */
  mean?: number;
  std?: number;
}

/**
 * Buffers a report reuses from one current column to the next: where a lazily sorted copy goes, and the arrays a
 * column is counted into on the reference's grid. What is built in them is valid until the next column.
 */
export interface SortBuffers {
  out?: Float64Array;
  scratch?: Float64Array;
  counts?: CountArrays;
}

/** How a sample's values are laid out: in any order (non-finite entries then skipped by every reader), or sorted and finite. */
export type SampleOrder = "any" | "sorted";

/**
 * The finite values of one numeric column (NaN and ±Infinity are missing, as Evidently drops them). Sorting waits
 * until a test asks for `sorted`; KS and Wasserstein on large samples count both on the reference's value grid.
 */
export class NumericSample {
  readonly kind = "numerical" as const;
  readonly size: number;
  readonly min: number;
  readonly max: number;
  private source: NumericValues;
  private sortedValues: Float64Array | null;
  private meanValue: number | undefined;
  private stdValue: number | undefined;
  private gridValue: ValueGrid | null | undefined;
  private gridded: BucketValues | null = null;
  private expectedEdges: ArrayLike<number> | null = null;

  /** `counted`: the values already counted on a grid (the reference's), kept for the first onGrid of that grid. */
  constructor(values: NumericValues, summary: NumericSummary, order: SampleOrder = "any", private readonly sortBuffers: SortBuffers = {}, counted?: GridCounts) {
    this.source = values;
    this.size = summary.size;
    this.min = summary.min;
    this.max = summary.max;
    this.meanValue = summary.mean;
    this.stdValue = summary.std;
    this.sortedValues = order === "sorted" ? (values as Float64Array) : null;
    if (counted) this.gridded = new BucketValues(counted, values, this.isSorted);
  }

  /** The values in no particular order; entries that are not finite must be skipped. */
  get values(): NumericValues {
    return this.source;
  }

  get isSorted(): boolean {
    return this.sortedValues !== null;
  }

  /** The finite values sorted ascending, sorted on first read. */
  get sorted(): Float64Array {
    if (!this.sortedValues) {
      if (this.stdValue === undefined) this.moments(); // before the original order is gone: the same sums as numpy
      this.sortedValues = sortFinite(this.source, this.sortBuffers.out, this.sortBuffers.scratch);
      this.source = this.sortedValues;
    }
    return this.sortedValues;
  }

  get mean(): number {
    if (this.meanValue === undefined) this.moments();
    return this.meanValue!;
  }

  get std(): number {
    if (this.stdValue === undefined) this.moments();
    return this.stdValue!;
  }

  private moments(): void {
    // Pairwise sum then squared deviations (numpy's np.mean and np.std) over the finite values in their given order.
    const x = this.size === this.source.length ? this.source : finiteCopy(this.source, new Float64Array(this.size));
    const n = x.length;
    const mean = (this.meanValue ??= n ? pairwiseSum(x, 0, n) / n : NaN);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i]! - mean;
      ss += d * d;
    }
    this.stdValue = n ? Math.sqrt(ss / n) : NaN;
  }

  /** Equal-width buckets over this sample's range, when it is large and spread enough to compare on them. */
  get grid(): ValueGrid | null {
    if (this.gridValue === undefined) this.gridValue = this.size >= GRID_MIN_SIZE ? valueGrid(this.min, this.max, this.size) : null;
    return this.gridValue;
  }

  /** This sample counted on `grid`, its values by bucket gathered on demand (the last grid asked for is remembered). */
  onGrid(grid: ValueGrid): BucketValues {
    if (this.gridded?.grid !== grid) {
      // With the mean known (the reading pass took it), the standard deviation comes with the counts.
      const withStd = this.meanValue !== undefined && this.stdValue === undefined;
      const counts = countOnGrid(grid, this.source, withStd ? this.meanValue : 0);
      if (withStd) this.stdValue = counts.n ? Math.sqrt(counts.squaredDeviations / counts.n) : NaN;
      // Sorted values are grouped by any grid's buckets already: read as slices, no gathering pass.
      this.gridded = new BucketValues(counts, this.source, this.isSorted);
      if (this.expectedEdges) wantHistogram(this.gridded, this.expectedEdges);
    }
    return this.gridded;
  }

  /**
   * Announces the histogram that will be asked for, so that a later pass over the values on a grid (for KS or
   * Wasserstein) also gathers what the histogram needs, instead of a pass of its own.
   */
  expectHistogram(edges: ArrayLike<number>): void {
    this.expectedEdges = edges;
    if (this.gridded) wantHistogram(this.gridded, edges);
  }

  /** Counts in bins [e_i, e_{i+1}), the last bin closed (np.histogram). */
  histogram(edges: ArrayLike<number>): Float64Array {
    if (this.sortedValues) return histogramSorted(this.sortedValues, edges);
    return this.gridded ? histogramOnGrid(this.gridded, edges) : histogramUnsorted(this.source, edges);
  }

  /** The plain data that rebuilds this sample in a worker thread (numericSampleFromWire). */
  toWire(): NumericWire {
    // Moments go along only when known: otherwise the worker computes them, in parallel with the other columns.
    return { values: this.source, order: this.isSorted ? "sorted" : "any", size: this.size, min: this.min, max: this.max, mean: this.meanValue, std: this.stdValue };
  }
}

/** Below this size sorting is cheap and the grid does not pay. */
const GRID_MIN_SIZE = 1 << 15;

export interface NumericWire extends NumericSummary {
  values: NumericValues;
  order: SampleOrder;
}

export function numericSampleFromWire(w: NumericWire): NumericSample {
  return new NumericSample(w.values, w, w.order);
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
  return s.kind === "numerical" ? s.size : s.total;
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
export function numericSampleFromSorted(sorted: Float64Array, moments: { mean?: number; std?: number } = {}): NumericSample {
  const n = sorted.length;
  return new NumericSample(sorted, { size: n, min: n ? sorted[0]! : NaN, max: n ? sorted[n - 1]! : NaN, ...moments }, "sorted");
}

export interface NumericSampleOptions {
  /**
   * Keep a copy of the finite values (a profile must not change when the caller reuses its arrays): true for a new
   * array, or a Float64Array to write them into (the sample then views its first `size` entries). Default false.
   */
  copy?: boolean | Float64Array;
  /** Buffers a report reuses from column to column: for a sorted copy (if a test asks for one) and the counts. */
  sortBuffers?: SortBuffers;
  /**
   * Count a typed array on this grid (the reference's) in the pass that reads it, instead of a pass of its own
   * later: what a check does with a current column. Not with `copy`.
   */
  grid?: ValueGrid | null;
}

/**
 * The numeric sample of a column and its missing count. Typed arrays are read once (count, range and mean, or the
 * counts on `grid`) and, unless `copy`, kept as they are; plain arrays (numbers and nulls) are copied into a
 * Float64Array, other values refused.
 */
export function numericSample(values: ArrayLike<unknown>, name = "column", options: NumericSampleOptions = {}): { sample: NumericSample; missing: number } {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let size = 0;
  if (values instanceof Float64Array || values instanceof Float32Array) {
    const { copy, grid, sortBuffers } = options;
    if (grid && !copy) {
      const counts = countOnGrid(grid, values, 0, sortBuffers?.counts);
      return { sample: new NumericSample(values, { size: counts.n, min: counts.min, max: counts.max }, "any", sortBuffers, counts), missing: n - counts.n };
    }
    // One pass: count, range, mean (block sums combined pairwise), and with `copy` the finite values written out.
    const out = copy === true ? new Float64Array(n) : copy ? copy : null;
    const blocks: number[] = [];
    let block = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v - v === 0) {
        if (out) out[size] = v;
        size++;
        if (v < min) min = v;
        if (v > max) max = v;
        block += v;
        if ((size & 127) === 0) {
          blocks.push(block);
          block = 0;
        }
      }
    }
    const kept = out ? out.subarray(0, size) : values;
    const mean = size ? sumOfBlocks(blocks, block) / size : NaN;
    return { sample: new NumericSample(kept, { size, min, max, mean }, "any", sortBuffers), missing: n - size };
  }
  const buf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (v - v === 0) {
        buf[size++] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    } else if (v !== null && v !== undefined) {
      throw invalidParameter(`Column "${name}" is numerical but row ${i} holds ${JSON.stringify(v)}: declare it categorical in columnMapping, or clean it.`);
    }
  }
  const kept = options.copy instanceof Float64Array ? finiteCopy(buf.subarray(0, size), options.copy.subarray(0, size)) : size === n ? buf : buf.slice(0, size);
  return { sample: new NumericSample(kept, { size, min, max }, "any", options.sortBuffers), missing: n - size };
}

/** The finite values of `values` written into `out` (exactly as long as their count). */
function finiteCopy(values: NumericValues, out: Float64Array): Float64Array {
  if (out.length === values.length) out.set(values);
  else
    for (let i = 0, k = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v - v === 0) out[k++] = v;
    }
  return out;
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

/** Distinct values of both samples together, counted up to just past `limit` (sorted samples are merged). */
export function countDistinctNumeric(a: NumericSample, b: NumericSample | null, limit: number): number {
  if (a.isSorted && (!b || b.isSorted)) return b ? countDistinctUnion(a.sorted, b.sorted, limit) : countDistinctSorted(a.sorted, limit);
  const seen: number[] = [];
  for (const values of b ? [a.values, b.values] : [a.values]) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v - v === 0 && !seen.includes(v)) {
        seen.push(v);
        if (seen.length > limit) return seen.length;
      }
    }
  }
  return seen.length;
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
