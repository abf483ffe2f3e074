// What every fitted feature step provides: output names, a JSON state, and a writer into the row-major matrix.

import { invalidParameter } from "../../core/errors";
import { getColumn, type Column, type ColumnTable, type ColumnType } from "../column-table";
import type { StepSpec } from "./feature-spec";

/** The target as the steps that need it see it: one indicator (or value) vector per encoded output. */
export interface TargetInfo {
  /** "binary" and "continuous" give one vector; "multiclass" one per class. */
  kind: "binary" | "multiclass" | "continuous";
  /** Per output: the target values (0/1 indicators for classes). */
  vectors: Float64Array[];
  /** Class labels (binary: the positive class; multiclass: all, in sorted order); empty for continuous. */
  classes: string[];
  /** Class index per row for stratified folds, in order of first appearance; null for continuous. */
  stratum: Int32Array | null;
}

export interface FittedStep {
  readonly spec: StepSpec;
  /** Output feature names, in order. */
  readonly names: string[];
  /** Everything needed to transform, as JSON. */
  state(): unknown;
  /** Writes this step's features of every row into `out` (row stride `stride`, starting at column `offset`). */
  write(table: ColumnTable, out: Float32Array, stride: number, offset: number): void;
  /** The training rows' features when they differ from `write` (target encoding's out-of-fold values). */
  writeTraining?(table: ColumnTable, out: Float32Array, stride: number, offset: number): void;
}

/** The column, checked to exist and to have one of the types the step reads. */
export function inputColumn(table: ColumnTable, name: string, allowed: ColumnType[], step: string): Column {
  if (!table.columns[name]) throw invalidParameter(`Feature step '${step}' needs column '${name}', which the data lacks; it has: ${table.names.join(", ")}.`);
  const column = getColumn(table, name);
  if (!allowed.includes(column.type)) {
    const hint = allowed.includes("string") ? `load it with {types: {'${name}': 'string'}}` : `load it with {types: {'${name}': '${allowed[0]}'}}`;
    throw invalidParameter(`Feature step '${step}' reads ${allowed.join(" or ")} columns; '${name}' is ${column.type}: ${hint}.`);
  }
  return column;
}
