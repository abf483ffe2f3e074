// CUPED: variance reduction with a pre-period covariate. θ = Cov(y, x)/Var(x) pooled within arms, and each arm's
// mean becomes ȳ − θ(x̄ − x̄_all), so the difference is the ANCOVA treatment effect of y ~ 1 + arm + x.

import { invalidParameter } from "../core/errors";
import type { MeanSummary } from "./arm-summary";
import { checkAlpha, checkAlternative, type CompareOptions, type Comparison } from "./comparison";
import { welchFromSummaries } from "./welch-test";

/** One arm's metric y and pre-period covariate x, as sums a warehouse can return. */
export interface CupedSummary {
  n: number;
  meanY: number;
  meanX: number;
  /** Sample variances and covariance (ddof 1). */
  varY: number;
  varX: number;
  covXY: number;
}

export interface CupedResult extends Comparison {
  theta: number;
  /** 1 − Var(adjusted)/Var(y), pooled over arms: the share of variance removed. */
  varianceReduction: number;
  /** The same comparison without adjustment, for reference. */
  unadjusted: Comparison;
}

/** Summary of raw (y, x) pairs of one arm, in two passes over typed arrays. */
export function summarizeCuped(y: ArrayLike<number>, x: ArrayLike<number>, name = "arm"): CupedSummary {
  const n = y.length;
  if (x.length !== n) throw invalidParameter(`${name}: the metric has ${n} values but the covariate has ${x.length}; give one pre-period value per unit.`);
  if (n < 2) throw invalidParameter(`${name} needs at least 2 units, got ${n}.`);
  let sy = 0, sx = 0;
  for (let i = 0; i < n; i++) {
    sy += y[i]!;
    sx += x[i]!;
  }
  const my = sy / n, mx = sx / n;
  if (!Number.isFinite(my) || !Number.isFinite(mx)) throw invalidParameter(`${name} contains NaN or infinite values: drop or fill them first.`);
  let syy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dy = y[i]! - my, dx = x[i]! - mx;
    syy += dy * dy;
    sxx += dx * dx;
    sxy += dx * dy;
  }
  return { n, meanY: my, meanX: mx, varY: syy / (n - 1), varX: sxx / (n - 1), covXY: sxy / (n - 1) };
}

function isSummary(v: unknown): v is CupedSummary {
  return typeof v === "object" && v !== null && "covXY" in v;
}

/** Raw arrays { y, x } or summaries per arm; Welch's test on the adjusted means. */
export function cupedTest(
  control: CupedSummary | { y: ArrayLike<number>; x: ArrayLike<number> },
  treatment: CupedSummary | { y: ArrayLike<number>; x: ArrayLike<number> },
  options: CompareOptions = {},
): CupedResult {
  const { alpha = 0.05, alternative = "two-sided" } = options;
  checkAlpha(alpha);
  checkAlternative(alternative);
  const c = isSummary(control) ? control : summarizeCuped(control.y, control.x, "control");
  const t = isSummary(treatment) ? treatment : summarizeCuped(treatment.y, treatment.x, "treatment");
  const sxx = (c.n - 1) * c.varX + (t.n - 1) * t.varX;
  if (!(sxx > 0)) throw invalidParameter("the covariate is constant within both arms: CUPED needs a pre-period metric that varies.");
  const theta = ((c.n - 1) * c.covXY + (t.n - 1) * t.covXY) / sxx;
  const mxAll = (c.n * c.meanX + t.n * t.meanX) / (c.n + t.n);
  const adjust = (a: CupedSummary): MeanSummary => ({
    n: a.n,
    mean: a.meanY - theta * (a.meanX - mxAll),
    variance: Math.max(0, a.varY + theta * theta * a.varX - 2 * theta * a.covXY),
  });
  const ac = adjust(c);
  const at = adjust(t);
  const adjusted = welchFromSummaries(ac, at, alpha, alternative, "cuped-welch-t");
  const unadjusted = welchFromSummaries({ n: c.n, mean: c.meanY, variance: c.varY }, { n: t.n, mean: t.meanY, variance: t.varY }, alpha, alternative, "welch-t");
  const pooledY = (c.n - 1) * c.varY + (t.n - 1) * t.varY;
  const pooledAdj = (c.n - 1) * ac.variance + (t.n - 1) * at.variance;
  return { ...adjusted, theta, varianceReduction: pooledY > 0 ? 1 - pooledAdj / pooledY : 0, unadjusted };
}
