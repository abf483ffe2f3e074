// Column-oriented data: typed arrays per column (numbers and dates as Float64Array with NaN for missing,
// strings dictionary-encoded), the shape every loader returns and every fast path (pipelines, validation) reads.

import { invalidParameter } from "../core/errors";

export type ColumnType = "number" | "string" | "date" | "boolean";

/** Numbers; NaN marks a missing value. */
export interface NumberColumn {
  type: "number";
  values: Float64Array;
}
/** Dates as epoch milliseconds (UTC); NaN marks a missing value. */
export interface DateColumn {
  type: "date";
  values: Float64Array;
}
/** Booleans as 1/0; NaN marks a missing value (kept numeric so models read it directly). */
export interface BooleanColumn {
  type: "boolean";
  values: Float64Array;
}
/** Strings, dictionary-encoded: codes index `categories`; -1 marks a missing value. */
export interface StringColumn {
  type: "string";
  codes: Int32Array;
  categories: string[];
}
export type Column = NumberColumn | DateColumn | BooleanColumn | StringColumn;

/** Columns of equal length, in order. */
export interface ColumnTable {
  names: string[];
  columns: Record<string, Column>;
  rowCount: number;
}

export type CellValue = number | string | boolean | Date | null;

/** Type overrides for inference: `{types: {zip: "string"}}` keeps a numeric-looking column as strings. */
export type TypeOverrides = Record<string, ColumnType>;

// Markers read as missing in number, date and boolean columns. In string columns only "" is missing: "NA" may
// be a real value there (North America, a "not applicable" class).
const MISSING_STRINGS = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"]);
// ISO 8601 dates and date-times only: other shapes are too ambiguous to infer (override with types).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|inf)$/;

export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value)) || (typeof value === "string" && MISSING_STRINGS.has(value.trim()));
}

/** The type a column of raw values most plausibly has: the narrowest type every non-missing value fits. */
export function inferType(values: ArrayLike<unknown>): ColumnType {
  let number = true, boolean = true, date = true, any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    any = true;
    if (typeof v === "number" || typeof v === "bigint") (boolean = false), (date = false);
    else if (typeof v === "boolean") (number = false), (date = false);
    else if (v instanceof Date) (number = false), (boolean = false);
    else {
      const s = String(v).trim();
      if (number && !NUMBER.test(s)) number = false;
      if (boolean && !/^(true|false)$/i.test(s)) boolean = false;
      if (date && !ISO_DATE.test(s)) date = false;
    }
    if (!number && !boolean && !date) return "string";
  }
  // An all-missing column has no evidence: numbers, so it stays a NaN column models can read (documented).
  if (!any) return "number";
  return number ? "number" : boolean ? "boolean" : date ? "date" : "string";
}

function toNumber(v: unknown, name: string, row: number): number {
  if (isMissing(v)) return NaN;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  const s = String(v).trim();
  if (NUMBER.test(s)) return s.endsWith("inf") ? (s.startsWith("-") ? -Infinity : Infinity) : Number(s);
  throw invalidParameter(`Column '${name}', row ${row + 1}: '${s}' is not a number; fix the value or declare the column's type with {types: {'${name}': 'string'}}.`);
}

function toDate(v: unknown, name: string, row: number): number {
  if (isMissing(v)) return NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  const s = String(v).trim();
  // A date without a zone is read as UTC, so results do not depend on the machine's time zone.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? s.replace(" ", "T") + "Z" : s);
  if (Number.isNaN(ms)) throw invalidParameter(`Column '${name}', row ${row + 1}: '${s}' is not a date; use ISO 8601 (2024-05-31 or 2024-05-31T12:00:00Z) or declare {types: {'${name}': 'string'}}.`);
  return ms;
}

function toBoolean(v: unknown, name: string, row: number): number {
  if (isMissing(v)) return NaN;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === 0 || v === 1) return v;
  const s = String(v).trim().toLowerCase();
  if (s === "true" || s === "1") return 1;
  if (s === "false" || s === "0") return 0;
  throw invalidParameter(`Column '${name}', row ${row + 1}: '${String(v)}' is not a boolean (true/false/1/0); fix it or declare {types: {'${name}': 'string'}}.`);
}

/** Fills one typed column value by value (loaders write chunks straight into it, with no row objects). */
export interface ColumnBuilder {
  set(row: number, value: unknown): void;
  finish(): Column;
}

export function columnBuilder(name: string, type: ColumnType, length: number): ColumnBuilder {
  if (type === "string") {
    const codes = new Int32Array(length);
    const index = new Map<string, number>();
    const categories: string[] = [];
    return {
      set(row, v) {
        if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || v === "") {
          codes[row] = -1;
          return;
        }
        const s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : String(v);
        let code = index.get(s);
        if (code === undefined) index.set(s, (code = categories.length)), categories.push(s);
        codes[row] = code;
      },
      finish: () => ({ type: "string", codes, categories }),
    };
  }
  const values = new Float64Array(length);
  const convert = type === "number" ? toNumber : type === "date" ? toDate : type === "boolean" ? toBoolean : null;
  if (!convert) throw invalidParameter(`Column '${name}': unknown type '${String(type)}'; use number, string, date or boolean.`);
  return {
    // Numbers already in shape skip the conversion: the common case in Parquet and Arrow files.
    set: (row, v) => void (values[row] = typeof v === "number" && type !== "boolean" ? v : convert(v, name, row)),
    finish: () => ({ type, values }) as Column,
  };
}

/** Dictionary-encodes strings; categories in order of first appearance. */
export function encodeStrings(values: ArrayLike<unknown>): StringColumn {
  return makeColumn("", values, "string") as StringColumn;
}

