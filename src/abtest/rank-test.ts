// Mann–Whitney U test of treatment against control, for skewed metrics, with the common-language effect size.

import { mannWhitneyU, type Alternative } from "../stats";

export interface RankTestResult {
  /** U of the treatment sample (scipy: mannwhitneyu(treatment, control).statistic). */
  statistic: number;
  pValue: number;
  /** P(T > C) + ½·P(T = C), i.e. U / (nT·nC). */
  probabilityOfSuperiority: number;
  method: "exact" | "asymptotic";
}

export function mannWhitneyTest(control: ArrayLike<number>, treatment: ArrayLike<number>, options: { alternative?: Alternative; useContinuity?: boolean } = {}): RankTestResult {
  const r = mannWhitneyU(treatment, control, options);
  return { statistic: r.statistic, pValue: r.pValue, probabilityOfSuperiority: r.statistic / (treatment.length * control.length), method: r.method };
}
