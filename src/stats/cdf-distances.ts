// Distances between two empirical distributions through their CDFs: Wasserstein-1 and energy distance
// (scipy.stats.wasserstein_distance and energy_distance, unweighted).

import { checkSample, sortedCopy } from "./checks";

/** ∫|F_u − F_v|^p over the pooled sorted values (scipy's _cdf_distance without weights), p = 1 or 2. */
export function cdfDistanceSorted(p: 1 | 2, u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = NaN;
  let first = true;
  // Walk all pooled values in order; each gap to the next value carries the CDF difference at the current one.
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u[i]! <= v[j]!) ? u[i]! : v[j]!;
    if (!first) {
      const delta = x - prev;
      if (delta !== 0) {
        const diff = Math.abs(i / nu - j / nv);
        total += p === 1 ? diff * delta : diff * diff * delta;
      }
    }
    first = false;
    prev = x;
    while (i < nu && u[i]! <= x) i++;
    while (j < nv && v[j]! <= x) j++;
  }
  return p === 1 ? total : Math.sqrt(total);
}

/** wasserstein_distance(u, v): the first Wasserstein distance between two 1-D samples. */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  checkSample(u, "u");
  checkSample(v, "v");
  return cdfDistanceSorted(1, sortedCopy(u), sortedCopy(v));
}

/** energy_distance(u, v) = √2 · (∫(F_u − F_v)²)^½. */
export function energyDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  checkSample(u, "u");
  checkSample(v, "v");
  return Math.SQRT2 * cdfDistanceSorted(2, sortedCopy(u), sortedCopy(v));
}