/** A typed column from raw values, of the given type or the inferred one. */
export function makeColumn(name: string, values: ArrayLike<unknown>, type: ColumnType = inferType(values)): Column {
  const b = columnBuilder(name, type, values.length);
  for (let i = 0; i < values.length; i++) b.set(i, values[i]);
  return b.finish();
}

function checkOverrides(names: string[], types: TypeOverrides | undefined, source: string): void {
  for (const [name, type] of Object.entries(types ?? {})) {
    if (!names.includes(name)) throw invalidParameter(`${source}: types names column '${name}', which does not exist; columns: ${names.join(", ")}.`);
    if (!["number", "string", "date", "boolean"].includes(type)) throw invalidParameter(`${source}: type '${type}' for column '${name}' is not one of number, string, date, boolean.`);
  }
}

/** A table from raw columns (arrays of values), inferring each type unless `types` names it. */
export function tableFromArrays(raw: Record<string, ArrayLike<unknown>>, types?: TypeOverrides, source = "data"): ColumnTable {
  const names = Object.keys(raw);
  checkOverrides(names, types, source);
  const rowCount = names.length ? raw[names[0]!]!.length : 0;
  const columns: Record<string, Column> = {};
  for (const name of names) {
    if (raw[name]!.length !== rowCount) throw invalidParameter(`${source}: column '${name}' has ${raw[name]!.length} values; '${names[0]}' has ${rowCount}.`);
    columns[name] = makeColumn(name, raw[name]!, types?.[name]);
  }
  return { names, columns, rowCount };
}

/** A table from row objects; columns are the union of the keys, in order of first appearance. */
export function tableFromRecords(records: ReadonlyArray<Record<string, unknown>>, types?: TypeOverrides, source = "data"): ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw invalidParameter(`${source}: expected objects (one per row), got ${JSON.stringify(r)?.slice(0, 60)}.`);
    for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), names.push(k);
  }
  const raw: Record<string, unknown[]> = {};
  for (const n of names) raw[n] = records.map((r) => r[n]);
  return tableFromArrays(raw, types, source);
}

export function getColumn(table: ColumnTable, name: string): Column {
  const c = table.columns[name];
  if (!c) throw invalidParameter(`No column '${name}'; the table has: ${table.names.join(", ")}.`);
  return c;
}

/** One cell as a plain value (dates as Date, missing as null). */
export function cellValue(column: Column, row: number): CellValue {
  if (column.type === "string") {
    const c = column.codes[row]!;
    return c < 0 ? null : column.categories[c]!;
  }
  const v = column.values[row]!;
  if (Number.isNaN(v)) return null;
  return column.type === "date" ? new Date(v) : column.type === "boolean" ? v === 1 : v;
}

export function isMissingAt(column: Column, row: number): boolean {
  return column.type === "string" ? column.codes[row]! < 0 : Number.isNaN(column.values[row]!);
}

/** The rows at these indices, in this order (categories are kept, so codes stay comparable). */
export function takeRows(table: ColumnTable, indices: ArrayLike<number>): ColumnTable {
  const columns: Record<string, Column> = {};
  for (const name of table.names) {
    const c = table.columns[name]!;
    if (c.type === "string") {
      const codes = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) codes[i] = c.codes[indices[i]!]!;
      columns[name] = { type: "string", codes, categories: c.categories };
    } else {
      const values = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) values[i] = c.values[indices[i]!]!;
      columns[name] = { type: c.type, values } as Column;
    }
  }
  return { names: [...table.names], columns, rowCount: indices.length };
}

/** Rows [start, end) as views on the same memory (no copy): for block-wise passes over large tables. */
export function sliceRows(table: ColumnTable, start: number, end: number): ColumnTable {
  const columns: Record<string, Column> = {};
  for (const name of table.names) {
    const c = table.columns[name]!;
    columns[name] = c.type === "string" ? { type: "string", codes: c.codes.subarray(start, end), categories: c.categories } : ({ type: c.type, values: c.values.subarray(start, end) } as Column);
  }
  return { names: table.names, columns, rowCount: end - start };
}

export function selectColumns(table: ColumnTable, names: string[]): ColumnTable {
  const columns: Record<string, Column> = {};
  for (const n of names) columns[n] = getColumn(table, n);
  return { names: [...names], columns, rowCount: table.rowCount };
}

/** Rows as plain objects (for display, JSON and small tables; fast paths read the columns). */
export function tableToRecords(table: ColumnTable, limit = table.rowCount): Record<string, CellValue>[] {
  const out: Record<string, CellValue>[] = [];
  for (let i = 0; i < Math.min(limit, table.rowCount); i++) {
    const r: Record<string, CellValue> = {};
    for (const n of table.names) r[n] = cellValue(table.columns[n]!, i);
    out.push(r);
  }
  return out;
}

/** Columns as plain arrays (dates as ISO strings, missing as null): the JSON-able form of a table. */
export function tableToArrays(table: ColumnTable): Record<string, (number | string | boolean | null)[]> {
  const out: Record<string, (number | string | boolean | null)[]> = {};
  for (const n of table.names) {
    const c = table.columns[n]!;
    const arr = new Array<number | string | boolean | null>(table.rowCount);
    for (let i = 0; i < table.rowCount; i++) {
      const v = cellValue(c, i);
      arr[i] = v instanceof Date ? v.toISOString() : v;
    }
    out[n] = arr;
  }
  return out;
}

/** The schema as name -> type. */
export function tableSchema(table: ColumnTable): Record<string, ColumnType> {
  return Object.fromEntries(table.names.map((n) => [n, table.columns[n]!.type]));
}
