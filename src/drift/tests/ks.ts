// "ks": two-sample Kolmogorov–Smirnov p-value (scipy ks_2samp, two-sided); drift when p <= threshold.

import { ks2sampFromStatistic, type KsMethod } from "../../stats/ks-2samp";
import { requireNumeric } from "../column-sample";
import { pAtMost, type DriftTest } from "../drift-test";
import { ksStatistic } from "../sample-distances";

/** Options: `ksMethod` ("auto" | "exact" | "asymp", default "auto"). */
export const ksTest: DriftTest = {
  name: "ks",
  displayName: "K-S p_value",
  columnKinds: ["numerical"],
  defaultThreshold: 0.05,
  scoreKind: "p_value",
  isDrift: pAtMost,
  compute(reference, current, options) {
    const ref = requireNumeric(reference, "ks");
    const cur = requireNumeric(current, "ks");
    const r = ks2sampFromStatistic(ksStatistic(ref, cur), ref.size, cur.size, (options.ksMethod as KsMethod | undefined) ?? "auto");
    return { statistic: r.statistic, score: r.pValue, details: { method: r.method } };
  },
};
