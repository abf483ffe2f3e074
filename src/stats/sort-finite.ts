// Sorting the finite values of a large numeric column in one go: a cache-sized first distribution by value (up to
// 8,192 buckets), then each bucket distributed again inside the cache and finished by insertion sort. Skipping NaN/±Inf
// while reading, and writing straight into the output, saves the copies a filter-then-sort needs; about 1.5-2x
// faster than sortFloat64 and 2.5-3x faster than TypedArray#sort on 1M-row columns (bench/drift.ts).

import { sortFloat64 } from "./sort-float64";

/** First-level buckets: about 128 values each, at most 8,192 (their write positions stay in the L2 cache). */
const topBuckets = (k: number): number => Math.min(8192, Math.max(64, k >>> 7));
/** Buckets larger than this (skewed data) are handed to sortFloat64, which spreads them over their own range. */
const LEAF_MAX = 1 << 15;
const INSERTION_MAX = 48;
/** Below this many values, distributing does not pay: filter and use TypedArray#sort. */
const MIN_DISTRIBUTED = 8192;

const finite = (v: number): boolean => v - v === 0; // NaN and ±Infinity give NaN

/**
 * The finite values of `values` (NaN and ±Infinity skipped), sorted ascending, in the order Float64Array#sort gives
 * (−0 and +0, equal, may come in either order). Written to `out` when it is long enough (the result is then a view
 * of it), else to a new array of exactly the finite count. `scratch` (values.length long) avoids an allocation.
 */
export function sortFinite(values: Float64Array | Float32Array, out?: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v - v === 0) {
      k++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const dst = out && out.length >= k ? out.subarray(0, k) : new Float64Array(k);
  const top = topBuckets(k);
  const scale = top / (max - min);
  if (k < MIN_DISTRIBUTED || !(max > min) || !Number.isFinite(scale) || scale === 0) {
    // Small, constant, or a range so wide the map overflows: copy and use the built-in sort.
    if (k === n) dst.set(values);
    else for (let i = 0, j = 0; i < n; i++) if (finite(values[i]!)) dst[j++] = values[i]!;
    return dst.sort();
  }
  const tmp = scratch && scratch.length >= k ? scratch : new Float64Array(k);
  const last = top - 1;
  const start = new Uint32Array(top + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v - v !== 0) continue;
    const b = Math.floor((v - min) * scale);
    start[b > last ? last : b]!++;
  }
  let sum = 0;
  for (let b = 0; b < top; b++) {
    const c = start[b]!;
    start[b] = sum;
    sum += c;
  }
  start[top] = k;
  const fill = start.slice(0, top);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v - v !== 0) continue;
    const b = Math.floor((v - min) * scale);
    tmp[fill[b > last ? last : b]!++] = v;
  }
  const leafCounts = new Uint32Array((LEAF_MAX >>> 1) + 1);
  for (let b = 0; b < top; b++) {
    const s = start[b]!;
    const e = start[b + 1]!;
    const len = e - s;
    if (len === 0) continue;
    if (len <= INSERTION_MAX) {
      dst.set(tmp.subarray(s, e), s);
      insertionSort(dst, s, e);
    } else if (len <= LEAF_MAX) leafSort(tmp, dst, s, e, leafCounts);
    else {
      dst.set(tmp.subarray(s, e), s);
      sortFloat64(dst.subarray(s, e), tmp.subarray(s, e));
    }
  }
  return dst;
}

function insertionSort(a: Float64Array, s: number, e: number): void {
  for (let i = s + 1; i < e; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= s && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Sorts src[s, e) into dst[s, e): one distribution over the segment's own range (about 2 values a bucket), in cache. */
function leafSort(src: Float64Array, dst: Float64Array, s: number, e: number, counts: Uint32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = s; i < e; i++) {
    const v = src[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) {
    dst.fill(min, s, e); // all equal (rounded data puts many ties in one bucket)
    return;
  }
  const buckets = (e - s) >>> 1;
  const scale = buckets / (max - min);
  if (!Number.isFinite(scale) || scale === 0) {
    dst.set(src.subarray(s, e), s);
    dst.subarray(s, e).sort();
    return;
  }
  const last = buckets - 1;
  counts.fill(0, 0, buckets + 1);
  for (let i = s; i < e; i++) {
    const b = Math.floor((src[i]! - min) * scale);
    counts[b > last ? last : b]!++;
  }
  let sum = s;
  for (let b = 0; b < buckets; b++) {
    const c = counts[b]!;
    counts[b] = sum;
    sum += c;
  }
  for (let i = s; i < e; i++) {
    const v = src[i]!;
    const b = Math.floor((v - min) * scale);
    dst[counts[b > last ? last : b]!++] = v;
  }
  // counts[b] is now the end of bucket b (= the start of b + 1): finish each bucket in place.
  let from = s;
  for (let b = 0; b < buckets; b++) {
    const to = counts[b]!;
    const len = to - from;
    if (len > 1) {
      if (len <= INSERTION_MAX) insertionSort(dst, from, to);
      else if (!allEqual(dst, from, to)) dst.subarray(from, to).sort();
    }
    from = to;
  }
}

function allEqual(a: Float64Array, s: number, e: number): boolean {
  const v = a[s]!;
  for (let i = s + 1; i < e; i++) if (a[i] !== v) return false;
  return true;
}
