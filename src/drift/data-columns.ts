// Plain tabular input: columns by name (typed arrays or plain arrays), or rows as objects; kinds inferred or declared.

import { invalidParameter } from "../core/errors";
import type { ColumnTable } from "../data/column-table";
import { isMissing, type ColumnKind } from "./column-sample";

/** Columns by name, all of the same length. Numbers (typed arrays, or arrays of numbers) are numerical. */
export type DataColumns = Record<string, ArrayLike<unknown>>;

/** What drift checks take: plain columns, or the typed table that labops' loaders return. */
export type DriftInput = DataColumns | ColumnTable;

function isColumnTable(data: DriftInput): data is ColumnTable {
  const t = data as ColumnTable;
  return Array.isArray(t.names) && typeof t.rowCount === "number" && t.columns !== null && typeof t.columns === "object";
}

/**
 * Plain columns from either input: a loader's table keeps numbers and dates as Float64Array (numerical) and turns
 * strings and booleans into values with null for missing (categorical, as Evidently treats them).
 */
export function toDataColumns(data: DriftInput): DataColumns {
  if (!isColumnTable(data)) return data;
  const out: DataColumns = {};
  for (const name of data.names) {
    const column = data.columns[name]!;
    if (column.type === "string") out[name] = Array.from(column.codes, (c) => (c < 0 ? null : column.categories[c]!));
    else if (column.type === "boolean") out[name] = Array.from(column.values, (v) => (Number.isNaN(v) ? null : v === 1));
    else out[name] = column.values;
  }
  return out;
}

/** Evidently's ColumnMapping, in camelCase: roles and declared kinds. */
export interface ColumnMapping {
  target?: string;
  prediction?: string;
  numericalFeatures?: string[];
  categoricalFeatures?: string[];
  /** Only these columns (plus target and prediction); default: every column. */
  columns?: string[];
}

export type ColumnRole = "feature" | "target" | "prediction";

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
}

/** Rows as objects to columns; keys missing in a row become undefined (missing). */
export function rowsToColumns(rows: readonly Record<string, unknown>[]): DataColumns {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) names.add(k);
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = rows.map((r) => r[name]);
  return out;
}

/** Number of rows, checking every column has it. */
export function rowCount(data: DataColumns, label: string): number {
  if (data === null || typeof data !== "object") throw invalidParameter(`${label} must be an object of columns (name -> array), got ${String(data)}.`);
  let n = -1;
  for (const [name, col] of Object.entries(data)) {
    if (col == null || typeof col.length !== "number") throw invalidParameter(`${label} column "${name}" is not an array.`);
    if (n === -1) n = col.length;
    else if (col.length !== n) throw invalidParameter(`${label} columns differ in length: "${name}" has ${col.length} rows, others ${n}.`);
  }
  return Math.max(n, 0);
}

function inferKind(values: ArrayLike<unknown>): ColumnKind {
  if (ArrayBuffer.isView(values)) return "numerical";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number") return "categorical";
  }
  return "numerical";
}

/** The columns to analyse with their kinds and roles, from the reference data and the mapping. */
export function columnSpecs(reference: DataColumns, mapping: ColumnMapping = {}): ColumnSpec[] {
  const names = mapping.columns ? [...mapping.columns] : Object.keys(reference);
  for (const extra of [mapping.target, mapping.prediction]) if (extra !== undefined && !names.includes(extra)) names.push(extra);
  const num = new Set(mapping.numericalFeatures ?? []);
  const cat = new Set(mapping.categoricalFeatures ?? []);
  return names.map((name) => {
    const col = reference[name];
    if (!col) throw invalidParameter(`Column "${name}" is not in the reference data (it has: ${Object.keys(reference).join(", ")}).`);
    if (num.has(name) && cat.has(name)) throw invalidParameter(`Column "${name}" is declared both numerical and categorical.`);
    const kind: ColumnKind = num.has(name) ? "numerical" : cat.has(name) ? "categorical" : inferKind(col);
    const role: ColumnRole = name === mapping.target ? "target" : name === mapping.prediction ? "prediction" : "feature";
    return { name, kind, role };
  });
}
