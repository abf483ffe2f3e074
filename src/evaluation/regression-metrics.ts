// Regression metrics (scikit-learn's) and the shape of the residuals (scipy's biased skew and Fisher kurtosis).

import { invalidParameter } from "../core/errors";
import { checkSameLength } from "./labels";
import { toFloat64 } from "./scores";

const EPS = 2 ** -52;

export interface RegressionReport {
  n: number;
  mae: number;
  mse: number;
  rmse: number;
  /** 1 - SS_res / SS_tot; for a constant yTrue, 1 if every prediction is exact, else 0 (scikit-learn's force_finite). */
  r2: number;
  /**
   * Mean of |y - yhat| / max(|y|, eps) with eps = 2^-52 (scikit-learn's rule): a zero target does not divide by
   * zero but gives a huge term, so MAPE is finite and very large when yTrue holds zeros (see `zeroTargets`).
   */
  mape: number;
  /** How many targets were 0 (each such term in MAPE is |yhat| / eps). */
  zeroTargets: number;
  medianAbsoluteError: number;
  maxError: number;
  explainedVariance: number;
  /** Residuals are yTrue - yPred. Std is the population one (ddof 0). */
  residualMean: number;
  residualStd: number;
  /** scipy.stats.skew (biased); NaN when the residuals are constant, as scipy returns. */
  residualSkew: number;
  /** scipy.stats.kurtosis (Fisher: 0 for a normal distribution, biased); NaN for constant residuals. */
  residualKurtosis: number;
}

export function regressionReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  checkSameLength(yTrue, yPred, "yTrue", "yPred");
  const n = yTrue.length;
  if (n === 0) throw invalidParameter("regressionReport: yTrue and yPred are empty; give at least one sample.");
  const t = toFloat64(yTrue, "yTrue");
  const p = toFloat64(yPred, "yPred");
  let absSum = 0;
  let sqSum = 0;
  let apeSum = 0;
  let maxError = 0;
  let zeroTargets = 0;
  let tSum = 0;
  let rSum = 0;
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = t[i]! - p[i]!;
    const a = Math.abs(r);
    abs[i] = a;
    absSum += a;
    sqSum += r * r;
    apeSum += a / Math.max(Math.abs(t[i]!), EPS);
    if (t[i] === 0) zeroTargets++;
    if (a > maxError) maxError = a;
    tSum += t[i]!;
    rSum += r;
  }
  const tMean = tSum / n;
  const rMean = rSum / n;
  let ssTot = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = t[i]! - tMean;
    ssTot += d * d;
    const e = t[i]! - p[i]! - rMean;
    const e2 = e * e;
    m2 += e2;
    m3 += e2 * e;
    m4 += e2 * e2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const finiteRatio = (num: number, den: number) => (den === 0 ? (num === 0 ? 1 : 0) : 1 - num / den);
  // scipy: moments this close to zero (relative to the mean) mean constant data, where skew and kurtosis are NaN.
  const constant = m2 <= (1e-15 * rMean) ** 2;
  abs.sort();
  const median = n % 2 ? abs[(n - 1) / 2]! : (abs[n / 2 - 1]! + abs[n / 2]!) / 2;
  return {
    n,
    mae: absSum / n,
    mse: sqSum / n,
    rmse: Math.sqrt(sqSum / n),
    r2: finiteRatio(sqSum, ssTot),
    mape: apeSum / n,
    zeroTargets,
    medianAbsoluteError: median,
    maxError,
    explainedVariance: finiteRatio(m2 * n, ssTot),
    residualMean: rMean,
    residualStd: Math.sqrt(m2),
    residualSkew: constant ? Number.NaN : m3 / m2 ** 1.5,
    residualKurtosis: constant ? Number.NaN : m4 / (m2 * m2) - 3,
  };
}

export const meanAbsoluteError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => regressionReport(yTrue, yPred).mae;
export const meanSquaredError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => regressionReport(yTrue, yPred).mse;
export const rootMeanSquaredError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => regressionReport(yTrue, yPred).rmse;
export const r2Score = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => regressionReport(yTrue, yPred).r2;
export const meanAbsolutePercentageError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => regressionReport(yTrue, yPred).mape;
