// "z": pooled two-proportion z-test for binary columns (Evidently's proportions_diff_z_test); drift when p < threshold.

import { invalidParameter } from "../../core/errors";
import { normalSf } from "../../stats/distributions";
import { asCategorical, unionKeys } from "../column-sample";
import { pBelow, type DriftTest } from "../drift-test";

/** Two-sided p-value of the pooled z statistic for x1/n1 against x2/n2. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { z: number; pValue: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  // P of 0 or 1 means both samples hold one and the same value: no evidence of drift.
  if (Number.isNaN(z)) return { z: 0, pValue: 1 };
  return { z, pValue: 2 * normalSf(Math.abs(z)) };
}

export const zTest: DriftTest = {
  name: "z",
  displayName: "Z-test p_value",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.05,
  scoreKind: "p_value",
  isDrift: pBelow,
  compute(reference, current) {
    const r = asCategorical(reference);
    const c = asCategorical(current);
    const keys = unionKeys(r, c);
    if (keys.length > 2) throw invalidParameter(`The z test is for binary columns; this one has ${keys.length} values (${keys.slice(0, 5).join(", ")}...). Use chisquare or jensenshannon.`);
    const key = keys[0]!;
    const { z, pValue } = twoProportionZ(r.counts.get(key) ?? 0, r.total, c.counts.get(key) ?? 0, c.total);
    return { statistic: z, score: pValue, details: { category: key } };
  },
};
