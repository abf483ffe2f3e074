// `where` filters on a ColumnTable: plain data (so a CLI flag or magic can pass it) or a predicate on row objects.

import { invalidParameter } from "../core/errors";
import { cellValue, getColumn, takeRows, type CellValue, type Column, type ColumnTable } from "./column-table";

/** A condition on one column; a bare value means equality. Dates compare as ISO strings or Date objects. */
export type ColumnCondition =
  | string
  | number
  | boolean
  | null
  | { eq?: CellValue; ne?: CellValue; gt?: number | string; gte?: number | string; lt?: number | string; lte?: number | string; in?: CellValue[]; notNull?: boolean };

/** All conditions must hold (AND); or a predicate given each row as an object. */
export type Where = Record<string, ColumnCondition> | ((row: Record<string, CellValue>) => boolean);

const OPERATORS = new Set(["eq", "ne", "gt", "gte", "lt", "lte", "in", "notNull"]);

function comparable(column: Column, value: unknown, name: string): number | string | null {
  if (value === null || value === undefined) return null;
  if (column.type === "date") {
    const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(String(value));
    if (Number.isNaN(ms)) throw invalidParameter(`where: '${String(value)}' is not a date for column '${name}'.`);
    return ms;
  }
  if (column.type === "boolean") return value === true || value === "true" || value === 1 ? 1 : 0;
  if (column.type === "number") {
    const n = typeof value === "number" ? value : Number(value);
    if (Number.isNaN(n)) throw invalidParameter(`where: '${String(value)}' is not a number for column '${name}'.`);
    return n;
  }
  return String(value);
}

function cellComparable(column: Column, row: number): number | string | null {
  if (column.type === "string") {
    const c = column.codes[row]!;
    return c < 0 ? null : column.categories[c]!;
  }
  const v = column.values[row]!;
  return Number.isNaN(v) ? null : v;
}

function compileCondition(table: ColumnTable, name: string, cond: ColumnCondition): (row: number) => boolean {
  const column = getColumn(table, name);
  const at = (row: number) => cellComparable(column, row);
  if (cond === null || typeof cond !== "object") {
    const target = comparable(column, cond, name);
    return (row) => at(row) === target;
  }
  for (const op of Object.keys(cond)) if (!OPERATORS.has(op)) throw invalidParameter(`where: unknown operator '${op}' for column '${name}'; use eq, ne, gt, gte, lt, lte, in, notNull.`);
  const tests: ((v: number | string | null) => boolean)[] = [];
  if ("eq" in cond) { const t = comparable(column, cond.eq, name); tests.push((v) => v === t); }
  if ("ne" in cond) { const t = comparable(column, cond.ne, name); tests.push((v) => v !== t); }
  if (cond.gt !== undefined) { const t = comparable(column, cond.gt, name)!; tests.push((v) => v !== null && v > t); }
  if (cond.gte !== undefined) { const t = comparable(column, cond.gte, name)!; tests.push((v) => v !== null && v >= t); }
  if (cond.lt !== undefined) { const t = comparable(column, cond.lt, name)!; tests.push((v) => v !== null && v < t); }
  if (cond.lte !== undefined) { const t = comparable(column, cond.lte, name)!; tests.push((v) => v !== null && v <= t); }
  if (cond.in !== undefined) {
    if (!Array.isArray(cond.in)) throw invalidParameter(`where: 'in' for column '${name}' must be a list.`);
    const set = new Set(cond.in.map((x) => comparable(column, x, name)));
    tests.push((v) => set.has(v));
  }
  if (cond.notNull !== undefined) { const want = cond.notNull; tests.push((v) => (v !== null) === want); }
  return (row) => {
    const v = at(row);
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

/** Indices of the rows that pass, up to `limit`. */
export function filterIndices(table: ColumnTable, where: Where | undefined, limit = Infinity): Int32Array {
  if (!(limit >= 0)) throw invalidParameter(`limit must be a number >= 0; got ${String(limit)}.`);
  const n = table.rowCount;
  let pass: (row: number) => boolean;
  if (!where) pass = () => true;
  else if (typeof where === "function") {
    pass = (row) => {
      const r: Record<string, CellValue> = {};
      for (const name of table.names) r[name] = cellValue(table.columns[name]!, row);
      return Boolean(where(r));
    };
  } else {
    const tests = Object.entries(where).map(([name, cond]) => compileCondition(table, name, cond));
    pass = (row) => tests.every((t) => t(row));
  }
  const out: number[] = [];
  for (let i = 0; i < n && out.length < limit; i++) if (pass(i)) out.push(i);
  return Int32Array.from(out);
}

export function filterTable(table: ColumnTable, where?: Where, limit?: number): ColumnTable {
  if (!where && (limit === undefined || limit >= table.rowCount)) return table;
  return takeRows(table, filterIndices(table, where, limit));
}
