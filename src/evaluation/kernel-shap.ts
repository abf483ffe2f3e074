// Kernel SHAP for any batch predict function: Shapley values of each feature against a background sample.

import { invalidParameter } from "../core/errors";
import { checkRows } from "./permutation-importance";
import { SeededRandom } from "../stats/random";

/** One number per row (a regression value, or one class's probability). */
export type NumericPredictFn = (rows: number[][]) => ArrayLike<number> | Promise<ArrayLike<number>>;

export interface KernelShapOptions {
  /**
   * Coalitions evaluated per explained row. When every coalition fits (2^M - 2 <= nSamples) all are used and
   * the values are the exact Shapley values of the interventional game; otherwise coalitions are sampled from
   * the Shapley kernel, in complementary pairs. Default 2M + 2048 (shap's "auto").
   */
  nSamples?: number;
  /** Seed for sampled coalitions; default 0. */
  randomState?: number;
  /** Rows per predict call at most; default 100,000. */
  batchSize?: number;
}

export interface ShapExplanation {
  /** [row][feature]. Each row sums to its prediction minus baseValue (the constraint is exact). */
  values: number[][];
  /** The mean prediction over the background (shap's expected_value). */
  baseValue: number;
  /** f(x) of each explained row. */
  predictions: number[];
  /** Whether every coalition was enumerated (exact Shapley values) or sampled. */
  exact: boolean;
  nCoalitions: number;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Coalitions (as 0/1 masks) with their regression weights. */
function coalitions(m: number, budget: number, rng: SeededRandom): { masks: Uint8Array[]; weights: number[]; exact: boolean } {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  if (m <= 30 && 2 ** m - 2 <= budget) {
    for (let code = 1; code < 2 ** m - 1; code++) {
      const z = new Uint8Array(m);
      let s = 0;
      for (let j = 0; j < m; j++) if ((code >>> j) & 1) (z[j] = 1, s++);
      masks.push(z);
      // The Shapley kernel: (M - 1) / (C(M, s) s (M - s)).
      weights.push((m - 1) / (Math.exp(logChoose(m, s)) * s * (m - s)));
    }
    return { masks, weights, exact: true };
  }
  // Sizes drawn in proportion to their total kernel weight, (M - 1) / (s (M - s)); members uniformly; each sample
  // and its complement weighted equally (the kernel is already in the sampling).
  const sizeWeights = Array.from({ length: m - 1 }, (_, i) => 1 / ((i + 1) * (m - i - 1)));
  const idx = Int32Array.from({ length: m }, (_, i) => i);
  for (let k = 0; k + 1 < budget || k === 0; k += 2) {
    const s = 1 + rng.weightedIndex(sizeWeights);
    rng.shuffle(idx);
    const z = new Uint8Array(m);
    for (let j = 0; j < s; j++) z[idx[j]!] = 1;
    masks.push(z, z.map((v) => 1 - v));
    weights.push(1, 1);
  }
  return { masks, weights, exact: false };
}

/** Solves A x = b (A symmetric positive semi-definite, n x n) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(1e-300, ...A.map((r, i) => Math.abs(r[i]!)));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    // A sampled design can leave a direction unseen: a tiny ridge keeps the solve defined there.
    if (Math.abs(M[c]![c]!) < 1e-12 * scale) M[c]![c]! += 1e-12 * scale;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      if (f !== 0) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

export async function kernelShap(predict: NumericPredictFn, X: ArrayLike<ArrayLike<number>>, background: ArrayLike<ArrayLike<number>>, options: KernelShapOptions = {}): Promise<ShapExplanation> {
  const rows = checkRows(X, "X");
  const bg = checkRows(background, "background");
  const m = rows[0]!.length;
  if (bg[0]!.length !== m) throw invalidParameter(`background rows have ${bg[0]!.length} features but X rows have ${m}.`);
  if (m < 1) throw invalidParameter("X has no features.");
  const nSamples = options.nSamples ?? 2 * m + 2048;
  if (!Number.isInteger(nSamples) || nSamples < 2) throw invalidParameter(`nSamples is ${nSamples}; give an integer of at least 2.`);
  const batchSize = options.batchSize ?? 100_000;
  const call = async (batch: number[][]): Promise<Float64Array> => {
    const out = new Float64Array(batch.length);
    for (let s = 0; s < batch.length; s += batchSize) {
      const part = batch.slice(s, s + batchSize);
      const got = await predict(part);
      if (got.length !== part.length) throw invalidParameter(`predict returned ${got.length} values for ${part.length} rows: it must return one number per row.`);
      for (let i = 0; i < part.length; i++) {
        const v = got[i]!;
        if (typeof v !== "number" || !Number.isFinite(v)) throw invalidParameter(`predict returned ${v} for a row: Kernel SHAP explains one finite number per row (e.g. one class's probability).`);
        out[s + i] = v;
      }
    }
    return out;
  };
  const bgPred = await call(bg);
  const baseValue = bgPred.reduce((a, b) => a + b, 0) / bg.length;
  const fx = await call(rows);
  const rng = new SeededRandom(options.randomState ?? 0, "sfc32-single");
  const values: number[][] = [];
  let exactAll = true;
  let nCoalitions = 0;
  for (let r = 0; r < rows.length; r++) {
    const x = rows[r]!;
    const { masks, weights, exact } = m === 1 ? { masks: [], weights: [], exact: true } : coalitions(m, nSamples, rng);
    exactAll &&= exact;
    nCoalitions = masks.length;
    const total = fx[r]! - baseValue;
    if (m === 1) {
      values.push([total]);
      continue;
    }
    // v(z): the mean prediction with features in z taken from x and the others from each background row.
    const batch: number[][] = [];
    for (const z of masks) for (const b of bg) batch.push(b.map((v, j) => (z[j] ? x[j]! : v)));
    const preds = await call(batch);
    const v = masks.map((_, k) => {
      let s = 0;
      for (let i = 0; i < bg.length; i++) s += preds[k * bg.length + i]!;
      return s / bg.length;
    });
    // Weighted least squares with sum(phi) = f(x) - base as a hard constraint: phi_M is eliminated.
    const p = m - 1;
    const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const b = new Array<number>(p).fill(0);
    masks.forEach((z, k) => {
      const w = weights[k]!;
      const yk = v[k]! - baseValue - z[m - 1]! * total;
      for (let i = 0; i < p; i++) {
        const xi = z[i]! - z[m - 1]!;
        if (xi === 0) continue;
        b[i]! += w * xi * yk;
        for (let j = 0; j < p; j++) A[i]![j]! += w * xi * (z[j]! - z[m - 1]!);
      }
    });
    const phi = solve(A, b);
    phi.push(total - phi.reduce((a, c) => a + c, 0));
    values.push(phi);
  }
  return { values, baseValue, predictions: Array.from(fx), exact: exactAll, nCoalitions };
}
