// Threshold metrics from scores: ROC and precision-recall curves, ROC-AUC (binary, one-vs-rest), average precision.

import { invalidParameter } from "../core/errors";
import { checkSameLength, encodeLabels, type Label, type LabelArray } from "./labels";
import { keyHi, keyLo, keyToNumber, sortKeys } from "./radix-sort";
import { column, toFloat64, toProbaMatrix, type ProbaInput } from "./scores";

/** At thresholds[i] (decreasing), tps[i] positives and fps[i] negatives score >= thresholds[i]. */
export interface BinaryCurveCounts {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
}

interface SortedKeys {
  hi: Uint32Array;
  lo: Uint32Array;
}

/** Splits scores by the positive mask straight into sort keys (see radix-sort.ts) and sorts each part ascending. */
function splitSorted(isPositive: Uint8Array, scores: Float64Array): { pos: SortedKeys; neg: SortedKeys } {
  const n = isPositive.length;
  let np = 0;
  for (let i = 0; i < n; i++) np += isPositive[i]!;
  const pHi = new Uint32Array(np);
  const pLo = new Uint32Array(np);
  const nHi = new Uint32Array(n - np);
  const nLo = new Uint32Array(n - np);
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n * 2);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const l = bits[2 * i]!;
    let h = bits[2 * i + 1]!;
    if (h === 0x80000000 && l === 0) h = 0; // -0 ties with 0, as it does in scikit-learn
    const hk = keyHi(h);
    const lk = keyLo(h, l);
    if (isPositive[i]) {
      pHi[a] = hk;
      pLo[a++] = lk;
    } else {
      nHi[b] = hk;
      nLo[b++] = lk;
    }
  }
  return { pos: sortKeys(pHi, pLo), neg: sortKeys(nHi, nLo) };
}

/**
 * Cumulative counts at each distinct score, highest first (scikit-learn's _binary_clf_curve): positives and
 * negatives are sorted apart (no index payload to carry) and merged from the top; ties are one threshold.
 */
export function binaryCurveCounts(isPositive: Uint8Array, scores: Float64Array): BinaryCurveCounts {
  const { pos, neg } = splitSorted(isPositive, scores);
  const n = pos.hi.length + neg.hi.length;
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = pos.hi.length - 1;
  let j = neg.hi.length - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (i >= 0 || j >= 0) {
    // The greater of the two next keys, compared as unsigned (hi, lo) pairs.
    let th: number;
    let tl: number;
    if (j < 0 || (i >= 0 && (pos.hi[i]! > neg.hi[j]! || (pos.hi[i] === neg.hi[j] && pos.lo[i]! >= neg.lo[j]!)))) {
      th = pos.hi[i]!;
      tl = pos.lo[i]!;
    } else {
      th = neg.hi[j]!;
      tl = neg.lo[j]!;
    }
    while (i >= 0 && pos.hi[i] === th && pos.lo[i] === tl) (tp++, i--);
    while (j >= 0 && neg.hi[j] === th && neg.lo[j] === tl) (fp++, j--);
    thresholds[m] = keyToNumber(th, tl);
    tps[m] = tp;
    fps[m] = fp;
    m++;
  }
  return { thresholds: thresholds.subarray(0, m), tps: tps.subarray(0, m), fps: fps.subarray(0, m) };
}

interface BinaryInput {
  isPositive: Uint8Array;
  scores: Float64Array;
  classes: Label[];
  posLabel: Label;
}

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];

/** The hot path for labels in an integer typed array: the positive mask in one scan, no class coding. */
function integerBinary(yTrue: LabelArray, posLabel: Label | undefined): Omit<BinaryInput, "scores"> | null {
  if (!INTEGER_ARRAYS.some((T) => yTrue instanceof T) || (posLabel !== undefined && typeof posLabel !== "number")) return null;
  const y = yTrue as ArrayLike<number>;
  let a = y[0]!;
  let b = a;
  for (let i = 1; i < y.length; i++) {
    const v = y[i]!;
    if (v !== a && v !== b) {
      if (a !== b) return null; // a third class: the general path says so
      b = v;
    }
  }
  const classes = a === b ? [a] : [Math.min(a, b), Math.max(a, b)];
  const pos = (posLabel as number | undefined) ?? (classes.length === 2 ? classes[1]! : 1);
  // 0/1 labels in a Uint8Array are the positive mask already (it is only read).
  if (yTrue instanceof Uint8Array && pos === 1 && a >= 0 && a <= 1 && b >= 0 && b <= 1) return { isPositive: yTrue, classes, posLabel: pos };
  const isPositive = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) isPositive[i] = y[i] === pos ? 1 : 0;
  return { isPositive, classes, posLabel: pos };
}

