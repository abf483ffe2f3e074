// Multivariate drift by a domain classifier: a seeded L2 logistic regression (plain TS on typed arrays) learns to
// tell reference rows from current rows; its held-out ROC AUC is the drift score (Evidently: drift when AUC > 0.55).

import { invalidParameter } from "../core/errors";
import { SeededRandom } from "../stats/random";
import { categoryKey, isMissing } from "./column-sample";
import type { ColumnSpec, DataColumns } from "./data-columns";
import { sampleIndices } from "./profile";
import { rankAuc } from "../stats/rank-auc";

export interface DomainClassifierOptions {
  /** Rows drawn per dataset (seeded, without replacement); default 5000. */
  maxRows?: number;
  /** One-hot columns per categorical feature (most frequent reference categories); default 10. */
  maxCategories?: number;
  /** Gradient steps of full-batch training; default 300. */
  iterations?: number;
  /** L2 penalty; default 1e-3. */
  l2?: number;
  /** Drift when AUC > threshold; default 0.55 (Evidently's abs_text_content_drift rule). */
  threshold?: number;
  seed?: number;
}

export interface DomainClassifierResult {
  /** Held-out ROC AUC of reference (0) vs current (1). */
  auc: number;
  /** max(2·AUC − 1, 0), deepchecks' multivariate drift score. */
  driftScore: number;
  threshold: number;
  drifted: boolean;
  trainRows: number;
  testRows: number;
  /** |weight| per input column (largest over its one-hot columns), descending: which columns tell the datasets apart. */
  importance: { column: string; weight: number }[];
}

/** ROC AUC of scores against 0/1 labels, ties counted half (Mann–Whitney). */
export function rocAuc(scores: Float64Array, labels: Uint8Array): number {
  const auc = rankAuc(scores, labels);
  if (Number.isNaN(auc)) throw invalidParameter("rocAuc needs both classes among the labels.");
  return auc;
}

interface Encoder {
  width: number;
  names: string[];
  encode(data: DataColumns, row: number, out: Float64Array, offset: number): void;
}

// Numeric: standardized by the reference's mean and std, missing -> 0 (the mean); categorical: one-hot of the most
// frequent reference categories.
function buildEncoder(specs: ColumnSpec[], reference: DataColumns, maxCategories: number): Encoder {
  const parts: { width: number; source: string; fill: (v: unknown, out: Float64Array, o: number) => void }[] = [];
  for (const spec of specs) {
    const col = reference[spec.name]!;
    if (spec.kind === "numerical") {
      let s = 0;
      let s2 = 0;
      let n = 0;
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (typeof v === "number" && Number.isFinite(v)) {
          s += v;
          s2 += v * v;
          n++;
        }
      }
      const mean = n ? s / n : 0;
      const sd = n ? Math.sqrt(Math.max(s2 / n - mean * mean, 0)) || 1 : 1;
      parts.push({ width: 1, source: spec.name, fill: (v, out, o) => void (out[o] = typeof v === "number" && Number.isFinite(v) ? (v - mean) / sd : 0) });
    } else {
      const counts = new Map<string, number>();
      for (let i = 0; i < col.length; i++) if (!isMissing(col[i])) counts.set(categoryKey(col[i]), (counts.get(categoryKey(col[i])) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxCategories).map(([k]) => k);
      const pos = new Map(top.map((k, i) => [k, i]));
      parts.push({
        width: top.length,
        source: spec.name,
        fill: (v, out, o) => {
          for (let i = 0; i < top.length; i++) out[o + i] = 0;
          if (!isMissing(v)) {
            const p = pos.get(categoryKey(v));
            if (p !== undefined) out[o + p] = 1;
          }
        },
      });
    }
  }
  const width = parts.reduce((a, p) => a + p.width, 0);
  const names = parts.flatMap((p) => Array.from({ length: p.width }, () => p.source));
  return {
    width,
    names,
    encode(data, row, out, offset) {
      let o = offset;
      for (const p of parts) {
        p.fill(data[p.source]![row], out, o);
        o += p.width;
      }
    },
  };
}

