// Metrics of predicted probabilities: log loss, Brier score, mean confidence, calibration bins and the expected calibration error.

import { invalidParameter } from "../core/errors";
import { checkSameLength, encodeLabels, type Label, type LabelArray } from "./labels";
import { toFloat64, toProbaMatrix, type ProbaInput, type ProbaMatrix } from "./scores";

const EPS = 2 ** -52; // numpy's finfo(float64).eps

export interface ProbaOptions {
  /** The classes in the order of the probability columns; default the sorted classes of yTrue. */
  labels?: Label[];
}

/** Log loss, Brier score and mean confidence of coded labels against a probability matrix, in one pass. */
export function probabilityLosses(y: Int32Array, m: ProbaMatrix): { logLoss: number; brier: number; meanConfidence: number; warnings: string[] } {
  const k = m.cols;
  let logLoss = 0;
  let brier = 0;
  let confidence = 0;
  const warnings: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    let best = 0;
    for (let j = 0; j < k; j++) {
      const p = m.data[i * k + j]!;
      s += p;
      if (p > best) best = p;
      const d = (y[i] === j ? 1 : 0) - p;
      brier += d * d;
    }
    // scikit-learn warns (once) when rows do not sum to 1 within sqrt(eps), and goes on.
    if (warnings.length === 0 && Math.abs(s - 1) > Math.sqrt(EPS)) warnings.push(`The probabilities of sample ${i} sum to ${s}, not 1: make sure to pass probabilities.`);
    // Cross-entropy with probabilities clipped to [eps, 1 - eps], not renormalised (scikit-learn 1.9).
    logLoss -= Math.log(Math.min(Math.max(m.data[i * k + y[i]!]!, EPS), 1 - EPS));
    confidence += best;
  }
  // Brier: summed over classes, halved for two so that the binary case is mean((y - p)^2).
  return { logLoss: logLoss / m.rows, brier: ((k < 3 ? 0.5 : 1) * brier) / m.rows, meanConfidence: confidence / m.rows, warnings };
}

function prepared(yTrue: LabelArray, yProba: ProbaInput, options: ProbaOptions): { y: Int32Array; m: ProbaMatrix } {
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }], options.labels);
  const first = yProba.length > 0 ? (yProba as ArrayLike<unknown>)[0] : undefined;
  const oneDim = typeof first === "number" && yProba.length === yTrue.length;
  // 1-d probabilities are the greater class's, as scikit-learn reads them, whatever yTrue holds.
  if (oneDim && classes.length > 2) throw invalidParameter(`yProba is 1-d but yTrue holds ${classes.length} classes: give one probability per class (rows), in class order.`);
  if (!oneDim && classes.length < 2) throw invalidParameter(`yTrue holds ${classes.length} class${classes.length === 1 ? "" : "es"}: pass labels with every class the probability columns stand for.`);
  return { y: codes[0]!, m: toProbaMatrix(yProba, oneDim ? 2 : classes.length, yTrue.length, "yProba") };
}

/** Cross-entropy (scikit-learn's log_loss): probabilities clipped to [eps, 1 - eps], not renormalised. */
export function logLoss(yTrue: LabelArray, yProba: ProbaInput, options: ProbaOptions = {}): number {
  const { y, m } = prepared(yTrue, yProba, options);
  return probabilityLosses(y, m).logLoss;
}

/**
 * Brier score (scikit-learn's brier_score_loss): the mean squared difference between probabilities and the
 * one-hot truth, summed over classes; halved for two classes, so the binary case is mean((y - p)^2).
 */
export function brierScoreLoss(yTrue: LabelArray, yProba: ProbaInput, options: ProbaOptions = {}): number {
  const { y, m } = prepared(yTrue, yProba, options);
  return probabilityLosses(y, m).brier;
}

