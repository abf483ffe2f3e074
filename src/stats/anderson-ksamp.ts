// k-sample Anderson–Darling test, scipy.stats.anderson_ksamp (midrank variant) with scipy's interpolated p-value,
// capped to [0.001, 0.25].

import { invalidParameter } from "../core/errors";
import { checkSample, sortedCopy } from "./checks";
import { lowerBound, upperBound } from "./sample";

export interface AndersonKsampResult {
  /** The normalized statistic A2. */
  statistic: number;
  /** Critical values at the significance levels 25%, 10%, 5%, 2.5%, 1%, 0.5%, 0.1%. */
  criticalValues: number[];
  /** Interpolated significance level; 0.25 and 0.001 mean capped (the true value is beyond). */
  pValue: number;
  /** 'capped': above 0.25; 'floored': below 0.001; 'interpolated' otherwise. */
  pValueBound: "capped" | "floored" | "interpolated";
}

const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

export function andersonKsamp(samples: readonly ArrayLike<number>[]): AndersonKsampResult {
  if (samples.length < 2) throw invalidParameter(`anderson_ksamp needs at least two samples, got ${samples.length}.`);
  samples.forEach((s, i) => checkSample(s, `samples[${i}]`));
  return andersonKsampSorted(samples.map(sortedCopy));
}

/** anderson_ksamp on sorted samples (no NaN). */
export function andersonKsampSorted(sorted: readonly ArrayLike<number>[]): AndersonKsampResult {
  const k = sorted.length;
  const n = sorted.map((s) => s.length);
  if (n.some((x) => x === 0)) throw invalidParameter("anderson_ksamp: a sample has no observations.");
  const N = n.reduce((a, b) => a + b, 0);
  // Z: the pooled sorted sample; Zstar: its distinct values.
  const Z = new Float64Array(N);
  let off = 0;
  for (const s of sorted) {
    Z.set(s as ArrayLike<number>, off);
    off += s.length;
  }
  Z.sort();
  const zs: number[] = [];
  for (let i = 0; i < N; i++) if (i === 0 || Z[i] !== Z[i - 1]) zs.push(Z[i]!);
  if (zs.length < 2) throw invalidParameter("anderson_ksamp needs more than one distinct observation.");
  const L = zs.length;
  const lj = new Float64Array(L);
  const Bj = new Float64Array(L);
  for (let t = 0; t < L; t++) {
    const left = lowerBound(Z, zs[t]!);
    lj[t] = N === L ? 1 : upperBound(Z, zs[t]!) - left;
    Bj[t] = left + lj[t]! / 2;
  }
  let A2akN = 0;
  for (let i = 0; i < k; i++) {
    const s = sorted[i]!;
    let inner = 0;
    for (let t = 0; t < L; t++) {
      const right = upperBound(s, zs[t]!);
      const fij = right - lowerBound(s, zs[t]!);
      const Mij = right - fij / 2;
      const num = N * Mij - Bj[t]! * n[i]!;
      inner += ((lj[t]! / N) * num * num) / (Bj[t]! * (N - Bj[t]!) - (N * lj[t]!) / 4);
    }
    A2akN += inner / n[i]!;
  }
  A2akN *= (N - 1) / N;
  let H = 0;
  for (const x of n) H += 1 / x;
  // hs_cs = cumsum(1/arange(N-1, 1, -1)); h = hs_cs[-1] + 1; g = Σ hs_cs / arange(2, N).
  let cum = 0;
  let g = 0;
  for (let idx = 0, v = N - 1; v > 1; v--, idx++) {
    cum += 1 / v;
    g += cum / (idx + 2);
  }
  const h = cum + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const A2 = (A2akN - m) / Math.sqrt(sigmasq);
  const critical = B0.map((b0, i) => b0 + B1[i]! / Math.sqrt(m) + B2[i]! / m);
  if (A2 < Math.min(...critical)) return { statistic: A2, criticalValues: critical, pValue: 0.25, pValueBound: "capped" };
  if (A2 > Math.max(...critical)) return { statistic: A2, criticalValues: critical, pValue: 0.001, pValueBound: "floored" };
  const coef = quadraticFit(critical, SIG.map(Math.log));
  return { statistic: A2, criticalValues: critical, pValue: Math.exp((coef[0] * A2 + coef[1]) * A2 + coef[2]), pValueBound: "interpolated" };
}

/** Least-squares parabola through (x, y): [c2, c1, c0] as np.polyfit(x, y, 2), solved by Householder QR. */
export function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  const rows = x.length;
  // numpy scales the Vandermonde columns to unit norm first; QR is insensitive to that, so solve directly.
  const A = x.map((v) => [v * v, v, 1]);
  const bvec = [...y];
  for (let col = 0; col < 3; col++) {
    let norm = 0;
    for (let r = col; r < rows; r++) norm += A[r]![col]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[col]![col]! > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let r = col; r < rows; r++) v[r] = A[r]![col]!;
    v[col]! -= alpha;
    let vnorm2 = 0;
    for (let r = col; r < rows; r++) vnorm2 += v[r]! ** 2;
    if (vnorm2 === 0) continue;
    for (let cc = col; cc < 3; cc++) {
      let dot = 0;
      for (let r = col; r < rows; r++) dot += v[r]! * A[r]![cc]!;
      const f = (2 * dot) / vnorm2;
      for (let r = col; r < rows; r++) A[r]![cc]! -= f * v[r]!;
    }
    let dot = 0;
    for (let r = col; r < rows; r++) dot += v[r]! * bvec[r]!;
    const f = (2 * dot) / vnorm2;
    for (let r = col; r < rows; r++) bvec[r]! -= f * v[r]!;
  }
  const coef = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let s = bvec[i]!;
    for (let j = i + 1; j < 3; j++) s -= A[i]![j]! * coef[j]!;
    coef[i] = s / A[i]![i]!;
  }
  return [coef[0]!, coef[1]!, coef[2]!];
}
