// Label metrics from one confusion matrix: accuracy, balanced accuracy, precision / recall / F1 per class and averaged.

import { invalidParameter } from "../core/errors";
import { checkSameLength, encodeLabels, type Label, type LabelArray } from "./labels";

/**
 * What a ratio with a zero denominator returns: 0 (scikit-learn's default "warn", which also warns), 1, or NaN.
 * labops always records a warning in the result's `warnings` when it happens, whichever value is chosen.
 */
export type ZeroDivision = 0 | 1 | "nan";

export interface LabelMetricsOptions {
  /** The classes and their order; default the sorted union of yTrue and yPred. Values outside it are refused. */
  labels?: Label[];
  zeroDivision?: ZeroDivision;
}

export interface ClassMetrics {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  /** Samples of this class in yTrue. */
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  classes: Label[];
  /** counts[i][j]: samples of class i predicted as class j (scikit-learn's confusion_matrix). */
  confusionMatrix: number[][];
  accuracy: number;
  balancedAccuracy: number;
  perClass: ClassMetrics[];
  /** Unweighted mean over classes (NaN values left out, as scikit-learn's nan-aware mean). */
  macro: AveragedMetrics;
  /** Mean weighted by support. */
  weighted: AveragedMetrics;
  /** From the summed counts; equals accuracy when every class is listed. */
  micro: AveragedMetrics;
  /** Ill-defined ratios and the like, in words (scikit-learn raises these as warnings). */
  warnings: string[];
}

/** The confusion matrix of integer-coded labels as a flat k*k Float64Array (row: true class). */
export function confusionCounts(yTrue: Int32Array, yPred: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]! * k + yPred[i]!]!++;
  return counts;
}

export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options: { labels?: Label[] } = {}): { classes: Label[]; matrix: number[][] } {
  checkSameLength(yTrue, yPred, "yTrue", "yPred");
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }, { name: "yPred", values: yPred }], options.labels);
  return { classes, matrix: toRows(confusionCounts(codes[0]!, codes[1]!, classes.length), classes.length) };
}

const toRows = (flat: Float64Array, k: number): number[][] => Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));

function zeroValue(z: ZeroDivision): number {
  return z === "nan" ? Number.NaN : z;
}

/** scikit-learn's classification_report (and precision_recall_fscore_support, balanced_accuracy_score) in one pass. */
export function classificationReport(yTrue: LabelArray, yPred: LabelArray, options: LabelMetricsOptions = {}): ClassificationReport {
  checkSameLength(yTrue, yPred, "yTrue", "yPred");
  if (yTrue.length === 0) throw invalidParameter("classificationReport: yTrue and yPred are empty; give at least one sample.");
  const zd = options.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1 && zd !== "nan") throw invalidParameter(`zeroDivision is ${JSON.stringify(zd)}; use 0, 1 or "nan".`);
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }, { name: "yPred", values: yPred }], options.labels);
  return reportFromCounts(classes, confusionCounts(codes[0]!, codes[1]!, classes.length), zd);
}

/** The report from a flat confusion matrix (rows: true classes). */
export function reportFromCounts(classes: Label[], counts: Float64Array, zd: ZeroDivision = 0): ClassificationReport {
  const k = classes.length;
  const warnings: string[] = [];
  const tp = new Float64Array(k);
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    tp[i] = counts[i * k + i]!;
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      trueSum[i]! += c;
      predSum[j]! += c;
      n += c;
    }
  }
  const z = zeroValue(zd);
  const ill = { precision: [] as Label[], recall: [] as Label[], f1: [] as Label[] };
  const perClass: ClassMetrics[] = classes.map((label, i) => {
    const precision = predSum[i]! > 0 ? tp[i]! / predSum[i]! : (ill.precision.push(label), z);
    const recall = trueSum[i]! > 0 ? tp[i]! / trueSum[i]! : (ill.recall.push(label), z);
    // F1 from counts, 2tp / (2tp + fp + fn): defined whenever the class is true or predicted (scikit-learn >= 1.3).
    const denom = trueSum[i]! + predSum[i]!;
    const f1 = denom > 0 ? (2 * tp[i]!) / denom : (ill.f1.push(label), z);
    return { label, precision, recall, f1, support: trueSum[i]! };
  });
  const shown = zd === "nan" ? "NaN" : String(zd);
  if (ill.precision.length) warnings.push(`Precision is ill-defined for labels with no predicted samples (${ill.precision.map(String).join(", ")}): set to ${shown} (zeroDivision).`);
  if (ill.recall.length) warnings.push(`Recall is ill-defined for labels with no true samples (${ill.recall.map(String).join(", ")}): set to ${shown} (zeroDivision).`);
  if (ill.f1.length) warnings.push(`F1 is ill-defined for labels with neither true nor predicted samples (${ill.f1.map(String).join(", ")}): set to ${shown} (zeroDivision).`);

  const avg = (weights: Float64Array | null): AveragedMetrics => ({
    precision: nanAverage(perClass.map((c) => c.precision), weights),
    recall: nanAverage(perClass.map((c) => c.recall), weights),
    f1: nanAverage(perClass.map((c) => c.f1), weights),
    support: n,
  });
  let tpAll = 0;
  for (let i = 0; i < k; i++) tpAll += tp[i]!;
  const micro = { precision: n > 0 ? tpAll / n : z, recall: n > 0 ? tpAll / n : z, f1: n > 0 ? tpAll / n : z, support: n };

  let recallSum = 0;
  let present = 0;
  for (let i = 0; i < k; i++) if (trueSum[i]! > 0) (recallSum += tp[i]! / trueSum[i]!, present++);
  if (present < k) warnings.push("yPred contains classes not in yTrue: balanced accuracy averages the recall of the classes present in yTrue only.");
  return {
    classes,
    confusionMatrix: toRows(counts, k),
    accuracy: n > 0 ? tpAll / n : Number.NaN,
    balancedAccuracy: present > 0 ? recallSum / present : Number.NaN,
    perClass,
    macro: avg(null),
    weighted: avg(trueSum),
    micro,
    warnings,
  };
}

/** Average leaving NaN out (scikit-learn's _nanaverage); NaN when nothing is left or all weights are 0. */
function nanAverage(values: number[], weights: Float64Array | null): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const w = weights ? weights[i]! : 1;
    sum += v * w;
    total += w;
  });
  return total > 0 ? sum / total : Number.NaN;
}

export function accuracyScore(yTrue: LabelArray, yPred: LabelArray): number {
  return classificationReport(yTrue, yPred).accuracy;
}

export function balancedAccuracyScore(yTrue: LabelArray, yPred: LabelArray): number {
  return classificationReport(yTrue, yPred).balancedAccuracy;
}
