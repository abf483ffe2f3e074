// Student t quantile (scipy.stats.t.ppf / isf), by Newton steps on the exact CDF from a normal start.

import { normalPpf, studentTSf } from "./distributions";
import { lgamma } from "./special-functions";

function tPdf(t: number, df: number): number {
  return Math.exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** t such that P(T <= t) = p for df degrees of freedom (df may be Infinity: the normal quantile). */
export function studentTPpf(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTPpf needs 0 <= p <= 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTPpf needs degrees of freedom > 0, got ${df}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (df === Infinity || df > 1e10) return normalPpf(p);
  if (p === 0.5) return 0;
  // Work in the upper tail for precision, then mirror.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // the smaller tail probability
  let t = -normalPpf(q);
  // Cornish–Fisher style start for small df, where the normal start is far too short.
  const z = t;
  t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  if (!(t > 0) || !Number.isFinite(t)) t = 1;
  // Safeguarded Newton on log of the survival function: bracket [lo, hi] keeps it from running off.
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const sf = studentTSf(t, df);
    if (sf > q) lo = t;
    else hi = t;
    const step = (sf - q) / tPdf(t, df);
    let next = t + step;
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t + 1 : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return upper ? t : -t;
}

/** Upper quantile: t such that P(T > t) = q (scipy.stats.t.isf). */
export function studentTIsf(q: number, df: number): number {
  return -studentTPpf(q, df);
}