/** The mean of each sample's highest class probability. */
export function meanConfidence(yProba: ProbaInput, nClasses?: number): number {
  const first = yProba.length > 0 ? (yProba as ArrayLike<unknown>)[0] : undefined;
  if (typeof first === "number" && nClasses === undefined) {
    const p = toFloat64(yProba as ArrayLike<number>, "yProba");
    let s = 0;
    for (let i = 0; i < p.length; i++) s += Math.max(p[i]!, 1 - p[i]!);
    return s / p.length;
  }
  const rows = typeof first === "number" ? yProba.length / nClasses! : yProba.length;
  const m = toProbaMatrix(yProba, nClasses ?? (first as ArrayLike<number>).length, rows, "yProba");
  let s = 0;
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let j = 0; j < m.cols; j++) best = Math.max(best, m.data[i * m.cols + j]!);
    s += best;
  }
  return s / m.rows;
}

export interface CalibrationOptions {
  /** Default 10. */
  nBins?: number;
  /** "uniform" (default): equal-width bins on [0, 1]; "quantile": bins holding equal numbers of samples. */
  strategy?: "uniform" | "quantile";
}

export interface CalibrationCurve {
  /** Observed frequency of the positive outcome in each non-empty bin. */
  probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  probPred: number[];
  /** Samples in each non-empty bin. */
  counts: number[];
  /** Expected calibration error: sum over bins of count / n * |probTrue - probPred|. */
  ece: number;
  nBins: number;
  strategy: "uniform" | "quantile";
}

/** numpy's linspace(0, 1, n + 1) bit for bit: i * (1 / n), the last exactly 1. */
function linspace01(n: number): number[] {
  const step = 1 / n;
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? 1 : i * step));
}

/** numpy's percentile (method "linear") of sorted values at q in [0, 100], including its lerp. */
function percentileSorted(sorted: Float64Array, q: number): number {
  const virtual = (sorted.length - 1) * (q / 100);
  const lower = Math.floor(virtual);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const t = virtual - lower;
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * scikit-learn's calibration_curve (binary outcomes: 0/1 or booleans, with the positive class's probability),
 * plus each bin's count and the expected calibration error over the same bins.
 */
export function calibrationCurve(yTrue: ArrayLike<number> | ArrayLike<boolean>, yProb: ArrayLike<number>, options: CalibrationOptions = {}): CalibrationCurve {
  checkSameLength(yTrue, yProb, "yTrue", "yProb");
  const nBins = options.nBins ?? 10;
  const strategy = options.strategy ?? "uniform";
  if (!Number.isInteger(nBins) || nBins < 1) throw invalidParameter(`nBins is ${nBins}; give a positive integer.`);
  if (strategy !== "uniform" && strategy !== "quantile") throw invalidParameter(`strategy is ${JSON.stringify(strategy)}; use "uniform" or "quantile".`);
  if (yTrue.length === 0) throw invalidParameter("calibrationCurve: no samples.");
  const p = toFloat64(yProb, "yProb");
  for (let i = 0; i < p.length; i++) if (p[i]! < 0 || p[i]! > 1) throw invalidParameter(`yProb[${i}] is ${p[i]}: probabilities must lie in [0, 1].`);
  let edges: number[];
  if (strategy === "uniform") edges = linspace01(nBins);
  else {
    const sorted = Float64Array.from(p).sort();
    edges = linspace01(nBins).map((q) => percentileSorted(sorted, q * 100));
  }
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(edges.length);
  const trues = new Float64Array(edges.length);
  const totals = new Float64Array(edges.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    // searchsorted (left): the number of inner edges strictly below v
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const raw = yTrue[i] as unknown;
    const t = raw === true || raw === 1 ? 1 : raw === false || raw === 0 ? 0 : Number.NaN;
    if (Number.isNaN(t)) throw invalidParameter(`yTrue[${i}] is ${JSON.stringify(raw)}: calibration takes binary outcomes (0/1 or booleans).`);
    sums[lo]! += v;
    trues[lo]! += t;
    totals[lo]!++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  let ece = 0;
  for (let b = 0; b < edges.length; b++) {
    if (totals[b] === 0) continue;
    const pt = trues[b]! / totals[b]!;
    const pp = sums[b]! / totals[b]!;
    probTrue.push(pt);
    probPred.push(pp);
    counts.push(totals[b]!);
    ece += (totals[b]! / p.length) * Math.abs(pt - pp);
  }
  return { probTrue, probPred, counts, ece, nBins, strategy };
}

