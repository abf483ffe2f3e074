// Distances between two empirical distributions through their CDFs: Wasserstein-1 and energy distance
// (scipy.stats.wasserstein_distance and energy_distance, unweighted).

import { checkSample, sortedCopy } from "./checks";

/**
 * W₁ of two sorted samples as ∫₀¹ |F_u⁻¹(t) − F_v⁻¹(t)| dt: the quantile functions step at i/nu and j/nv, so the
 * walk is over integer breakpoints (exact weights, no data-dependent branches; equal sizes pair values directly).
 * Equal to ∫|F_u − F_v| dx, scipy's form, up to rounding.
 */
export function wasserstein1Sorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = u.length;
  const nv = v.length;
  if (nu === 0 || nv === 0) return NaN;
  let total = 0;
  if (nu === nv) {
    for (let k = 0; k < nu; k++) total += Math.abs(u[k]! - v[k]!);
    return total / nu;
  }
  // Breakpoints in units of 1/(nu·nv): u's k-th step ends at (k+1)·nv, v's at (k+1)·nu.
  let i = 0;
  let j = 0;
  let prev = 0;
  while (i < nu && j < nv) {
    const eu = (i + 1) * nv;
    const ev = (j + 1) * nu;
    const end = eu < ev ? eu : ev;
    total += Math.abs(u[i]! - v[j]!) * (end - prev);
    prev = end;
    if (eu === end) i++;
    if (ev === end) j++;
  }
  return total / (nu * nv);
}

/** ∫|F_u − F_v|^p over the pooled sorted values (scipy's _cdf_distance without weights), p = 1 or 2. */
export function cdfDistanceSorted(p: 1 | 2, u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = nu && nv ? Math.min(u[0]!, v[0]!) : 0;
  // One pooled value at a time, smallest first: at a gap, i and j count the values <= the previous one, so
  // |i/nu − j/nv| is the CDF difference on that gap (ties give zero-width gaps).
  while (i < nu && j < nv) {
    const a = u[i]!;
    const b = v[j]!;
    const x = a <= b ? a : b;
    const delta = x - prev;
    if (delta !== 0) {
      const diff = Math.abs(i / nu - j / nv);
      total += p === 1 ? diff * delta : diff * diff * delta;
      prev = x;
    }
    if (a <= b) i++;
    else j++;
  }
  // One sample is exhausted: its CDF is 1 from here on.
  while (i < nu) {
    const x = u[i]!;
    const delta = x - prev;
    if (delta !== 0) {
      const diff = Math.abs(i / nu - 1);
      total += p === 1 ? diff * delta : diff * diff * delta;
      prev = x;
    }
    i++;
  }
  while (j < nv) {
    const x = v[j]!;
    const delta = x - prev;
    if (delta !== 0) {
      const diff = Math.abs(1 - j / nv);
      total += p === 1 ? diff * delta : diff * diff * delta;
      prev = x;
    }
    j++;
  }
  return p === 1 ? total : Math.sqrt(total);
}

/** wasserstein_distance(u, v): the first Wasserstein distance between two 1-D samples. */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  checkSample(u, "u");
  checkSample(v, "v");
  return wasserstein1Sorted(sortedCopy(u), sortedCopy(v));
}

/** energy_distance(u, v) = √2 · (∫(F_u − F_v)²)^½. */
export function energyDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  checkSample(u, "u");
  checkSample(v, "v");
  return Math.SQRT2 * cdfDistanceSorted(2, sortedCopy(u), sortedCopy(v));
}
