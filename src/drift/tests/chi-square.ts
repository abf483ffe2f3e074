// "chisquare": goodness of fit of current counts against reference counts rescaled to the current total
// (Evidently's use of scipy chisquare over the union of categories); drift when p < threshold.

import { chisquare } from "../../stats/chi-square";
import { asCategorical, unionKeys } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

export const chiSquareTest: DriftTest = {
  name: "chisquare",
  displayName: "chi-square p_value",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.05,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current) {
    const r = asCategorical(reference);
    const c = asCategorical(current);
    const keys = unionKeys(r, c);
    const k = c.total / r.total;
    const observed = keys.map((key) => c.counts.get(key) ?? 0);
    const expected = keys.map((key) => (r.counts.get(key) ?? 0) * k);
    // A category never seen in the reference has expected count 0: the statistic is +∞ and p = 0, as in scipy.
    const res = chisquare(observed, expected);
    return { statistic: res.statistic, score: keys.length < 2 ? 1 : res.pValue, details: { categories: keys.length } };
  },
};
