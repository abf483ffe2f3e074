// Target encoding for training: checks the labels and maps them to class codes or scaled numbers.

import { invalidParameter } from "../core/errors";

export type Task = "binary" | "multiclass" | "regression";
export type Label = number | string | boolean;

/** How labels map to model outputs; stored in the artifact. */
export interface LabelMapping {
  task: Task;
  /** Class labels in code order (classification). */
  classes?: Label[];
  /** Regression targets are standardised for training: prediction = output * std + mean. */
  mean?: number;
  std?: number;
}

export interface EncodedTarget {
  mapping: LabelMapping;
  /** Class code per row (classification). */
  codes?: Int32Array;
  /** Standardised value per row (regression). */
  values?: Float32Array;
}

function missing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || v === "";
}

/** Encodes labels; `task` auto: non-numeric or two distinct values is classification, otherwise regression. */
export function encodeTarget(y: ArrayLike<Label | null | undefined> | undefined | null, rowCount: number, task: Task | "auto" = "auto"): EncodedTarget {
  if (y === undefined || y === null) throw invalidParameter(`The target is missing: pass one label per row (${rowCount} rows).`);
  if (y.length !== rowCount) throw invalidParameter(`The target has ${y.length} values but the features have ${rowCount} rows; pass one label per row.`);
  if (rowCount === 0) throw invalidParameter(`There are no rows to train on.`);
  for (let i = 0; i < y.length; i++) {
    if (missing(y[i])) throw invalidParameter(`The target is missing at row ${i} (${String(y[i])}); drop or fill those rows before training.`);
  }
  const distinct = new Map<string, Label>();
  for (let i = 0; i < y.length && distinct.size <= 1_000; i++) distinct.set(keyOf(y[i] as Label), y[i] as Label);
  if (distinct.size < 2) throw invalidParameter(`The target is constant (every row is ${JSON.stringify(y[0])}); a model needs at least two distinct values.`);
  const numeric = Array.prototype.every.call(y, (v: unknown) => typeof v === "number");
  const chosen: Task = task !== "auto" ? task : !numeric || distinct.size === 2 ? (distinct.size === 2 ? "binary" : "multiclass") : "regression";
  if (chosen === "regression") {
    if (!numeric) throw invalidParameter(`A regression target must be numbers; found ${JSON.stringify(Array.prototype.find.call(y, (v: unknown) => typeof v !== "number"))}.`);
    let mean = 0;
    for (let i = 0; i < rowCount; i++) mean += y[i] as number;
    mean /= rowCount;
    let ss = 0;
    for (let i = 0; i < rowCount; i++) ss += ((y[i] as number) - mean) ** 2;
    const std = Math.sqrt(ss / rowCount) || 1;
    const values = new Float32Array(rowCount);
    for (let i = 0; i < rowCount; i++) values[i] = ((y[i] as number) - mean) / std;
    return { mapping: { task: "regression", mean, std }, values };
  }
  const classes = [...distinct.values()].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  if (chosen === "binary" && classes.length !== 2) throw invalidParameter(`task 'binary' needs exactly two classes; the target has ${classes.length}: ${classes.slice(0, 10).map(String).join(", ")}.`);
  const task2: Task = classes.length === 2 ? "binary" : "multiclass";
  const index = new Map(classes.map((c, i) => [keyOf(c), i]));
  const codes = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) codes[i] = index.get(keyOf(y[i] as Label))!;
  return { mapping: { task: task2, classes }, codes };
}

export function keyOf(v: Label): string {
  return `${typeof v}:${String(v)}`;
}
