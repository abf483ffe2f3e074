// Model inputs: a row-major Float32Array, a feature matrix, records or typed columns, turned into one checked matrix.

import { invalidParameter } from "../core/errors";
import { tableFromArrays, tableFromRecords } from "../data/column-table";
import type { FeaturePipeline } from "../data/features/feature-pipeline";

/** Rows for predict: a row-major matrix, {values, rowCount}, records (needs a pipeline) or columns by name. */
export type ModelInput =
  | Float32Array
  | { values: Float32Array; rowCount: number; featureNames?: string[] }
  | ReadonlyArray<Record<string, unknown>>
  | Record<string, ArrayLike<unknown>>;

export interface Matrix { values: Float32Array; rowCount: number }

/** Fails on NaN or infinite values, naming the first row and feature. */
export function checkFinite(m: Matrix, featureNames: string[]): void {
  const d = featureNames.length;
  const v = m.values;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) {
      const row = Math.floor(i / d);
      throw invalidParameter(`Feature '${featureNames[i % d]}' is ${v[i]} at row ${row}; impute or drop missing values first (a feature pipeline's numeric step imputes).`);
    }
  }
}

export function matrixOf(input: ModelInput, featureNames: string[], pipeline: FeaturePipeline | null): Matrix {
  const d = featureNames.length;
  let m: Matrix;
  if (input instanceof Float32Array) {
    if (input.length % d !== 0) throw invalidParameter(`A Float32Array of ${input.length} values is not a whole number of rows of ${d} features.`);
    m = { values: input, rowCount: input.length / d };
  } else if (Array.isArray(input)) {
    if (!pipeline) throw invalidParameter(`Records need the model's feature pipeline, and this model has none; pass a Float32Array matrix of ${d} features (${featureNames.slice(0, 5).join(", ")}...).`);
    m = pipeline.transform(tableFromRecords(input as ReadonlyArray<Record<string, unknown>>));
  } else if (isMatrixLike(input)) {
    if (input.featureNames && input.featureNames.join("\u0000") !== featureNames.join("\u0000")) {
      throw invalidParameter(`The input's features (${input.featureNames.slice(0, 5).join(", ")}...) differ from the model's (${featureNames.slice(0, 5).join(", ")}...); transform with the model's pipeline.`);
    }
    if (input.values.length !== input.rowCount * d) throw invalidParameter(`The matrix has ${input.values.length} values, not ${input.rowCount} rows x ${d} features.`);
    m = { values: input.values, rowCount: input.rowCount };
  } else {
    const cols = input as Record<string, ArrayLike<unknown>>;
    if (pipeline) {
      m = pipeline.transform(tableFromArrays(cols));
    } else {
      const missing = featureNames.filter((f) => !(f in cols));
      if (missing.length) throw invalidParameter(`Columns missing for features: ${missing.slice(0, 10).join(", ")}; pass one column per model feature.`);
      const n = cols[featureNames[0]!]!.length;
      const values = new Float32Array(n * d);
      featureNames.forEach((f, j) => {
        const c = cols[f]!;
        if (c.length !== n) throw invalidParameter(`Column '${f}' has ${c.length} values; the others have ${n}.`);
        for (let i = 0; i < n; i++) values[i * d + j] = Number(c[i]);
      });
      m = { values, rowCount: n };
    }
  }
  if (m.values.length !== m.rowCount * d) throw invalidParameter(`The pipeline produced ${m.values.length / Math.max(m.rowCount, 1)} features per row; the model expects ${d}.`);
  checkFinite(m, featureNames);
  return m;
}

function isMatrixLike(x: unknown): x is { values: Float32Array; rowCount: number; featureNames?: string[] } {
  return typeof x === "object" && x !== null && (x as { values?: unknown }).values instanceof Float32Array && typeof (x as { rowCount?: unknown }).rowCount === "number";
}
