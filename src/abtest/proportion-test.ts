// Two-proportion z-test of treatment against control on a conversion metric, with Wald CIs of difference and lift.

import { invalidParameter } from "../core/errors";
import { normalCdf, normalPpf, normalSf } from "../stats";
import { toProportionSummary, type ProportionInput } from "./arm-summary";
import { checkAlpha, checkAlternative, type CompareOptions, type Comparison } from "./comparison";
import { relativeLift } from "./relative-lift";

/**
 * statsmodels' proportions_ztest([cT, cC], [nT, nC]) (pooled variance p̄(1−p̄)(1/nT + 1/nC) for the test); the
 * difference CI is confint_proportions_2indep(method='wald'), i.e. unpooled.
 */
export function proportionsZTest(control: ProportionInput, treatment: ProportionInput, options: CompareOptions = {}): Comparison {
  const { alpha = 0.05, alternative = "two-sided" } = options;
  checkAlpha(alpha);
  checkAlternative(alternative);
  const c = toProportionSummary(control, "control");
  const t = toProportionSummary(treatment, "treatment");
  const pc = c.conversions / c.n;
  const pt = t.conversions / t.n;
  const pooled = (c.conversions + t.conversions) / (c.n + t.n);
  const difference = pt - pc;
  if (pooled === 0 || pooled === 1) throw invalidParameter(`every unit in both arms has the same outcome (rate ${pooled}): there is nothing to test yet; collect more units.`);
  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / c.n + 1 / t.n));
  const pValue = alternative === "two-sided" ? 2 * normalSf(Math.abs(z)) : alternative === "greater" ? normalSf(z) : normalCdf(z);
  const se = Math.sqrt((pc * (1 - pc)) / c.n + (pt * (1 - pt)) / t.n);
  const q = normalPpf(1 - alpha / 2);
  const lift = relativeLift({ n: c.n, mean: pc, variance: pc * (1 - pc) }, { n: t.n, mean: pt, variance: pt * (1 - pt) }, alpha);
  return {
    test: "two-proportion-z",
    alpha,
    alternative,
    control: { n: c.n, mean: pc },
    treatment: { n: t.n, mean: pt },
    difference,
    differenceCi: { lower: difference - q * se, upper: difference + q * se },
    lift: lift.lift,
    liftCi: lift.ci,
    statistic: z,
    pValue: Math.min(1, pValue),
    df: Infinity,
    significant: pValue < alpha,
  };
}