export interface BinaryOptions {
  /** The positive class; default the greater of the two classes (scikit-learn's rule). */
  posLabel?: Label;
}

function binaryInput(yTrue: LabelArray, yScore: ArrayLike<number>, options: BinaryOptions, fn: string): BinaryInput {
  if (yTrue.length === 0) throw invalidParameter(`${fn}: yTrue is empty; give at least one sample.`);
  checkSameLength(yTrue, yScore, "yTrue", "yScore");
  const scores = toFloat64(yScore, "yScore");
  const fast = integerBinary(yTrue, options.posLabel);
  if (fast) return checkedPosLabel({ ...fast, scores }, fn);
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }]);
  if (classes.length > 2) throw invalidParameter(`${fn}: yTrue holds ${classes.length} classes (${JSON.stringify(classes.slice(0, 5))}); a binary curve needs at most 2. For more, pass class probabilities to rocAucScore with multiClass "ovr".`);
  // Default: the greater class; with one class, 1 for numbers (scikit-learn's pos_label=1), else that class.
  const posLabel = options.posLabel ?? (classes.length === 2 ? classes[1]! : typeof classes[0] === "string" ? classes[0] : 1);
  const pos = classes.findIndex((c) => c === posLabel);
  const codesTrue = codes[0]!;
  const isPositive = new Uint8Array(codesTrue.length);
  if (pos >= 0) for (let i = 0; i < codesTrue.length; i++) isPositive[i] = codesTrue[i] === pos ? 1 : 0;
  return checkedPosLabel({ isPositive, scores, classes, posLabel }, fn);
}

function checkedPosLabel(input: BinaryInput, fn: string): BinaryInput {
  if (input.classes.length === 2 && !input.classes.includes(input.posLabel)) throw invalidParameter(`${fn}: posLabel ${JSON.stringify(input.posLabel)} is not one of the classes ${JSON.stringify(input.classes)}.`);
  return input;
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; the first is Infinity (no sample predicted positive), as in scikit-learn. */
  thresholds: Float64Array;
  warnings: string[];
}

/** scikit-learn's roc_curve, with drop_intermediate (default true: points on a straight segment are dropped). */
export function rocCurve(yTrue: LabelArray, yScore: ArrayLike<number>, options: BinaryOptions & { dropIntermediate?: boolean } = {}): RocCurve {
  const { isPositive, scores } = binaryInput(yTrue, yScore, options, "rocCurve");
  return rocFromCounts(binaryCurveCounts(isPositive, scores), options.dropIntermediate ?? true);
}

/** The ROC curve from the cumulative counts (no second sort). */
export function rocFromCounts(counts: BinaryCurveCounts, dropIntermediate = true): RocCurve {
  let { thresholds, tps, fps } = counts;
  if (dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // Kept where the second difference of fps or tps is non-zero (a bend in the curve).
      if (fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k]!);
    [thresholds, tps, fps] = [pick(thresholds), pick(tps), pick(fps)];
  }
  const m = tps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const th = new Float64Array(m);
  th[0] = Infinity;
  th.set(thresholds, 1);
  const P = m > 1 ? tps[m - 2]! : 0;
  const N = m > 1 ? fps[m - 2]! : 0;
  const warnings: string[] = [];
  if (N <= 0) warnings.push("No negative samples in yTrue: the false positive rate is undefined (NaN).");
  if (P <= 0) warnings.push("No positive samples in yTrue: the true positive rate is undefined (NaN).");
  for (let i = 1; i < m; i++) {
    fpr[i] = N > 0 ? fps[i - 1]! / N : Number.NaN;
    tpr[i] = P > 0 ? tps[i - 1]! / P : Number.NaN;
  }
  if (N <= 0) fpr[0] = Number.NaN;
  if (P <= 0) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: th, warnings };
}

/**
 * ROC-AUC without building the curve: the same merge as binaryCurveCounts, adding each threshold's trapezoid
 * (in counts: exact integers up to 2^53) as it goes. Equal to aucFromCounts(binaryCurveCounts(...)).
 */
