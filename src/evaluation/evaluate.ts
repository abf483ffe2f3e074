// One call for a classifier's or a regressor's predictions: every metric, as one plain result object.

import { invalidParameter } from "../core/errors";
import { reportFromCounts, confusionCounts, type ClassificationReport, type ZeroDivision } from "./classification-report";
import { checkSameLength, encodeLabels, type Label, type LabelArray } from "./labels";
import { calibrationCurve, probabilityLosses, type CalibrationCurve, type CalibrationOptions } from "./probability-metrics";
import { apFromCurve, auc, aucFromCounts, binaryCurveCounts, prCurveFromCounts, rocFromCounts, type PrecisionRecallCurve, type RocCurve } from "./ranking";
import { regressionReport, type RegressionReport } from "./regression-metrics";
import { column, toProbaMatrix, type ProbaInput, type ProbaMatrix } from "./scores";

export interface EvaluateClassifierInput {
  yTrue: LabelArray;
  /** Predicted labels; default the class of highest probability. */
  yPred?: LabelArray;
  /** Class probabilities: rows (or a flat n*k array) in class order, or, for two classes, the greater (second) class's as a 1-d array. */
  yProba?: ProbaInput;
  /** Every class, in the order of the probability columns; default the sorted union of yTrue and yPred. */
  labels?: Label[];
  /** The positive class of a binary problem (curves, AUC, calibration); default the greater class. */
  posLabel?: Label;
  zeroDivision?: ZeroDivision;
  calibration?: CalibrationOptions;
}

export interface ProbabilityMetrics {
  rocAuc: number;
  /** One-vs-rest averages (more than two classes; for two they equal rocAuc). */
  rocAucOvrMacro: number;
  rocAucOvrWeighted: number;
  averagePrecision: number;
  /** Binary only: area under the precision-recall curve by trapezoids; NaN for more classes. */
  prAuc: number;
  logLoss: number;
  brier: number;
  meanConfidence: number;
  /** Binary: the positive class's probability against the outcome; multiclass: top-label confidence against correctness. */
  calibration: CalibrationCurve;
  /** Binary only (null otherwise). */
  rocCurve: RocCurve | null;
  prCurve: PrecisionRecallCurve | null;
}

export interface ClassificationEvaluation extends ClassificationReport {
  task: "classification";
  n: number;
  posLabel: Label | null;
  probabilities: ProbabilityMetrics | null;
}

export interface RegressionEvaluation extends RegressionReport {
  task: "regression";
}

/** Every classification metric labops has, from labels and (optionally) probabilities. */
export function evaluateClassifier(input: EvaluateClassifierInput): ClassificationEvaluation {
  const { yTrue, yProba } = input;
  if (yTrue.length === 0) throw invalidParameter("evaluateClassifier: yTrue is empty; give at least one sample.");
  if (input.yPred === undefined && yProba === undefined) throw invalidParameter("evaluateClassifier needs yPred, yProba or both.");
  if (input.yPred) checkSameLength(yTrue, input.yPred, "yTrue", "yPred");
  const arrays = [{ name: "yTrue", values: yTrue }, ...(input.yPred ? [{ name: "yPred", values: input.yPred }] : [])];
  const { classes, codes } = encodeLabels(arrays, input.labels);
  const n = yTrue.length;
  let m: ProbaMatrix | null = null;
  if (yProba !== undefined) {
    const k = Math.max(classes.length, 2);
    m = toProbaMatrix(yProba, k, n, "yProba");
    if (classes.length < 2) throw invalidParameter(`yTrue${input.yPred ? " and yPred" : ""} hold only ${JSON.stringify(classes)}: with probabilities, pass labels naming both classes.`);
  }
  const y = codes[0]!;
  const pred = codes[1] ?? argmaxCodes(m!);
  const report = reportFromCounts(classes, confusionCounts(y, pred, classes.length), input.zeroDivision ?? 0);
  const binary = classes.length === 2;
  const posLabel = binary ? (input.posLabel ?? classes[1]!) : null;
  if (posLabel !== null && !classes.includes(posLabel)) throw invalidParameter(`posLabel ${JSON.stringify(posLabel)} is not one of the classes ${JSON.stringify(classes)}.`);
  return { task: "classification", n, posLabel, ...report, probabilities: m ? probabilityMetrics(y, classes, m, posLabel, input, report.warnings) : null };
}

