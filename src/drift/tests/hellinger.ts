// "hellinger": Hellinger distance; categorical on value shares, numerical on Sturges density histograms over the
// pooled distinct values (Σ√(h₁h₂)·width, as Evidently); drift when >= threshold.

import { countDistinctUnion, histogramSorted, sturgesEdges } from "../../stats/sample";
import { hellingerDistance } from "../../stats/divergences";
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
      // Evidently bins over the pooled *distinct* values (np.histogram_bin_edges(keys, "sturges")), uses numpy's
      // density histograms, and weights each term by the uniform width (max − min)/bins.
      const distinct = countDistinctUnion(reference.sorted, current.sorted);
      const min = Math.min(reference.sorted[0]!, current.sorted[0]!);
      const max = Math.max(reference.sorted[reference.sorted.length - 1]!, current.sorted[current.sorted.length - 1]!);
      const edges = sturgesEdges(distinct, min, max);
      const hr = histogramSorted(reference.sorted, edges);
      const hc = histogramSorted(current.sorted, edges);
      const nr = reference.sorted.length;
      const nc = current.sorted.length;
      const k = hr.length;
      const width = (edges[k]! - edges[0]!) / k;
      let bc = 0;
      for (let i = 0; i < k; i++) {
        const w = edges[i + 1]! - edges[i]!;
        bc += Math.sqrt((hr[i]! / (nr * w)) * (hc[i]! / (nc * w))) * width;
      }
      const h = Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
      return { statistic: h, score: h, details: { bins: k } };
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