function binaryAuc(isPositive: Uint8Array, scores: Float64Array): number {
  const { pos, neg } = splitSorted(isPositive, scores);
  const np = pos.hi.length;
  const nn = neg.hi.length;
  if (np === 0 || nn === 0) return Number.NaN;
  let i = np - 1;
  let j = nn - 1;
  let tp = 0;
  let fp = 0;
  let area = 0;
  while (i >= 0 || j >= 0) {
    let th: number;
    let tl: number;
    if (j < 0 || (i >= 0 && (pos.hi[i]! > neg.hi[j]! || (pos.hi[i] === neg.hi[j] && pos.lo[i]! >= neg.lo[j]!)))) {
      th = pos.hi[i]!;
      tl = pos.lo[i]!;
    } else {
      th = neg.hi[j]!;
      tl = neg.lo[j]!;
    }
    const tp0 = tp;
    const fp0 = fp;
    while (i >= 0 && pos.hi[i] === th && pos.lo[i] === tl) (tp++, i--);
    while (j >= 0 && neg.hi[j] === th && neg.lo[j] === tl) (fp++, j--);
    area += (fp - fp0) * (tp + tp0);
  }
  return area / 2 / np / nn;
}

/** ROC-AUC from the cumulative counts: trapezoids in counts, over (#positives x #negatives); NaN with one class. */
export function aucFromCounts({ tps, fps }: BinaryCurveCounts): number {
  const m = tps.length;
  const P = m > 0 ? tps[m - 1]! : 0;
  const N = m > 0 ? fps[m - 1]! : 0;
  if (P === 0 || N === 0) return Number.NaN;
  let area = 0;
  let tp0 = 0;
  let fp0 = 0;
  for (let i = 0; i < m; i++) {
    area += (fps[i]! - fp0) * (tps[i]! + tp0);
    tp0 = tps[i]!;
    fp0 = fps[i]!;
  }
  return area / 2 / P / N;
}

export interface PrecisionRecallCurve {
  /** Increasing thresholds' precision, ending with 1 (scikit-learn's order). */
  precision: Float64Array;
  /** Decreasing, ending with 0. */
  recall: Float64Array;
  thresholds: Float64Array;
  warnings: string[];
}

/** scikit-learn's precision_recall_curve (drop_intermediate false). */
export function precisionRecallCurve(yTrue: LabelArray, yScore: ArrayLike<number>, options: BinaryOptions = {}): PrecisionRecallCurve {
  const { isPositive, scores } = binaryInput(yTrue, yScore, options, "precisionRecallCurve");
  return prCurveFromCounts(binaryCurveCounts(isPositive, scores));
}

export function prCurveFromCounts({ thresholds, tps, fps }: BinaryCurveCounts): PrecisionRecallCurve {
  const m = tps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const P = m > 0 ? tps[m - 1]! : 0;
  const warnings = P === 0 ? ["No positive class found in yTrue: recall is set to 1 for all thresholds (as scikit-learn does)."] : [];
  for (let i = 0; i < m; i++) {
    const k = m - 1 - i; // reversed: increasing thresholds
    const ps = tps[k]! + fps[k]!;
    precision[i] = ps !== 0 ? tps[k]! / ps : 0;
    recall[i] = P === 0 ? 1 : tps[k]! / P;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: Float64Array.from(thresholds).reverse(), warnings };
}

/** Average precision without interpolation: sum of (R_n - R_{n-1}) P_n, scikit-learn's definition. */
export function apFromCurve(c: PrecisionRecallCurve): number {
  let s = 0;
  for (let i = 0; i < c.recall.length - 1; i++) s += (c.recall[i]! - c.recall[i + 1]!) * c.precision[i]!;
  return s;
}

/** The trapezoidal area under a curve, scikit-learn's auc(x, y) for monotonic x. */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkSameLength(x, y, "x", "y");
  if (x.length < 2) throw invalidParameter(`auc needs at least 2 points; got ${x.length}.`);
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  const decreasing = x[x.length - 1]! < x[0]!;
  return decreasing ? -area : area;
}

export interface RocAucOptions extends BinaryOptions {
  /** For class probabilities: one-vs-rest ("ovr", the default here; scikit-learn makes you name it). One-vs-one is not built. */
  multiClass?: "ovr";
  /** Averaging of one-vs-rest AUCs: "macro" (default) or "weighted" (by class prevalence). */
  average?: "macro" | "weighted";
  /** The classes in the order of the probability columns; default the sorted classes of yTrue. */
  labels?: Label[];
}

export interface ScoreWithWarnings {
  value: number;
  warnings: string[];
}

