// Where drift data comes from on the command line: a data file (readTable), a shipped dataset name, or a saved
// reference profile, with `--where` conditions written as `column>=value`; and a table turned into drift columns.

import fs from "node:fs";
import { invalidParameter } from "../core/errors";
import type { ColumnTable } from "../data/column-table";
import type { ColumnCondition, Where } from "../data/row-filter";
import type { DataColumns } from "../drift/data-columns";
import type { ReferenceProfile } from "../drift/profile";

const OPERATORS: [string, keyof Exclude<ColumnCondition, string | number | boolean | null>][] = [
  [">=", "gte"],
  ["<=", "lte"],
  ["!=", "ne"],
  [">", "gt"],
  ["<", "lt"],
  ["=", "eq"],
];

/** `["date>=2015-01-01", "weather=rain"]` to a Where (all must hold); values stay strings, the filter types them. */
export function parseWhere(conditions: readonly string[] | undefined, flag = "--where"): Where | undefined {
  if (!conditions?.length) return undefined;
  const where: Record<string, Record<string, unknown>> = {};
  for (const text of conditions) {
    const m = /^\s*([^<>=!]+?)\s*(>=|<=|!=|>|<|=)\s*(.*)$/.exec(text);
    if (!m || !m[1] || m[3] === undefined) throw invalidParameter(`${flag} '${text}' is not a condition; write COLUMN OP VALUE with OP one of >=, <=, >, <, =, != (e.g. "date>=2015-01-01").`);
    const op = OPERATORS.find(([symbol]) => symbol === m[2])![1];
    const cond = (where[m[1]] ??= {});
    if (op in cond) throw invalidParameter(`${flag} '${text}': column '${m[1]}' already has a ${m[2]} condition.`);
    cond[op] = m[3];
  }
  return where as Where;
}

/** Drift columns of a table: dates are left out (as Evidently leaves datetime columns out of drift). */
export function tableToDriftColumns(table: ColumnTable, columns?: readonly string[], label = "the data"): DataColumns {
  const names = columns ?? table.names.filter((n) => table.columns[n]!.type !== "date");
  const out: DataColumns = {};
  for (const name of names) {
    const col = table.columns[name];
    if (!col) throw invalidParameter(`Column '${name}' is not in ${label}; it has: ${table.names.join(", ")}.`);
    if (col.type === "string") out[name] = Array.from(col.codes, (c) => (c < 0 ? null : col.categories[c]!));
    else if (col.type === "date") out[name] = Array.from(col.values, (v) => (Number.isNaN(v) ? null : new Date(v).toISOString()));
    else if (col.type === "boolean") out[name] = Array.from(col.values, (v) => (Number.isNaN(v) ? null : v === 1 ? "true" : "false"));
    else out[name] = col.values;
  }
  return out;
}

/** Reads a saved reference profile, or null when the file is not one (a data file). */
export function readProfileFile(file: string): ReferenceProfile | null {
  if (!file.toLowerCase().endsWith(".json") || !fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes('"labops.drift-profile"')) return null;
  const { parseProfile }: typeof import("../drift/profile") = require("../drift/profile");
  return parseProfile(text);
}

/** A file readable by readTable, or a shipped dataset's name, filtered by `where`. */
export async function loadDriftTable(source: string, where?: Where): Promise<ColumnTable> {
  const data: typeof import("../data") = require("../data");
  if (!fs.existsSync(source) && data.listDatasets().includes(source)) return data.loadColumns(source, { where });
  if (!fs.existsSync(source)) throw invalidParameter(`'${source}' is neither a file nor a shipped dataset (shipped: ${data.listDatasets().join(", ")}).`);
  return data.readTable(source, { where });
}
