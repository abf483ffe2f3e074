// "empirical_mmd": maximum mean discrepancy with an RBF kernel, bandwidth by the median heuristic, unbiased MMD²,
// and a seeded permutation p-value (Evidently/alibi-detect); drift when p < threshold.

import { SeededRandom } from "../../stats/random";
import { requireNumeric } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

export interface MmdOptions {
  /** Permutations of the pooled sample (default 100, as Evidently and alibi-detect). */
  permutations?: number;
  /** At most this many values per side enter the O(n²) kernel; larger samples are subsampled, seeded (default 500). */
  maxSamples?: number;
  seed?: number;
}

/** Picks k values of a sorted array without replacement, seeded (all of them when k >= n). */
function subsample(sorted: Float64Array, k: number, rng: SeededRandom): Float64Array {
  if (sorted.length <= k) return sorted;
  const idx = rng.shuffle(Uint32Array.from({ length: sorted.length }, (_, i) => i));
  return Float64Array.from(idx.subarray(0, k), (i) => sorted[i]!);
}

/**
 * MMD² (unbiased) and its permutation p-value for two 1-D samples. σ² = ½·median of the pooled pairwise squared
 * distances (the median heuristic on the pooled sample); p = share of permutations with MMD² >= the observed one.
 */
export function mmdPermutationTest(x: Float64Array, y: Float64Array, options: MmdOptions = {}): { mmd2: number; pValue: number; sigma: number } {
  const { permutations = 100, maxSamples = 500, seed = 0 } = options;
  const rng = new SeededRandom(seed);
  const a = subsample(x, maxSamples, rng);
  const b = subsample(y, maxSamples, rng);
  const n = a.length + b.length;
  const z = new Float64Array(n);
  z.set(a);
  z.set(b, a.length);
  const d2 = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d2[t++] = (z[i]! - z[j]!) ** 2;
  const sortedD2 = Float64Array.from(d2).sort();
  const m = sortedD2.length;
  const median = m % 2 ? sortedD2[(m - 1) / 2]! : (sortedD2[m / 2 - 1]! + sortedD2[m / 2]!) / 2;
  const sigma2 = Math.max(0.5 * median, 1e-12);
  const K = new Float64Array(n * n);
  t = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const k = Math.exp(-d2[t++]! / (2 * sigma2));
      K[i * n + j] = k;
      K[j * n + i] = k;
    }
  const labels = new Uint8Array(n);
  labels.fill(1, a.length);
  const mmd2 = (lab: Uint8Array) => {
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const li = lab[i];
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        const k = K[row + j]!;
        if (li !== lab[j]) sxy += k;
        else if (li === 0) sxx += k;
        else syy += k;
      }
    }
    const na = a.length;
    const nb = b.length;
    return (2 * sxx) / (na * (na - 1)) + (2 * syy) / (nb * (nb - 1)) - (2 * sxy) / (na * nb);
  };
  const observed = mmd2(labels);
  let hits = 0;
  const perm = Uint8Array.from(labels);
  for (let p = 0; p < permutations; p++) {
    rng.shuffle(perm);
    if (mmd2(perm) >= observed) hits++;
  }
  return { mmd2: observed, pValue: hits / permutations, sigma: Math.sqrt(sigma2) };
}

/** Options: `permutations`, `maxSamples`, `seed` (see MmdOptions). */
export const empiricalMmdTest: DriftTest = {
  name: "empirical_mmd",
  displayName: "Empirical MMD",
  columnKinds: ["numerical"],
  defaultThreshold: 0.1,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current, options) {
    const r = mmdPermutationTest(requireNumeric(reference, "empirical_mmd").sorted, requireNumeric(current, "empirical_mmd").sorted, options as MmdOptions);
    return { statistic: r.mmd2, score: r.pValue, details: { sigma: r.sigma } };
  },
};
