// Readers for the user's own files (CSV, JSON, JSONL, Parquet, Arrow) into a ColumnTable, with type inference
// that `types` overrides, and the same `columns` / `where` / `limit` options as the shipped datasets.

import fs from "node:fs";
import path from "node:path";
import { invalidParameter, LabopsError, notFound } from "../core/errors";
import { parseCsv } from "./csv";
import { columnBuilder, makeColumn, selectColumns, tableFromArrays, tableFromRecords, type Column, type ColumnTable, type ColumnType, type TypeOverrides } from "./column-table";
import { filterTable, type Where } from "./row-filter";

export type FileFormat = "csv" | "json" | "jsonl" | "parquet" | "arrow";

export interface ReadOptions {
  /** Defaults to the file's extension (.csv, .json, .jsonl/.ndjson, .parquet, .arrow/.feather/.ipc). */
  format?: FileFormat;
  /** Only these columns, in this order. */
  columns?: string[];
  /** Override inferred types per column. */
  types?: TypeOverrides;
  where?: Where;
  /** At most this many rows (after `where`). */
  limit?: number;
}

const EXTENSIONS: Record<string, FileFormat> = { ".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".arrow": "arrow", ".feather": "arrow", ".ipc": "arrow" };

export function formatOf(file: string, format?: FileFormat): FileFormat {
  if (format) {
    if (!Object.values(EXTENSIONS).includes(format)) throw invalidParameter(`Unknown format '${format}'; use csv, json, jsonl, parquet or arrow.`);
    return format;
  }
  const f = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!f) throw invalidParameter(`Cannot tell the format of '${file}' from its extension; pass {format: 'csv' | 'json' | 'jsonl' | 'parquet' | 'arrow'}.`);
  return f;
}

function readBytes(file: string): Buffer {
  if (!fs.existsSync(file)) throw notFound(`No file '${file}'.`);
  const bytes = fs.readFileSync(file);
  if (bytes.length === 0) throw invalidParameter(`'${file}' is empty: no header and no rows to read.`);
  return bytes;
}

/** Reads a data file into typed columns. */
export async function readTable(file: string, options: ReadOptions = {}): Promise<ColumnTable> {
  const format = formatOf(file, options.format);
  const bytes = readBytes(file);
  let table: ColumnTable;
  if (format === "parquet") table = await parquetTable(bytes, file, options.columns, options.types, options.where ? undefined : options.limit);
  else if (format === "arrow") table = arrowTable(bytes, file, options.types);
  else {
    const text = bytes.toString("utf8");
    if (!text.trim()) throw invalidParameter(`'${file}' is empty: no header and no rows to read.`);
    if (format === "csv") table = csvTable(text, file, options.types);
    else if (format === "jsonl") table = tableFromRecords(parseJsonLines(text, file), options.types, file);
    else table = jsonTable(text, file, options.types);
  }
  if (options.columns) table = selectColumns(table, options.columns);
  return filterTable(table, options.where, options.limit);
}

export function csvTable(text: string, source: string, types?: TypeOverrides): ColumnTable {
  const rows = parseCsv(text, source);
  // The header read as its own row (repeated as data) gives the names even when there are no rows.
  const header = text.slice(0, text.search(/\r?\n|$/));
  const headerRow = parseCsv(`${header}\n${header}\n`, source)[0] ?? {};
  const names = Object.keys(headerRow);
  const raw: Record<string, string[]> = {};
  for (const n of names) raw[n] = rows.map((r) => r[n]!);
  return tableFromArrays(raw, types, source);
}

export function parseJsonLines(text: string, source: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch (e) {
      throw invalidParameter(`${source}, line ${i + 1}: not valid JSON (${(e as Error).message}).`, { cause: e });
    }
  }
  return out;
}

/** A JSON array of row objects, or an object of equal-length column arrays. */
function jsonTable(text: string, source: string, types?: TypeOverrides): ColumnTable {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw invalidParameter(`${source}: not valid JSON (${(e as Error).message}).`, { cause: e });
  }
  if (Array.isArray(data)) return tableFromRecords(data as Record<string, unknown>[], types, source);
  if (data && typeof data === "object" && Object.values(data).every(Array.isArray)) return tableFromArrays(data as Record<string, unknown[]>, types, source);
  throw invalidParameter(`${source}: expected a JSON array of row objects or an object of column arrays.`);
}

interface ParquetSchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: { type: string };
  num_children?: number;
}

