// Group fairness of a binary classifier's predictions across a sensitive column, with fairlearn's definitions.

import { invalidParameter } from "../core/errors";
import { checkSameLength, encodeLabels, type Label, type LabelArray } from "./labels";

export interface GroupRates {
  group: Label;
  count: number;
  /** Share of the group predicted positive (fairlearn's selection_rate). */
  selectionRate: number;
  /** Recall within the group; 0 when the group has no positives (fairlearn's confusion matrix normalised by row). */
  truePositiveRate: number;
  /** False positives over the group's negatives; 0 when it has none. */
  falsePositiveRate: number;
}

export interface FairnessReport {
  posLabel: Label;
  groups: GroupRates[];
  overall: Omit<GroupRates, "group">;
  /** Largest minus smallest group selection rate (fairlearn's demographic_parity_difference, between groups). */
  demographicParityDifference: number;
  /** Smallest over largest group selection rate; NaN when every group's rate is 0. */
  demographicParityRatio: number;
  /** The larger of the TPR and FPR differences between groups (fairlearn's equalized_odds_difference, worst case). */
  equalizedOddsDifference: number;
  /** The smaller of the TPR and FPR ratios (min over max) between groups; NaN when a rate is 0 in every group. */
  equalizedOddsRatio: number;
  /** The mean of the TPR and FPR differences (fairlearn's agg="mean"). */
  equalizedOddsDifferenceMean: number;
}

export interface FairnessInput {
  yTrue: LabelArray;
  yPred: LabelArray;
  /** One group value per sample (a string or number column such as sex or region). */
  sensitiveFeatures: LabelArray;
  /** The favourable outcome; default 1 for numeric labels, else the greater class. */
  posLabel?: Label;
}

function rates(tp: number, fp: number, fn: number, tn: number): Omit<GroupRates, "group"> {
  const count = tp + fp + fn + tn;
  return {
    count,
    selectionRate: (tp + fp) / count,
    truePositiveRate: tp + fn > 0 ? tp / (tp + fn) : 0,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : 0,
  };
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
const ratio = (values: number[]) => Math.min(...values) / Math.max(...values); // 0 / 0 is NaN, as in fairlearn

/** Per-group rates and the disparity measures of fairlearn 0.15 (method "between_groups"). */
export function fairnessReport(input: FairnessInput): FairnessReport {
  const { yTrue, yPred, sensitiveFeatures } = input;
  checkSameLength(yTrue, yPred, "yTrue", "yPred");
  checkSameLength(yTrue, sensitiveFeatures, "yTrue", "sensitiveFeatures");
  if (yTrue.length === 0) throw invalidParameter("fairnessReport: no samples.");
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }, { name: "yPred", values: yPred }]);
  if (classes.length > 2) throw invalidParameter(`fairnessReport takes a binary outcome; yTrue and yPred hold ${classes.length} classes (${JSON.stringify(classes.slice(0, 5))}).`);
  const posLabel = input.posLabel ?? (typeof classes[0] === "number" ? 1 : classes[classes.length - 1]!);
  const pos = classes.findIndex((c) => c === posLabel);
  const { classes: groups, codes: g } = encodeLabels([{ name: "sensitiveFeatures", values: sensitiveFeatures }]);
  const cells = new Float64Array(groups.length * 4); // tp, fp, fn, tn per group
  const t = codes[0]!;
  const p = codes[1]!;
  const gc = g[0]!;
  for (let i = 0; i < t.length; i++) {
    const actual = t[i] === pos;
    const predicted = p[i] === pos;
    cells[gc[i]! * 4 + (actual ? (predicted ? 0 : 2) : predicted ? 1 : 3)]!++;
  }
  const perGroup = groups.map((group, k) => ({ group, ...rates(cells[4 * k]!, cells[4 * k + 1]!, cells[4 * k + 2]!, cells[4 * k + 3]!) }));
  const sum = (o: number) => groups.reduce<number>((s, _, k) => s + cells[4 * k + o]!, 0);
  const tprs = perGroup.map((r) => r.truePositiveRate);
  const fprs = perGroup.map((r) => r.falsePositiveRate);
  const sel = perGroup.map((r) => r.selectionRate);
  const tprDiff = spread(tprs);
  const fprDiff = spread(fprs);
  return {
    posLabel,
    groups: perGroup,
    overall: rates(sum(0), sum(1), sum(2), sum(3)),
    demographicParityDifference: spread(sel),
    demographicParityRatio: ratio(sel),
    equalizedOddsDifference: Math.max(tprDiff, fprDiff),
    equalizedOddsRatio: Math.min(ratio(tprs), ratio(fprs)),
    equalizedOddsDifferenceMean: (tprDiff + fprDiff) / 2,
  };
}
