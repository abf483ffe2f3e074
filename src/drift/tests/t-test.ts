// "t_test": two-sample t-test p-value (scipy ttest_ind, pooled as Evidently; Welch with equalVar: false); drift
// when p < threshold.

import { ttestIndFromStats } from "../../stats/t-test";
import { requireNumeric } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

/** Options: `equalVar` (default true, pooled variance, Evidently's choice; false for Welch). */
export const tTest: DriftTest = {
  name: "t_test",
  displayName: "t-test p_value",
  columnKinds: ["numerical"],
  defaultThreshold: 0.05,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current, options) {
    const r = requireNumeric(reference, "t_test");
    const c = requireNumeric(current, "t_test");
    const nr = r.size;
    const nc = c.size;
    // Sample variances (ddof 1) from the population ones stored with the samples.
    const v1 = (r.std * r.std * nr) / (nr - 1);
    const v2 = (c.std * c.std * nc) / (nc - 1);
    const res = ttestIndFromStats(r.mean, v1, nr, c.mean, v2, nc, { equalVar: (options.equalVar as boolean | undefined) ?? true });
    return { statistic: res.statistic, score: res.pValue, details: { df: res.df } };
  },
};
