// Small statistics on Float64Arrays that ignore NaN, with numpy's conventions (population variance, linear quantiles).

/** The non-NaN values, sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[j++] = values[i]!;
  return out.sort();
}

/** numpy.quantile's default ("linear", method 7) on sorted values; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = pos - lo;
  // numpy's _lerp form, so results agree to the last bit more often.
  const a = sorted[lo]!, b = sorted[hi]!;
  const d = b - a;
  return frac >= 0.5 ? b - d * (1 - frac) : a + d * frac;
}

export interface Moments {
  count: number;
  mean: number;
  /** Population variance (ddof 0), as StandardScaler uses. */
  variance: number;
  min: number;
  max: number;
}

/** Count, mean, variance (two-pass, for accuracy), min and max of the non-NaN values. */
export function moments(values: ArrayLike<number>): Moments {
  let count = 0, sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count ? sum / count : NaN;
  let ss = 0, comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const d = v - mean;
    ss += d * d;
    comp += d;
  }
  const variance = count ? (ss - (comp * comp) / count) / count : NaN;
  return { count, mean, variance, min: count ? min : NaN, max: count ? max : NaN };
}
