// Score and probability inputs: checked once and held as Float64Arrays (a matrix row-major, n x k).

import { invalidParameter } from "../core/errors";

/** Probabilities for k classes: rows (`number[][]`) or a row-major flat array of n*k values. */
export type ProbaInput = ArrayLike<ArrayLike<number>> | Float64Array | Float32Array;

export interface ProbaMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A 1-d array of finite numbers as a Float64Array (no copy when it already is one). */
export function toFloat64(values: ArrayLike<number>, what: string): Float64Array {
  const out = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (!Number.isFinite(v)) {
      const raw = (values as ArrayLike<unknown>)[i];
      throw invalidParameter(`${what}[${i}] is ${typeof raw === "number" ? raw : JSON.stringify(raw)}: give finite numbers.`);
    }
  }
  return out;
}

/**
 * A probability matrix with `cols` columns, from rows or from a flat array. A 1-d array of numbers with
 * cols = 2 is read as the positive class's probability (scikit-learn's binary y_proba).
 */
export function toProbaMatrix(input: ProbaInput, cols: number, rows: number, what: string): ProbaMatrix {
  const first = input.length > 0 ? (input as ArrayLike<unknown>)[0] : undefined;
  if (ArrayBuffer.isView(input) || typeof first === "number") {
    const flat = toFloat64(input as ArrayLike<number>, what);
    if (flat.length === rows && cols === 2) {
      const data = new Float64Array(rows * 2);
      for (let i = 0; i < rows; i++) {
        data[2 * i] = 1 - flat[i]!;
        data[2 * i + 1] = flat[i]!;
      }
      return checkRange({ data, rows, cols }, what);
    }
    if (flat.length !== rows * cols) throw invalidParameter(`${what} has ${flat.length} values; expected ${rows} x ${cols} = ${rows * cols} (one probability per sample and class, row by row)${cols === 2 ? `, or ${rows} positive-class probabilities` : ""}.`);
    return checkRange({ data: flat, rows, cols }, what);
  }
  const matrix = input as ArrayLike<ArrayLike<number>>;
  if (matrix.length !== rows) throw invalidParameter(`${what} has ${matrix.length} rows but there are ${rows} samples.`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = matrix[i];
    if (!row || row.length !== cols) throw invalidParameter(`${what}[${i}] has ${row?.length ?? 0} values; expected ${cols} (one per class, in class order).`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  }
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw invalidParameter(`${what}[${Math.floor(i / cols)}][${i % cols}] is ${data[i]}: give finite probabilities.`);
  return checkRange({ data, rows, cols }, what);
}

function checkRange(m: ProbaMatrix, what: string): ProbaMatrix {
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i]!;
    if (!(v >= 0 && v <= 1)) throw invalidParameter(`${what} holds ${v} (sample ${Math.floor(i / m.cols)}): probabilities must lie in [0, 1].`);
  }
  return m;
}

/** One column of a probability matrix. */
export function column(m: ProbaMatrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}
