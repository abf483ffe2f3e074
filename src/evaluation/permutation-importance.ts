// Permutation importance (scikit-learn's permutation_importance) for any batch predict function.

import { invalidParameter } from "../core/errors";
import { classificationReport } from "./classification-report";
import type { LabelArray } from "./labels";
import { SeededRandom } from "../stats/random";
import { regressionReport } from "./regression-metrics";

/** A model as a function over a batch of rows (sync or async): one prediction per row. */
export type PredictFn<T = number | string> = (rows: number[][]) => ArrayLike<T> | Promise<ArrayLike<T>>;

/** Named scorers (higher is better, as scikit-learn's), or a function (yTrue, yPred) => score. */
export type Scoring = "accuracy" | "balanced_accuracy" | "f1_macro" | "r2" | "neg_mean_squared_error" | "neg_mean_absolute_error" | ((yTrue: any, yPred: any) => number);

export interface PermutationImportanceOptions {
  scoring: Scoring;
  /** Default 5. */
  nRepeats?: number;
  /** Seed of the shuffles; default 0. */
  randomState?: number;
  /**
   * The row order each repeat takes a column from (nRepeats arrays of n row indices), instead of drawing them.
   * scikit-learn's exact shuffles come from numpy's RandomState, which labops does not reimplement: to reproduce
   * its numbers, export the permutations it used (see tests/fixtures/evaluation/make_fixtures.py) and pass them.
   */
  permutations?: ArrayLike<number>[];
}

export interface PermutationImportance {
  /** [feature][repeat]: baseline score minus the score with that feature permuted. */
  importances: number[][];
  importancesMean: number[];
  /** Population standard deviation over repeats (numpy's std, ddof 0). */
  importancesStd: number[];
  baselineScore: number;
  nRepeats: number;
}

function scorer(scoring: Scoring): (y: any, p: any) => number {
  if (typeof scoring === "function") return scoring;
  switch (scoring) {
    case "accuracy":
      return (y, p) => classificationReport(y, p).accuracy;
    case "balanced_accuracy":
      return (y, p) => classificationReport(y, p).balancedAccuracy;
    case "f1_macro":
      return (y, p) => classificationReport(y, p).macro.f1;
    case "r2":
      return (y, p) => regressionReport(y, p).r2;
    case "neg_mean_squared_error":
      return (y, p) => -regressionReport(y, p).mse;
    case "neg_mean_absolute_error":
      return (y, p) => -regressionReport(y, p).mae;
    default:
      throw invalidParameter(`scoring ${JSON.stringify(scoring)} is not known; use accuracy, balanced_accuracy, f1_macro, r2, neg_mean_squared_error, neg_mean_absolute_error or a function (yTrue, yPred) => score.`);
  }
}

/** Rows as arrays of finite numbers, all of one width. */
export function checkRows(X: ArrayLike<ArrayLike<number>>, what: string): number[][] {
  if (X.length === 0) throw invalidParameter(`${what} has no rows.`);
  const width = X[0]!.length;
  return Array.from(X, (row, i) => {
    if (!row || row.length !== width) throw invalidParameter(`${what}[${i}] has ${row?.length ?? 0} values; every row needs ${width}.`);
    const r = Array.from(row);
    for (let j = 0; j < width; j++) if (!Number.isFinite(r[j])) throw invalidParameter(`${what}[${i}][${j}] is ${r[j]}: give finite numbers.`);
    return r;
  });
}

export async function permutationImportance(predict: PredictFn, X: ArrayLike<ArrayLike<number>>, y: LabelArray | ArrayLike<number>, options: PermutationImportanceOptions): Promise<PermutationImportance> {
  const rows = checkRows(X, "X");
  const n = rows.length;
  const m = rows[0]!.length;
  if (y.length !== n) throw invalidParameter(`y has ${y.length} values but X has ${n} rows.`);
  const nRepeats = options.nRepeats ?? options.permutations?.length ?? 5;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw invalidParameter(`nRepeats is ${nRepeats}; give a positive integer.`);
  const score = scorer(options.scoring);
  let perms: ArrayLike<number>[];
  if (options.permutations) {
    perms = options.permutations;
    if (perms.length !== nRepeats) throw invalidParameter(`permutations holds ${perms.length} arrays but nRepeats is ${nRepeats}.`);
    perms.forEach((p, r) => {
      const seen = new Uint8Array(n);
      if (p.length !== n) throw invalidParameter(`permutations[${r}] has ${p.length} indices; X has ${n} rows.`);
      for (let i = 0; i < n; i++) {
        const k = p[i]!;
        if (!Number.isInteger(k) || k < 0 || k >= n || seen[k]) throw invalidParameter(`permutations[${r}] is not a permutation of 0..${n - 1} (index ${i} holds ${k}).`);
        seen[k] = 1;
      }
    });
  } else {
    // As scikit-learn: one index array shuffled again at each repeat; the same shuffles for every feature.
    const rng = new SeededRandom(options.randomState ?? 0, "sfc32-single");
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    perms = Array.from({ length: nRepeats }, () => Int32Array.from(rng.shuffle(idx)));
  }
  const baselineScore = score(y, await predict(rows));
  const importances: number[][] = [];
  for (let j = 0; j < m; j++) {
    const scores: number[] = [];
    for (const p of perms) {
      const permuted = rows.map((row, i) => {
        const r = row.slice();
        r[j] = rows[p[i]!]![j]!;
        return r;
      });
      scores.push(baselineScore - score(y, await predict(permuted)));
    }
    importances.push(scores);
  }
  const importancesMean = importances.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
  const importancesStd = importances.map((s, j) => Math.sqrt(s.reduce((a, v) => a + (v - importancesMean[j]!) ** 2, 0) / s.length));
  return { importances, importancesMean, importancesStd, baselineScore, nRepeats };
}
