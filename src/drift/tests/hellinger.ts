// "hellinger": Hellinger distance; categorical on value shares, numerical on Sturges density histograms over both
// datasets (Σ√(h₁h₂)·width); drift when >= threshold.

import { histogramSorted } from "../../stats/sample";
import { hellingerDistance } from "../../stats/divergences";
import { pooledSturgesEdges } from "../binning";
import { asCategorical, unionKeys } from "../column-sample";
import { atLeast, type DriftTest, type DriftTestOutput } from "../drift-test";

export const hellingerTest: DriftTest = {
  name: "hellinger",
  displayName: "Hellinger distance",
  columnKinds: ["categorical", "numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: atLeast,
  compute(reference, current): DriftTestOutput {
    if (reference.kind === "numerical" && current.kind === "numerical") {
      const edges = pooledSturgesEdges(reference, current);
      const hr = histogramSorted(reference.sorted, edges);
      const hc = histogramSorted(current.sorted, edges);
      const nr = reference.sorted.length;
      const nc = current.sorted.length;
      let bc = 0;
      // density h = count/(n·width); Σ√(h_r·h_c)·width = Σ√(count_r·count_c/(n_r·n_c)).
      for (let i = 0; i < hr.length; i++) bc += Math.sqrt((hr[i]! / nr) * (hc[i]! / nc));
      const h = Math.sqrt(Math.max(0, 1 - bc));
      return { statistic: h, score: h, details: { bins: hr.length } };
    }
    const r = asCategorical(reference);
    const c = asCategorical(current);
    const keys = unionKeys(r, c);
    const h = hellingerDistance(
      keys.map((k) => (r.counts.get(k) ?? 0) / r.total),
      keys.map((k) => (c.counts.get(k) ?? 0) / c.total),
    );
    return { statistic: h, score: h, details: { categories: keys.length } };
  },
};
