// "kl_div": KL(reference ‖ current) (scipy entropy) of Evidently's binned shares, empty bins filled; drift when >= threshold.

import { klDivergence } from "../../stats/divergences";
import { binnedShares } from "../binning";
import { atLeast, type DriftTest } from "../drift-test";

export const klDivTest: DriftTest = {
  name: "kl_div",
  displayName: "Kullback-Leibler divergence",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: atLeast,
  compute(reference, current) {
    const b = binnedShares(reference, current, true);
    const v = klDivergence(b.reference, b.current);
    return { statistic: v, score: v, details: { bins: b.reference.length } };
  },
};
