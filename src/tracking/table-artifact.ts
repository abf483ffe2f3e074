// Rows to MLflow's table artifact ({columns, data}) and to CSV (RFC 4180 quoting).

import { invalidParameter } from "../core/errors";

/** Row objects, or a column-oriented record of equal-length arrays. */
export type TableRows = Record<string, unknown>[] | Record<string, unknown[]>;

export function tableToCsv(rows: TableRows): { columns: string[]; data: unknown[][]; csv: string } {
  let columns: string[];
  let data: unknown[][];
  if (Array.isArray(rows)) {
    columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    data = rows.map((r) => columns.map((c) => r[c] ?? null));
  } else {
    columns = Object.keys(rows);
    const lengths = new Set(columns.map((c) => rows[c]!.length));
    if (lengths.size > 1) throw invalidParameter(`logTable columns have different lengths (${[...lengths].join(", ")}); give equal-length columns.`);
    const n = columns.length ? rows[columns[0]!]!.length : 0;
    data = Array.from({ length: n }, (_, i) => columns.map((c) => rows[c]![i] ?? null));
  }
  const lines = [columns.map(csvCell).join(","), ...data.map((row) => row.map(csvCell).join(","))];
  return { columns, data, csv: lines.join("\n") + "\n" };
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
