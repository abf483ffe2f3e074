// "wasserstein": normed Wasserstein-1 distance, W₁(ref, cur) / max(std(ref), 0.001) (Evidently); drift when >= threshold.

import { requireNumeric } from "../column-sample";
import { atLeast, type DriftTest } from "../drift-test";
import { wasserstein1 } from "../sample-distances";

export const wassersteinTest: DriftTest = {
  name: "wasserstein",
  displayName: "Wasserstein distance (normed)",
  columnKinds: ["numerical"],
  defaultThreshold: 0.1,
  scoreKind: "distance",
  isDrift: atLeast,
  compute(reference, current) {
    const r = requireNumeric(reference, "wasserstein");
    const c = requireNumeric(current, "wasserstein");
    const w = wasserstein1(r, c);
    const normed = w / Math.max(r.std, 0.001);
    return { statistic: normed, score: normed, details: { wasserstein: w, referenceStd: r.std } };
  },
};
