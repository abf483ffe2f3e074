// Two-sample Kolmogorov–Smirnov test, scipy.stats.ks_2samp (two-sided) with method 'auto', 'exact' or 'asymp'.

import { checkOneOf, checkSample, roundHalfEven, sortedCopy } from "./checks";
import { kstwoSf } from "./kolmogorov";

export type KsMethod = "auto" | "exact" | "asymp";

export interface KsResult {
  /** D = sup |F₁ − F₂|; with the exact method, rounded to a multiple of 1/lcm(n₁, n₂) as scipy reports it. */
  statistic: number;
  pValue: number;
  /** The method actually used ('exact' falls back to 'asymp' where the exact count fails, as scipy). */
  method: "exact" | "asymp";
}

const MAX_AUTO_N = 10000;

/** ks_2samp(x, y, method) for the two-sided alternative. */
export function ks2samp(x: ArrayLike<number>, y: ArrayLike<number>, method: KsMethod = "auto"): KsResult {
  checkSample(x, "x");
  checkSample(y, "y");
  return ks2sampSorted(sortedCopy(x), sortedCopy(y), method);
}

/** The KS statistic of two sorted samples: max |i/n₁ − j/n₂| over the pooled values (ECDFs taken side='right'). */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  // Consume one pooled value at a time; evaluate the ECDF difference once all copies of a value are consumed.
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    const next = j >= n2 ? (i < n1 ? a[i]! : NaN) : i >= n1 ? b[j]! : Math.min(a[i]!, b[j]!);
    if (next === x) continue;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const minD = Math.min(1, Math.max(0, -minS));
  return minD > maxS ? minD : maxS;
}

/** ks_2samp on samples already sorted ascending (no NaN): what drift checks call, having sorted once. */
export function ks2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = "auto"): KsResult {
  checkOneOf(method, ["auto", "exact", "asymp"], "method");
  if (a.length === 0 || b.length === 0) throw new RangeError("ks_2samp needs two non-empty samples");
  return ks2sampFromStatistic(ksStatisticSorted(a, b), a.length, b.length, method);
}

/** ks_2samp's result from its statistic D and the two sample sizes (how the p-value follows from D). */
export function ks2sampFromStatistic(statistic: number, n1: number, n2: number, method: KsMethod = "auto"): KsResult {
  checkOneOf(method, ["auto", "exact", "asymp"], "method");
  if (n1 === 0 || n2 === 0) throw new RangeError("ks_2samp needs two non-empty samples");
  let d = statistic;
  const g = gcd(n1, n2);
  let mode: "exact" | "asymp" = method === "auto" ? (Math.max(n1, n2) <= MAX_AUTO_N ? "exact" : "asymp") : method;
  if (mode === "exact" && n1 / g >= 2147483647 / (n2 / g)) mode = "asymp";
  if (mode === "exact") {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: "exact" };
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
    if (Number.isFinite(prob) && prob >= 0 && prob <= 1) return { statistic: d, pValue: prob, method: "exact" };
    mode = "asymp";
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  const p = kstwoSf(d, roundHalfEven(en));
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method: "asymp" };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// P(D_{n,n} >= h/n) by the alternating sum of binomial ratios, in scipy's Horner form.
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

// P(a lattice path leaves the band |i·n/g − j·m/g| < h), computed directly (no 1 − P(inside) cancellation): each
// cell holds the share of paths to it that already left the band, cells outside the band count 1, and dividing by
// the binomial at every step keeps values in [0, 1] (scipy's pythran _compute_outer_prob_inside_method).
function probOutsideInside(n1: number, n2: number, g: number, h: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const mg = m / g;
  const ng = n / g;
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  // Column i = 0: cells j with j·mg < h are inside (0), the rest outside (1).
  let prevMin = 0;
  let prevMax = Math.min(Math.ceil(h / mg), n + 1);
  for (let i = 1; i <= m; i++) {
    const minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    const maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let below = minj === 0 ? 0 : 1;
    for (let j = minj; j < maxj; j++) {
      const left = j >= prevMin && j < prevMax ? prev[j]! : 1;
      below = (left * i + below * j) / (i + j);
      cur[j] = below;
    }
    [prev, cur] = [cur, prev];
    prevMin = minj;
    prevMax = maxj;
  }
  return prevMax === n + 1 ? prev[n]! : 1;
}
