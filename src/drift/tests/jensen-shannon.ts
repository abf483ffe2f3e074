// "jensenshannon": Jensen–Shannon distance (natural log) of Evidently's binned shares; drift when >= threshold.

import { jensenShannonDistance } from "../../stats/divergences";
import { binnedShares } from "../binning";
import { atLeast, type DriftTest } from "../drift-test";

export const jensenShannonTest: DriftTest = {
  name: "jensenshannon",
  displayName: "Jensen-Shannon distance",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: atLeast,
  compute(reference, current) {
    const b = binnedShares(reference, current, false);
    const d = jensenShannonDistance(b.reference, b.current);
    return { statistic: d, score: d, details: { bins: b.reference.length } };
  },
};