/**
 * ROC-AUC. Binary: yScore is the positive class's score (a 1-d array). Multiclass: yScore holds class
 * probabilities (rows summing to 1) and the one-vs-rest AUCs are averaged. With one class in yTrue the AUC is
 * undefined: NaN with a warning, as scikit-learn 1.9 returns.
 */
export function rocAucScore(yTrue: LabelArray, yScore: ArrayLike<number> | ProbaInput, options: RocAucOptions = {}): number {
  return rocAucScoreWithWarnings(yTrue, yScore, options).value;
}

export function rocAucScoreWithWarnings(yTrue: LabelArray, yScore: ArrayLike<number> | ProbaInput, options: RocAucOptions = {}): ScoreWithWarnings {
  const first = yScore.length > 0 ? (yScore as ArrayLike<unknown>)[0] : 0;
  // One score per sample: binary. Otherwise class probabilities (rows, or flat n x k), one-vs-rest.
  const oneDim = typeof first === "number" && yScore.length === yTrue.length;
  if (oneDim) {
    const { isPositive, scores, classes } = binaryInput(yTrue, yScore as ArrayLike<number>, options, "rocAucScore");
    if (classes.length !== 2) return { value: Number.NaN, warnings: ["Only one class is present in yTrue: ROC AUC is undefined (NaN)."] };
    return { value: binaryAuc(isPositive, scores), warnings: [] };
  }
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }], options.labels);
  const m = toProbaMatrix(yScore as ProbaInput, classes.length, yTrue.length, "yScore");
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j]!;
    if (Math.abs(s - 1) > 1e-8 * Math.max(1, Math.abs(s))) throw invalidParameter(`yScore row ${i} sums to ${s}: one-vs-rest ROC AUC needs class probabilities that sum to 1 (as scikit-learn requires).`);
  }
  const y = codes[0]!;
  const aucs: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < classes.length; c++) {
    const mask = new Uint8Array(y.length);
    let count = 0;
    for (let i = 0; i < y.length; i++) if (y[i] === c) (mask[i] = 1, count++);
    aucs.push(binaryAuc(mask, column(m, c)));
    weights.push(count);
  }
  const warnings = aucs.some(Number.isNaN) ? ["A class is absent from yTrue (or is the only one): its one-vs-rest AUC is undefined, so is the average (NaN)."] : [];
  return { value: average(aucs, options.average === "weighted" ? weights : null), warnings };
}

function average(values: number[], weights: number[] | null): number {
  if (!weights) return values.reduce((a, b) => a + b, 0) / values.length;
  const total = weights.reduce((a, b) => a + b, 0);
  return values.reduce((a, v, i) => a + v * weights[i]!, 0) / total;
}

/**
 * Average precision (the area under the precision-recall curve without interpolation). Binary: the positive
 * class's scores. Multiclass: class probabilities, averaged over classes ("macro", scikit-learn's default).
 */
export function averagePrecisionScore(yTrue: LabelArray, yScore: ArrayLike<number> | ProbaInput, options: BinaryOptions & { labels?: Label[] } = {}): number {
  const first = yScore.length > 0 ? (yScore as ArrayLike<unknown>)[0] : 0;
  if (typeof first === "number" && yScore.length === yTrue.length) {
    const { isPositive, scores } = binaryInput(yTrue, yScore as ArrayLike<number>, options, "averagePrecisionScore");
    return apFromCurve(prCurveFromCounts(binaryCurveCounts(isPositive, scores)));
  }
  const { classes, codes } = encodeLabels([{ name: "yTrue", values: yTrue }], options.labels);
  const m = toProbaMatrix(yScore as ProbaInput, classes.length, yTrue.length, "yScore");
  const y = codes[0]!;
  const aps: number[] = [];
  for (let c = 0; c < classes.length; c++) {
    const mask = new Uint8Array(y.length);
    for (let i = 0; i < y.length; i++) mask[i] = y[i] === c ? 1 : 0;
    aps.push(apFromCurve(prCurveFromCounts(binaryCurveCounts(mask, column(m, c)))));
  }
  return average(aps, null);
}

/** PR-AUC: the trapezoidal area under the precision-recall curve, scikit-learn's auc(recall, precision). */
export function prAucScore(yTrue: LabelArray, yScore: ArrayLike<number>, options: BinaryOptions = {}): number {
  const c = precisionRecallCurve(yTrue, yScore, options);
  return auc(c.recall, c.precision);
}

