// Mann–Whitney U test, scipy.stats.mannwhitneyu: exact null distribution or the normal approximation with the
// tie correction and the continuity correction.

import { invalidParameter } from "../core/errors";
import { checkOneOf, checkSample, sortedCopy } from "./checks";
import { normalSf } from "./distributions";
import { binomial } from "./kolmogorov";
import { pooledRanks } from "./ranks";
import type { Alternative } from "./t-test";

export interface MannWhitneyOptions {
  useContinuity?: boolean;
  alternative?: Alternative;
  /** 'auto': exact when either sample has at most 8 values and there are no ties. */
  method?: "auto" | "exact" | "asymptotic";
}

export interface MannWhitneyResult {
  /** U of the first sample. */
  statistic: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>, options: MannWhitneyOptions = {}): MannWhitneyResult {
  checkSample(x, "x");
  checkSample(y, "y");
  return mannWhitneyUSorted(sortedCopy(x), sortedCopy(y), options);
}

/** mannwhitneyu on sorted samples (no NaN). */
export function mannWhitneyUSorted(a: ArrayLike<number>, b: ArrayLike<number>, options: MannWhitneyOptions = {}): MannWhitneyResult {
  const { useContinuity = true, alternative = "two-sided", method = "auto" } = options;
  checkOneOf(alternative, ["two-sided", "less", "greater"], "alternative");
  checkOneOf(method, ["auto", "exact", "asymptotic"], "method");
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw invalidParameter("mannwhitneyu needs two non-empty samples.");
  const { rankSumFirst, tieSizes } = pooledRanks(a, b);
  const U1 = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const [U, f] = alternative === "greater" ? [U1, 1] : alternative === "less" ? [U2, 1] : [Math.max(U1, U2), 2];
  const used = method === "auto" ? (n1 > 8 && n2 > 8) || tieSizes.length > 0 ? "asymptotic" : "exact" : method;
  let p: number;
  if (used === "exact") p = mwuSf(Math.trunc(U), n1, n2);
  else {
    const n = n1 + n2;
    let tieTerm = 0;
    for (const t of tieSizes) tieTerm += t * t * t - t;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let num = U - (n1 * n2) / 2;
    if (useContinuity) num -= 0.5;
    p = normalSf(num / s);
  }
  return { statistic: U1, pValue: Math.min(1, Math.max(0, p * f)), method: used };
}

// Exact null distribution of U by Löffler's recursion (scipy's _MWU.build_u_freqs_array), as counts.
function uFrequencies(n1: number, n2: number, maxu: number): Float64Array {
  const [a, b] = n1 <= n2 ? [n1, n2] : [n2, n1];
  const sigma = new Float64Array(maxu + 1);
  for (let d = 1; d <= a; d++) for (let i = d; i <= maxu; i += d) sigma[i]! += d;
  for (let d = b + 1; d <= b + a; d++) for (let i = d; i <= maxu; i += d) sigma[i]! -= d;
  const conf = new Float64Array(maxu + 1);
  conf[0] = 1;
  for (let u = 1; u <= maxu; u++) {
    let s = 0;
    for (let i = 0; i < u; i++) s += conf[i]! * sigma[u - i]!;
    conf[u] = Math.trunc(s / u);
  }
  return conf;
}

function mwuSf(k: number, n1: number, n2: number): number {
  const total = binomial(n1 + n2, n1);
  const kc = n1 * n2 - k;
  if (k < kc) {
    const freqs = uFrequencies(n1, n2, k);
    let cdf = 0;
    for (let i = 0; i <= k; i++) cdf += freqs[i]! / total;
    return 1 - cdf + freqs[k]! / total;
  }
  const freqs = uFrequencies(n1, n2, kc);
  let cdf = 0;
  for (let i = 0; i <= kc; i++) cdf += freqs[i]! / total;
  return cdf;
}
