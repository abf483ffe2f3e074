// "cramer_von_mises": two-sample Cramér–von Mises p-value (exact when max(n, m) <= 20, else asymptotic); drift when
// p <= threshold.

import { cramervonmises2sampSorted } from "../../stats/cramer-von-mises";
import { requireNumeric } from "../column-sample";
import { pAtMost, type DriftTest } from "../drift-test";

export const cramerVonMisesTest: DriftTest = {
  name: "cramer_von_mises",
  displayName: "Cramer-von Mises p_value",
  columnKinds: ["numerical"],
  defaultThreshold: 0.1,
  scoreKind: "p_value",
  isDrift: pAtMost,
  compute(reference, current) {
    const r = cramervonmises2sampSorted(requireNumeric(reference, "cramer_von_mises").sorted, requireNumeric(current, "cramer_von_mises").sorted);
    return { statistic: r.statistic, score: r.pValue, details: { method: r.method } };
  },
};
