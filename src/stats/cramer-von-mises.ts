// Two-sample Cramér–von Mises test, scipy.stats.cramervonmises_2samp: exact p-value by counting all splits, or
// the asymptotic law (Anderson's series with Bessel K).

import { invalidParameter } from "../core/errors";
import { checkOneOf, checkSample, sortedCopy } from "./checks";
import { binomial } from "./kolmogorov";
import { forEachTieGroup } from "./ranks";
import { besselK, lgamma } from "./special-functions";

export interface CramerVonMisesResult {
  statistic: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

export function cramervonmises2samp(x: ArrayLike<number>, y: ArrayLike<number>, method: "auto" | "exact" | "asymptotic" = "auto"): CramerVonMisesResult {
  checkSample(x, "x", 2);
  checkSample(y, "y", 2);
  return cramervonmises2sampSorted(sortedCopy(x), sortedCopy(y), method);
}

/** cramervonmises_2samp on sorted samples (no NaN); 'auto' is exact when max(nx, ny) <= 20. */
export function cramervonmises2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: "auto" | "exact" | "asymptotic" = "auto"): CramerVonMisesResult {
  checkOneOf(method, ["auto", "exact", "asymptotic"], "method");
  const nx = a.length;
  const ny = b.length;
  if (nx <= 1 || ny <= 1) throw invalidParameter(`cramervonmises_2samp needs at least two observations per sample, got ${nx} and ${ny}.`);
  const used = method === "auto" ? (Math.max(nx, ny) > 20 ? "asymptotic" : "exact") : method;
  // Σ (r_i − i)² over each sample's sorted average ranks.
  let sx = 0;
  let sy = 0;
  let ix = 0;
  let iy = 0;
  forEachTieGroup(a, b, (_v, ca, cb, first) => {
    const r = first + (ca + cb - 1) / 2;
    for (let q = 0; q < ca; q++) sx += (r - ++ix) ** 2;
    for (let q = 0; q < cb; q++) sy += (r - ++iy) ** 2;
  });
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  const p = used === "exact" ? exactPValue(u, nx, ny) : asymptoticPValue(t, N, nx, ny, k);
  return { statistic: t, pValue: p, method: used };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// Distribution of Σ (a·v − b·u)² along lattice paths (scipy's _pval_cvm_2samp_exact), one map per row.
function exactPValue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1))) / (6 * mn ** 2));
  const combos = binomial(m + n, m);
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v <= m; v++) {
      const merged = new Map(tmp);
      for (const [val, cnt] of gs[v]!) merged.set(val, (merged.get(val) ?? 0) + cnt);
      const res = (a * v - b * u) ** 2;
      tmp = new Map();
      for (const [val, cnt] of merged) tmp.set(val + res, cnt);
      next.push(tmp);
    }
    gs = next;
  }
  let hits = 0;
  for (const [val, cnt] of gs[m]!) if (val >= zeta) hits += cnt;
  return hits / combos;
}

function cdfCvmInf(x: number): number {
  let tot = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(lgamma(k + 0.5) - lgamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    tot += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return tot;
}

function asymptoticPValue(t: number, N: number, nx: number, ny: number, k: number): number {
  const et = (1 + 1 / N) / 6;
  let vt = (N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k);
  vt = vt / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  return tn >= 0.003 ? Math.max(1 - cdfCvmInf(tn), 0) : 1;
}
