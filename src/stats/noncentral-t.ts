// Noncentral Student t CDF (scipy.stats.nct.cdf / sf), Lenth's algorithm AS 243; the power of t-tests needs it.

import { normalCdf } from "./distributions";
import { betainc, lgamma } from "./special-functions";

const LN_SQRT_PI = 0.5 * Math.log(Math.PI);

/** P(T <= t) for T noncentral t with df degrees of freedom and noncentrality delta. */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (!(df > 0)) throw new RangeError(`noncentralTCdf needs degrees of freedom > 0, got ${df}`);
  if (Number.isNaN(t) || Number.isNaN(delta)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  // AS 243 sums over t >= 0; for t < 0 use P(T <= t; δ) = 1 − P(T <= −t; −δ).
  const negative = t < 0;
  const tt = negative ? -t : t;
  const del = negative ? -delta : delta;
  let tnc = 0;
  const x = (tt * tt) / (tt * tt + df);
  if (x > 0) {
    const lambda = del * del;
    let p = 0.5 * Math.exp(-0.5 * lambda);
    let q = Math.sqrt(2 / Math.PI) * p * del;
    let s = 0.5 - p;
    let a = 0.5;
    const b = 0.5 * df;
    const rxb = Math.pow(1 - x, b);
    const albeta = LN_SQRT_PI + lgamma(b) - lgamma(0.5 + b);
    let xodd = betainc(a, b, x, df / (tt * tt + df));
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
    let xeven = 1 - rxb;
    let geven = b * x * rxb;
    tnc = p * xodd + q * xeven;
    for (let en = 1; en <= 2000; en++) {
      a += 1;
      xodd -= godd;
      xeven -= geven;
      godd *= (x * (a + b - 1)) / a;
      geven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * en);
      q *= lambda / (2 * en + 1);
      s -= p;
      tnc += p * xodd + q * xeven;
      // Error bound of the truncated series (Lenth); once the Poisson weights have peaked it shrinks fast.
      if (2 * s * (xodd - godd) <= 1e-14 && en > lambda / 2) break;
    }
  }
  tnc += normalCdf(-del);
  tnc = Math.min(1, Math.max(0, tnc));
  return negative ? 1 - tnc : tnc;
}

/** P(T > t) (scipy.stats.nct.sf). */
export function noncentralTSf(t: number, df: number, delta: number): number {
  return noncentralTCdf(-t, df, -delta);
}