function parquetType(el: ParquetSchemaElement): ColumnType {
  const logical = el.logical_type?.type ?? el.converted_type;
  if (logical === "TIMESTAMP" || logical === "DATE" || (logical ?? "").startsWith("TIMESTAMP") || logical === "DATE") return "date";
  if (el.type === "BOOLEAN") return "boolean";
  if (el.type === "BYTE_ARRAY" || el.type === "FIXED_LEN_BYTE_ARRAY") return logical === "DECIMAL" ? "number" : "string";
  return "number";
}

async function parquetTable(bytes: Buffer, file: string, columns: string[] | undefined, types: TypeOverrides | undefined, limit: number | undefined): Promise<ColumnTable> {
  const { parquetMetadata, parquetRead } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const fail = (e: unknown): never => {
    if (e instanceof LabopsError) throw e;
    throw invalidParameter(`'${file}' is not a readable Parquet file: ${(e as Error).message}`, { cause: e });
  };
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    return fail(e);
  }
  const leaves = (metadata.schema as ParquetSchemaElement[]).slice(1).filter((el) => !el.num_children);
  const names = leaves.map((l) => l.name);
  for (const c of columns ?? []) if (!names.includes(c)) throw invalidParameter(`'${file}' has no column '${c}'; it has: ${names.join(", ")}.`);
  for (const c of Object.keys(types ?? {})) if (!names.includes(c)) throw invalidParameter(`'${file}': types names column '${c}', which does not exist; columns: ${names.join(", ")}.`);
  const wanted = columns ?? names;
  const rowCount = Math.min(Number(metadata.num_rows), limit ?? Infinity);
  const builders = Object.fromEntries(wanted.map((n) => [n, columnBuilder(n, types?.[n] ?? parquetType(leaves.find((l) => l.name === n)!), rowCount)]));
  // Timestamps straight to epoch ms: no Date object per value.
  const ms = (x: bigint, perMs: bigint) => Number(x / perMs) + Number(x % perMs) / Number(perMs);
  const parsers = {
    timestampFromMilliseconds: (x: bigint) => Number(x),
    timestampFromMicroseconds: (x: bigint) => ms(x, 1000n),
    timestampFromNanoseconds: (x: bigint) => ms(x, 1_000_000n),
    dateFromDays: (days: number) => days * 86_400_000,
  };
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      parsers,
      columns: wanted,
      rowEnd: rowCount,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const b = builders[columnName]!;
        for (let i = 0; i < columnData.length && rowStart + i < rowCount; i++) b.set(rowStart + i, columnData[i]);
      },
    });
  } catch (e) {
    fail(e);
  }
  const out: Record<string, Column> = {};
  for (const n of wanted) out[n] = builders[n]!.finish();
  return { names: [...wanted], columns: out, rowCount };
}

function arrowTable(bytes: Buffer, file: string, types: TypeOverrides | undefined): ColumnTable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const arrow = require("apache-arrow") as typeof import("apache-arrow");
  let table: import("apache-arrow").Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw invalidParameter(`'${file}' is not a readable Arrow IPC file: ${(e as Error).message}`, { cause: e });
  }
  const names = table.schema.fields.map((f) => f.name);
  for (const c of Object.keys(types ?? {})) if (!names.includes(c)) throw invalidParameter(`'${file}': types names column '${c}', which does not exist; columns: ${names.join(", ")}.`);
  const columns: Record<string, Column> = {};
  table.schema.fields.forEach((field, i) => {
    const vector = table.getChildAt(i)!;
    const t = field.type;
    const natural: ColumnType = arrow.DataType.isDate(t) || arrow.DataType.isTimestamp(t) ? "date" : arrow.DataType.isBool(t) ? "boolean" : arrow.DataType.isInt(t) || arrow.DataType.isFloat(t) || arrow.DataType.isDecimal(t) ? "number" : "string";
    const type = types?.[field.name] ?? natural;
    if (type === "number" && natural === "number" && vector.nullCount === 0 && !arrow.DataType.isDecimal(t)) {
      // The fast path: a dense numeric vector converts in one typed-array copy.
      const values = vector.toArray() as ArrayLike<number | bigint>;
      columns[field.name] = { type: "number", values: typeof values[0] === "bigint" ? Float64Array.from(values as ArrayLike<bigint>, Number) : Float64Array.from(values as ArrayLike<number>) };
    } else {
      const values = new Array<unknown>(vector.length);
      for (let r = 0; r < vector.length; r++) values[r] = vector.get(r);
      columns[field.name] = makeColumn(field.name, values, type);
    }
  });
  return { names, columns, rowCount: table.numRows };
}
