// Welch's t-test of treatment against control on a numeric metric, with the CI of the difference and the lift.

import { invalidParameter } from "../core/errors";
import { ttestIndFromStats } from "../stats";
import { studentTPpf } from "../stats/student-t-quantile";
import { toMeanSummary, type MeanInput, type MeanSummary } from "./arm-summary";
import { checkAlpha, checkAlternative, type CompareOptions, type Comparison } from "./comparison";
import { relativeLift } from "./relative-lift";

/**
 * statsmodels' ttest_ind(treatment, control, usevar='unequal') (scipy: equal_var=False); the difference CI is
 * CompareMeans.tconfint_diff(usevar='unequal'). Inputs are raw arrays or per-arm summaries.
 */
export function welchTest(control: MeanInput, treatment: MeanInput, options: CompareOptions = {}): Comparison {
  const { alpha = 0.05, alternative = "two-sided" } = options;
  checkAlpha(alpha);
  checkAlternative(alternative);
  const c = toMeanSummary(control, "control");
  const t = toMeanSummary(treatment, "treatment");
  return welchFromSummaries(c, t, alpha, alternative, "welch-t");
}

export function welchFromSummaries(c: MeanSummary, t: MeanSummary, alpha: number, alternative: Comparison["alternative"], test: Comparison["test"]): Comparison {
  if (c.variance === 0 && t.variance === 0) throw invalidParameter("both arms have zero variance: the t-test is undefined; check that the metric is logged per unit.");
  const r = ttestIndFromStats(t.mean, t.variance, t.n, c.mean, c.variance, c.n, { equalVar: false, alternative });
  const se = Math.sqrt(t.variance / t.n + c.variance / c.n);
  const difference = t.mean - c.mean;
  const q = studentTPpf(1 - alpha / 2, r.df);
  const lift = relativeLift(c, t, alpha, r.df);
  return {
    test,
    alpha,
    alternative,
    control: { n: c.n, mean: c.mean },
    treatment: { n: t.n, mean: t.mean },
    difference,
    differenceCi: { lower: difference - q * se, upper: difference + q * se },
    lift: lift.lift,
    liftCi: lift.ci,
    statistic: r.statistic,
    pValue: r.pValue,
    df: r.df,
    significant: r.pValue < alpha,
  };
}
