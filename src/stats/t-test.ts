// Two-sample t-test, scipy.stats.ttest_ind (pooled variance, or Welch's with the Welch–Satterthwaite dof).

import { invalidParameter } from "../core/errors";
import { checkSample } from "./checks";
import { studentTSf, studentTTwoSided } from "./distributions";
import { mean, variance } from "./sample";

export type Alternative = "two-sided" | "less" | "greater";

export interface TTestResult {
  statistic: number;
  pValue: number;
  df: number;
}

export interface TTestOptions {
  /** true: pooled variance (scipy's default); false: Welch. */
  equalVar?: boolean;
  alternative?: Alternative;
}

/** ttest_ind(a, b, equal_var, alternative) from the two samples. */
export function ttestInd(a: ArrayLike<number>, b: ArrayLike<number>, options: TTestOptions = {}): TTestResult {
  checkSample(a, "a", 2);
  checkSample(b, "b", 2);
  return ttestIndFromStats(mean(a), variance(a, 1), a.length, mean(b), variance(b, 1), b.length, options);
}

/** The same test from means, sample variances (ddof 1) and sizes (scipy's ttest_ind_from_stats). */
export function ttestIndFromStats(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number, options: TTestOptions = {}): TTestResult {
  const { equalVar = true, alternative = "two-sided" } = options;
  if (!["two-sided", "less", "greater"].includes(alternative)) throw invalidParameter(`alternative must be two-sided, less or greater, got "${alternative}".`);
  let df: number;
  let denom: number;
  if (equalVar) {
    df = n1 + n2 - 2;
    const svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
    denom = Math.sqrt(svar * (1 / n1 + 1 / n2));
  } else {
    const vn1 = v1 / n1;
    const vn2 = v2 / n2;
    df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1));
    denom = Math.sqrt(vn1 + vn2);
  }
  const t = (m1 - m2) / denom;
  const pValue = alternative === "two-sided" ? studentTTwoSided(t, df) : alternative === "greater" ? studentTSf(t, df) : studentTSf(-t, df);
  return { statistic: t, pValue, df };
}