/** Trains on half of the sampled rows of each dataset and reports the AUC on the other half. */
export function domainClassifierDrift(reference: DataColumns, current: DataColumns, specs: ColumnSpec[], options: DomainClassifierOptions = {}): DomainClassifierResult {
  const { maxRows = 5000, maxCategories = 10, iterations = 300, l2 = 1e-3, threshold = 0.55, seed = 0 } = options;
  if (specs.length === 0) throw invalidParameter("The domain classifier needs at least one column.");
  const rng = new SeededRandom(seed);
  const enc = buildEncoder(specs, reference, maxCategories);
  const pick = (data: DataColumns) => {
    const n = data[specs[0]!.name]?.length ?? 0;
    if (n < 4) throw invalidParameter(`The domain classifier needs at least 4 rows per dataset, got ${n}.`);
    // k rows in O(k), then shuffled so the train/test halves do not follow row (often time) order.
    return rng.shuffle(sampleIndices(n, Math.min(n, maxRows), rng));
  };
  const ri = pick(reference);
  const ci = pick(current);
  const halfR = Math.floor(ri.length / 2);
  const halfC = Math.floor(ci.length / 2);
  const d = enc.width + 1;
  const build = (rows: [DataColumns, Uint32Array, number][]) => {
    const n = rows.reduce((a, r) => a + r[1].length, 0);
    const X = new Float64Array(n * d);
    const y = new Uint8Array(n);
    let k = 0;
    for (const [data, idx, label] of rows)
      for (const row of idx) {
        enc.encode(data, row, X, k * d);
        X[k * d + enc.width] = 1; // intercept
        y[k++] = label;
      }
    return { X, y, n };
  };
  const train = build([
    [reference, ri.subarray(0, halfR), 0],
    [current, ci.subarray(0, halfC), 1],
  ]);
  const testSet = build([
    [reference, ri.subarray(halfR), 0],
    [current, ci.subarray(halfC), 1],
  ]);
  // Class weights balance unequal sizes, so the AUC does not reward predicting the larger dataset.
  const nPos = halfC;
  const nNeg = halfR;
  const wPos = train.n / (2 * nPos);
  const wNeg = train.n / (2 * nNeg);
  const w = new Float64Array(d);
  const grad = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const lr = 0.05;
  for (let it = 1; it <= iterations; it++) {
    grad.fill(0);
    for (let r = 0; r < train.n; r++) {
      let z = 0;
      const o = r * d;
      for (let j = 0; j < d; j++) z += w[j]! * train.X[o + j]!;
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - train.y[r]!) * (train.y[r] ? wPos : wNeg);
      for (let j = 0; j < d; j++) grad[j]! += err * train.X[o + j]!;
    }
    // Adam steps: robust to feature scales without a line search.
    for (let j = 0; j < d; j++) {
      const g = grad[j]! / train.n + (j < enc.width ? l2 * w[j]! : 0);
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      const mh = m[j]! / (1 - 0.9 ** it);
      const vh = v[j]! / (1 - 0.999 ** it);
      w[j]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  const scores = new Float64Array(testSet.n);
  for (let r = 0; r < testSet.n; r++) {
    let z = 0;
    for (let j = 0; j < d; j++) z += w[j]! * testSet.X[r * d + j]!;
    scores[r] = z;
  }
  const auc = rocAuc(scores, testSet.y);
  const imp = new Map<string, number>();
  enc.names.forEach((name, j) => imp.set(name, Math.max(imp.get(name) ?? 0, Math.abs(w[j]!))));
  return {
    auc,
    driftScore: Math.max(2 * auc - 1, 0),
    threshold,
    drifted: auc > threshold,
    trainRows: train.n,
    testRows: testSet.n,
    importance: [...imp.entries()].map(([column, weight]) => ({ column, weight })).sort((a, b) => b.weight - a.weight),
  };
}
