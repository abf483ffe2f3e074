// Divergences between two discrete distributions (probability vectors or counts over the same bins):
// Jensen–Shannon distance, Kullback–Leibler divergence, population stability index, Hellinger distance.

import { invalidParameter } from "../core/errors";

function checkPair(p: readonly number[], q: readonly number[], name: string): void {
  if (p.length !== q.length || p.length === 0) throw invalidParameter(`${name} needs two non-empty vectors of the same length, got ${p.length} and ${q.length}.`);
  for (const v of [...p, ...q]) if (!(v >= 0) || v === Infinity) throw invalidParameter(`${name}: entries must be finite and >= 0, got ${v}.`);
}

function normalize(p: readonly number[]): number[] {
  let s = 0;
  for (const v of p) s += v;
  return p.map((v) => v / s);
}

/** scipy.special.rel_entr: x·ln(x/y), 0 when x = 0, +∞ when y = 0 < x. */
export function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** scipy.spatial.distance.jensenshannon(p, q, base): √(JS divergence), natural log unless `base` is given. */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base?: number): number {
  checkPair(p, q, "jensenshannon");
  const pn = normalize(p);
  const qn = normalize(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    left += relEntr(pn[i]!, m);
    right += relEntr(qn[i]!, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/** scipy.stats.entropy(p, q): KL(p‖q) in nats after normalising both. */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  checkPair(p, q, "kl_div");
  const pn = normalize(p);
  const qn = normalize(q);
  let s = 0;
  for (let i = 0; i < pn.length; i++) s += relEntr(pn[i]!, qn[i]!);
  return s;
}

/** Population stability index Σ (r − c)·ln(r/c) over shares that are already non-zero. */
export function populationStabilityIndex(refShares: readonly number[], curShares: readonly number[]): number {
  checkPair(refShares, curShares, "psi");
  let s = 0;
  for (let i = 0; i < refShares.length; i++) {
    const r = refShares[i]!;
    const c = curShares[i]!;
    if (r === 0 || c === 0) throw invalidParameter(`psi: share ${i} is zero; fill empty bins first (fillZeroShares).`);
    s += (r - c) * Math.log(r / c);
  }
  return s;
}

/**
 * Evidently's zero filling for PSI and KL: empty bins get 0.0001, or min(non-zero)/1e6 when the smallest non-zero
 * share is itself at most 0.0001, so the logarithms stay finite.
 */
export function fillZeroShares(shares: readonly number[]): number[] {
  let min = Infinity;
  for (const v of shares) if (v !== 0 && v < min) min = v;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return shares.map((v) => (v === 0 ? fill : v));
}

/** Hellinger distance √(1 − Σ√(p·q)) of two probability vectors (clamped at 0 against rounding). */
export function hellingerDistance(p: readonly number[], q: readonly number[]): number {
  checkPair(p, q, "hellinger");
  let bc = 0;
  for (let i = 0; i < p.length; i++) bc += Math.sqrt(p[i]! * q[i]!);
  return Math.sqrt(Math.max(0, 1 - bc));
}
