// Normal, chi-square and Student t distributions: CDF, survival function and quantile, as scipy.stats names them.

import { betainc, erfc, gammaincP, gammaincQ } from "./special-functions";

const SQRT1_2 = Math.SQRT1_2;

/** Φ(x), the standard normal CDF (scipy.special.ndtr). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

/** 1 − Φ(x), exact in the upper tail (scipy.stats.norm.sf). */
export function normalSf(x: number): number {
  return 0.5 * erfc(x * SQRT1_2);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Φ⁻¹(p) (scipy.stats.norm.ppf): Acklam's rational start, then two Halley steps on the exact CDF, which brings it
 * to full double precision.
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalPpf needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  for (let i = 0; i < 2; i++) {
    // Residual on the side of the smaller tail keeps relative precision for tiny p.
    const e = x < 0 ? normalCdf(x) - p : -(normalSf(x) - (1 - p));
    const u = e / normalPdf(x);
    x = x - u / (1 + (x * u) / 2);
  }
  return x;
}

function checkDf(df: number, name: string): void {
  if (!(df > 0)) throw new RangeError(`${name} needs degrees of freedom > 0, got ${df}`);
}

/** Chi-square CDF with df degrees of freedom. */
export function chi2Cdf(x: number, df: number): number {
  checkDf(df, "chi2Cdf");
  return x <= 0 ? 0 : gammaincP(df / 2, x / 2);
}

/** Chi-square survival function (scipy.stats.chi2.sf), the p-value of χ² tests. */
export function chi2Sf(x: number, df: number): number {
  checkDf(df, "chi2Sf");
  if (Number.isNaN(x)) return NaN;
  return x <= 0 ? 1 : gammaincQ(df / 2, x / 2);
}

/** Student t survival function P(T > t) (scipy.stats.t.sf). */
export function studentTSf(t: number, df: number): number {
  checkDf(df, "studentTSf");
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  // x = df/(df+t²) and 1−x = t²/(df+t²), each computed directly.
  const half = 0.5 * betainc(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return t > 0 ? half : 1 - half;
}

/** Student t CDF. */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** Two-sided p-value 2·P(T > |t|). */
export function studentTTwoSided(t: number, df: number): number {
  checkDf(df, "studentTTwoSided");
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return Math.min(1, betainc(df / 2, 0.5, df / (df + t2), t2 / (df + t2)));
}
