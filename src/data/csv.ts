// A small CSV reader for the datasets that ship with labops (RFC 4180: quoted fields, "" escapes).

import fs from "node:fs";
import { invalidParameter } from "../core/errors";

export type CsvRow = Record<string, string>;

export function parseCsv(text: string, source = "CSV"): CsvRow[] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      (record = []), (field = "");
    } else field += c;
  }
  if (quoted) throw invalidParameter(`${source}: a quoted field is not closed.`);
  if (field !== "" || record.length) record.push(field), records.push(record);
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ""));
  if (!header) return [];
  return rows.map((r, n) => {
    if (r.length !== header.length) throw invalidParameter(`${source}: row ${n + 2} has ${r.length} fields; the header has ${header.length}.`);
    return Object.fromEntries(header.map((h, j) => [h, r[j]!]));
  });
}

export function readCsv(file: string): CsvRow[] {
  return parseCsv(fs.readFileSync(file, "utf8"), file);
}
