// "psi": population stability index of Evidently's binned shares, empty bins filled; drift when >= threshold.

import { populationStabilityIndex } from "../../stats/divergences";
import { binnedShares } from "../binning";
import { atLeast, type DriftTest } from "../drift-test";

export const psiTest: DriftTest = {
  name: "psi",
  displayName: "PSI",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: atLeast,
  compute(reference, current) {
    const b = binnedShares(reference, current, true);
    const v = populationStabilityIndex(b.reference, b.current);
    return { statistic: v, score: v, details: { bins: b.reference.length } };
  },
};
