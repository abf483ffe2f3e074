// "anderson": k-sample Anderson–Darling significance level (scipy anderson_ksamp, midrank, capped to
// [0.001, 0.25]); drift when p < threshold.

import { andersonKsampSorted } from "../../stats/anderson-ksamp";
import { requireNumeric } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

export const andersonTest: DriftTest = {
  name: "anderson",
  displayName: "Anderson-Darling test p_value",
  columnKinds: ["numerical"],
  defaultThreshold: 0.1,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current) {
    const r = andersonKsampSorted([requireNumeric(reference, "anderson").sorted, requireNumeric(current, "anderson").sorted]);
    return { statistic: r.statistic, score: r.pValue, details: { pValueBound: r.pValueBound } };
  },
};
