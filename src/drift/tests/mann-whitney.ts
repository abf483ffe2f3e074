// "mannw": Mann–Whitney U p-value (scipy mannwhitneyu, tie and continuity corrections); drift when p < threshold.
// Evidently calls it with alternative="less" (a one-sided quirk); labops defaults to two-sided and keeps Evidently's
// choice one option away (`mannwAlternative: "less"`).

import { mannWhitneyUSorted } from "../../stats/mann-whitney";
import type { Alternative } from "../../stats/t-test";
import { requireNumeric } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

export const mannWhitneyTest: DriftTest = {
  name: "mannw",
  displayName: "Mann-Whitney U-rank test",
  columnKinds: ["numerical"],
  defaultThreshold: 0.05,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current, options) {
    const r = mannWhitneyUSorted(requireNumeric(reference, "mannw").sorted, requireNumeric(current, "mannw").sorted, {
      alternative: (options.mannwAlternative as Alternative | undefined) ?? "two-sided",
    });
    return { statistic: r.statistic, score: r.pValue, details: { method: r.method } };
  },
};
