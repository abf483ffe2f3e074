// "ed": energy distance (scipy energy_distance, not normalised); drift when > threshold.

import { cdfDistanceSorted } from "../../stats/cdf-distances";
import { requireNumeric } from "../column-sample";
import { above, type DriftTest } from "../drift-test";

export const energyDistanceTest: DriftTest = {
  name: "ed",
  displayName: "Energy-distance",
  columnKinds: ["numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: above,
  compute(reference, current) {
    const d = Math.SQRT2 * cdfDistanceSorted(2, requireNumeric(reference, "ed").sorted, requireNumeric(current, "ed").sorted);
    return { statistic: d, score: d };
  },
};