function argmaxCodes(m: ProbaMatrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 1; j < m.cols; j++) if (m.data[i * m.cols + j]! > m.data[i * m.cols + best]!) best = j;
    out[i] = best;
  }
  return out;
}

function probabilityMetrics(y: Int32Array, classes: Label[], m: ProbaMatrix, posLabel: Label | null, input: EvaluateClassifierInput, warnings: string[]): ProbabilityMetrics {
  const n = m.rows;
  const k = m.cols;
  const losses = probabilityLosses(y, m);
  warnings.push(...losses.warnings);
  const { logLoss, brier, meanConfidence } = losses;
  if (posLabel !== null) {
    const pos = classes.indexOf(posLabel);
    const score = column(m, pos);
    const isPos = Uint8Array.from(y, (c) => (c === pos ? 1 : 0));
    // One sort for every threshold metric: the curves, both areas and average precision come from these counts.
    const counts = binaryCurveCounts(isPos, score);
    const rocAuc = aucFromCounts(counts);
    if (Number.isNaN(rocAuc)) warnings.push("Only one class is present in yTrue: ROC AUC is undefined (NaN).");
    const pr = prCurveFromCounts(counts);
    warnings.push(...pr.warnings);
    return {
      rocAuc,
      rocAucOvrMacro: rocAuc,
      rocAucOvrWeighted: rocAuc,
      averagePrecision: apFromCurve(pr),
      prAuc: auc(pr.recall, pr.precision),
      logLoss,
      brier,
      meanConfidence,
      calibration: calibrationCurve(isPos, score, input.calibration),
      rocCurve: rocFromCounts(counts),
      prCurve: pr,
    };
  }
  // One-vs-rest: one sort per class gives that class's AUC and average precision.
  const aucs: number[] = [];
  const aps: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    const mask = Uint8Array.from(y, (v) => (v === c ? 1 : 0));
    const counts = binaryCurveCounts(mask, column(m, c));
    aucs.push(aucFromCounts(counts));
    aps.push(apFromCurve(prCurveFromCounts(counts)));
    support.push(counts.tps[counts.tps.length - 1] ?? 0);
  }
  if (aucs.some(Number.isNaN)) warnings.push("A class is absent from yTrue: its one-vs-rest AUC is undefined, so is the average (NaN).");
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const macro = mean(aucs);
  return {
    rocAuc: macro,
    rocAucOvrMacro: macro,
    rocAucOvrWeighted: aucs.reduce((a, v, c) => a + v * support[c]!, 0) / n,
    averagePrecision: mean(aps),
    prAuc: Number.NaN,
    logLoss,
    brier,
    meanConfidence,
    calibration: topLabelCalibration(y, m, input.calibration),
    rocCurve: null,
    prCurve: null,
  };
}

/** Multiclass calibration: the top class's probability against whether the top class was right. */
function topLabelCalibration(y: Int32Array, m: ProbaMatrix, options: CalibrationOptions | undefined): CalibrationCurve {
  const pred = argmaxCodes(m);
  const top = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) top[i] = m.data[i * m.cols + pred[i]!]!;
  return calibrationCurve(Uint8Array.from(pred, (p, i) => (p === y[i] ? 1 : 0)), top, options);
}

/** Every regression metric labops has. */
export function evaluateRegressor(input: { yTrue: ArrayLike<number>; yPred: ArrayLike<number> }): RegressionEvaluation {
  return { task: "regression", ...regressionReport(input.yTrue, input.yPred) };
}

