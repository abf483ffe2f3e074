import { sortFloat64 } from "./sort-float64";

// Numeric samples as sorted typed arrays, and the summaries computed from them (moments, ties, ECDF look-ups).

/** A copy of the finite values of `values`, sorted ascending (NaN and ±Infinity dropped, as Evidently drops them). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return sortFloat64(out);
}

/** Arithmetic mean (pairwise sum, as numpy). */
export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  return pairwiseSum(x, 0, x.length) / x.length;
}

/** Sum in blocks of 128, halves combined pairwise: numpy's summation, so means agree to the last bits. */
export function pairwiseSum(x: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  if (n <= 128) {
    let s = 0;
    for (let i = start; i < end; i++) s += x[i]!;
    return s;
  }
  const half = start + Math.floor(n / 2);
  return pairwiseSum(x, start, half) + pairwiseSum(x, half, end);
}

/**
 * A sum taken while streaming over values: add each value to `block`, push each 128-value block's sum; this combines
 * the blocks pairwise, with pairwiseSum's (numpy's) accuracy, and adds the unfinished last block.
 */
export function sumOfBlocks(blocks: number[], last: number): number {
  const pairwise = (lo: number, hi: number): number => (hi - lo === 1 ? blocks[lo]! : pairwise(lo, (lo + hi) >> 1) + pairwise((lo + hi) >> 1, hi));
  return (blocks.length ? pairwise(0, blocks.length) : 0) + last;
}

/** Variance with `ddof` (0: population, as np.var; 1: sample, as ttest_ind), two-pass. */
export function variance(x: ArrayLike<number>, ddof = 0): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    s += d * d;
  }
  return s / (n - ddof);
}

/** Standard deviation with `ddof`. */
export function std(x: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/** First index i with sorted[i] >= v (numpy searchsorted side='left'). */
export function lowerBound(sorted: ArrayLike<number>, v: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > v (numpy searchsorted side='right'). */
export function upperBound(sorted: ArrayLike<number>, v: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of distinct values of a sorted array, stopping early once it passes `limit`. */
export function countDistinctSorted(sorted: ArrayLike<number>, limit = Infinity): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      count++;
      if (count > limit) return count;
    }
  }
  return count;
}

/** Distinct values of two sorted arrays together, stopping early once it passes `limit`. */
export function countDistinctUnion(a: ArrayLike<number>, b: ArrayLike<number>, limit = Infinity): number {
  let i = 0;
  let j = 0;
  let count = 0;
  let last = NaN;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (v !== last) {
      count++;
      last = v;
      if (count > limit) return count;
    }
  }
  return count;
}

/** Evenly spaced points from start to stop inclusive, exactly as np.linspace (the last point is stop itself). */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = step === 0 ? (i / div) * (stop - start) + start : i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** Bin edges of np.histogram_bin_edges(values, bins="sturges") for values whose count, min and max are given. */
export function sturgesEdges(count: number, min: number, max: number): Float64Array {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // numpy: width = ptp / (log2(n) + 1), bins = ceil(ptp / width); for ptp > 0 that is ceil(log2(n) + 1).
  const bins = max === min ? 1 : Math.max(1, Math.ceil((max - min) / ((max - min) / (Math.log2(count) + 1))));
  return linspace(lo, hi, bins + 1);
}

/** Counts of a sorted sample in bins [e_i, e_{i+1}), the last bin closed (np.histogram). */
export function histogramSorted(sorted: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  let prev = lowerBound(sorted, edges[0]!);
  for (let i = 0; i < k; i++) {
    const next = i === k - 1 ? upperBound(sorted, edges[k]!) : lowerBound(sorted, edges[i + 1]!);
    counts[i] = next - prev;
    prev = next;
  }
  return counts;
}

/**
 * histogramSorted's counts without sorting: each finite value's bin found from its position between the first and
 * last edge (exact for linspace edges after a check against the neighbouring edges), in one pass.
 */
export function histogramUnsorted(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  const first = edges[0]!;
  const lastEdge = edges[k]!;
  const scale = k / (lastEdge - first);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= first && v <= lastEdge)) continue; // outside, or NaN
    let b = Math.min(k - 1, Math.floor((v - first) * scale));
    while (b > 0 && v < edges[b]!) b--;
    while (b < k - 1 && v >= edges[b + 1]!) b++;
    counts[b]++;
  }
  return counts;
}
