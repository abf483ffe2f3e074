// Sorting large float64 columns: a bucket pass over [min, max] (values spread over n/4 buckets by a monotone
// map), then each small bucket sorted in place. Measured ~2-4x faster than TypedArray#sort on 1M-row columns,
// whose sorting dominates a drift check; same order as TypedArray#sort for finite values, except that −0 and +0 (equal) may come in either order.

const MIN_BUCKETED = 8192;
const INSERTION_MAX = 48;

/**
 * Sorts finite `values` ascending in place and returns it. `scratch` (at least values.length long) avoids an
 * allocation; its contents are overwritten.
 */
export function sortFloat64(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < MIN_BUCKETED) return values.sort();
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const buckets = n >>> 2;
  const scale = buckets / (max - min);
  // A constant column, or a range too wide for the map (overflow): the built-in sort handles it.
  if (!(max > min) || !Number.isFinite(scale) || scale === 0) return values.sort();
  const tmp = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  const start = new Uint32Array(buckets + 1);
  const last = buckets - 1;
  for (let i = 0; i < n; i++) {
    const b = Math.floor((values[i]! - min) * scale);
    start[b > last ? last : b]!++;
  }
  // Most values in a few buckets (far outliers stretch the range): bucketing would not pay, sort directly.
  let biggest = 0;
  for (let b = 0; b < buckets; b++) if (start[b]! > biggest) biggest = start[b]!;
  if (biggest > n >>> 6) return values.sort();
  let sum = 0;
  for (let b = 0; b < buckets; b++) {
    const c = start[b]!;
    start[b] = sum;
    sum += c;
  }
  start[buckets] = n;
  const fill = start.slice(0, buckets);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const b = Math.floor((v - min) * scale);
    tmp[fill[b > last ? last : b]!++] = v;
  }
  for (let b = 0; b < buckets; b++) {
    const s = start[b]!;
    const e = start[b + 1]!;
    const len = e - s;
    if (len < 2) continue;
    if (len <= INSERTION_MAX) {
      for (let i = s + 1; i < e; i++) {
        const v = tmp[i]!;
        let j = i - 1;
        while (j >= s && tmp[j]! > v) {
          tmp[j + 1] = tmp[j]!;
          j--;
        }
        tmp[j + 1] = v;
      }
    } else tmp.subarray(s, e).sort();
  }
  values.set(tmp.subarray(0, n));
  return values;
}
