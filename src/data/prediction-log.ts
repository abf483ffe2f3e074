// The prediction log: what labops' serving writes for every prediction, and how the collector reads it back.
//
// Format (JSON Lines, one object per prediction, UTF-8):
//   {"time": "2024-05-01T12:00:00.000Z",   ISO 8601 in UTC (epoch milliseconds are accepted when reading)
//    "unitId": "u123",                     the randomisation unit (user, session) for A/B analysis
//    "variant": "B",                       the A/B arm that served it ("control" when there is no test)
//    "modelVersion": "models:/rain/3",     the model that answered (a models:/ URI or a version string)
//    "features": {"wind": 3.4, ...},       the model's inputs: numbers, strings, booleans or null
//    "prediction": 1,                      the output: a number (score, regression) or a string (class)
//    "confidence": 0.87,                   0..1: the predicted class's probability, or the model's own score
//    "latencyMs": 4.2,                     time spent answering, in milliseconds
//    "label": 1}                           optional: the ground truth, when it is known (joined later)
// CSV and Parquet logs hold the same fields flattened: one column per field, features as `feature.<name>`.

import fs from "node:fs";
import { invalidParameter } from "../core/errors";
import { makeColumn, selectColumns, tableFromRecords, tableToArrays, type ColumnTable } from "./column-table";
import { parseJsonLines, readTable, formatOf } from "./readers";

export type FeatureValue = number | string | boolean | null;

export interface PredictionRecord {
  time: string;
  unitId: string;
  variant: string;
  modelVersion: string;
  features: Record<string, FeatureValue>;
  prediction: number | string;
  confidence: number;
  latencyMs: number;
  label?: number | string | null;
}

/** The flat columns of a log, in order; features follow as `feature.<name>`. */
export const PREDICTION_LOG_COLUMNS = ["time", "unitId", "variant", "modelVersion", "prediction", "confidence", "latencyMs", "label"] as const;
export const FEATURE_PREFIX = "feature.";

/** Checks one record and returns it with `time` normalised to ISO 8601; names the bad field otherwise. */
export function checkPredictionRecord(record: unknown, where = "prediction record"): PredictionRecord {
  const r = record as Record<string, unknown>;
  if (!r || typeof r !== "object" || Array.isArray(r)) throw invalidParameter(`${where}: expected an object, got ${JSON.stringify(record)?.slice(0, 60)}.`);
  const ms = typeof r.time === "number" ? r.time : typeof r.time === "string" ? Date.parse(r.time) : NaN;
  if (Number.isNaN(ms)) throw invalidParameter(`${where}: time '${String(r.time)}' is not an ISO 8601 date or epoch milliseconds.`);
  for (const k of ["unitId", "variant", "modelVersion"] as const) if (typeof r[k] !== "string" || !r[k]) throw invalidParameter(`${where}: ${k} must be a non-empty string; got ${JSON.stringify(r[k])}.`);
  if (!r.features || typeof r.features !== "object" || Array.isArray(r.features)) throw invalidParameter(`${where}: features must be an object of name -> value.`);
  for (const [k, v] of Object.entries(r.features)) if (v !== null && !["number", "string", "boolean"].includes(typeof v)) throw invalidParameter(`${where}: feature '${k}' must be a number, string, boolean or null; got ${JSON.stringify(v)}.`);
  if (typeof r.prediction !== "number" && typeof r.prediction !== "string") throw invalidParameter(`${where}: prediction must be a number or a string.`);
  if (typeof r.confidence !== "number" || !(r.confidence >= 0 && r.confidence <= 1)) throw invalidParameter(`${where}: confidence must be a number in [0, 1]; got ${JSON.stringify(r.confidence)}.`);
  if (typeof r.latencyMs !== "number" || !(r.latencyMs >= 0)) throw invalidParameter(`${where}: latencyMs must be a number >= 0; got ${JSON.stringify(r.latencyMs)}.`);
  if (r.label !== undefined && r.label !== null && typeof r.label !== "number" && typeof r.label !== "string") throw invalidParameter(`${where}: label must be a number, a string or null.`);
  return { ...(r as unknown as PredictionRecord), time: new Date(ms).toISOString() };
}

/** One log line (no newline). */
export function formatPredictionRecord(record: PredictionRecord): string {
  const r = checkPredictionRecord(record);
  const out: PredictionRecord = { time: r.time, unitId: r.unitId, variant: r.variant, modelVersion: r.modelVersion, features: r.features, prediction: r.prediction, confidence: r.confidence, latencyMs: r.latencyMs };
  if (r.label !== undefined) out.label = r.label;
  return JSON.stringify(out);
}

/** Appends records to a JSONL log in one write (what serving calls). */
export function appendPredictionLog(file: string, records: PredictionRecord[]): void {
  if (records.length === 0) return;
  fs.appendFileSync(file, records.map(formatPredictionRecord).join("\n") + "\n");
}

/** A record flattened to the log's columns (features as `feature.<name>`). */
export function flattenPredictionRecord(r: PredictionRecord): Record<string, FeatureValue | undefined> {
  const flat: Record<string, FeatureValue | undefined> = { time: r.time, unitId: r.unitId, variant: r.variant, modelVersion: r.modelVersion, prediction: r.prediction, confidence: r.confidence, latencyMs: r.latencyMs, label: r.label ?? null };
  for (const [k, v] of Object.entries(r.features)) flat[FEATURE_PREFIX + k] = v;
  return flat;
}

/** Reads a log (JSONL, CSV or Parquet) into flat typed columns; every record is checked. */
export async function readPredictionLog(file: string): Promise<ColumnTable> {
  const format = formatOf(file);
  let table: ColumnTable;
  if (format === "jsonl" || format === "json") {
    if (!fs.existsSync(file)) throw invalidParameter(`No prediction log '${file}'.`);
    const text = fs.readFileSync(file, "utf8");
    const records = format === "jsonl" ? parseJsonLines(text, file) : (JSON.parse(text) as unknown[]);
    if (!Array.isArray(records)) throw invalidParameter(`${file}: a JSON prediction log must be an array of records.`);
    const flat = records.map((r, i) => flattenPredictionRecord(checkPredictionRecord(r, `${file}, record ${i + 1}`)));
    table = flat.length ? tableFromRecords(flat, { time: "date", unitId: "string", variant: "string", modelVersion: "string", confidence: "number", latencyMs: "number" }, file) : tableFromRecords([]);
  } else {
    table = await readTable(file, { format });
    for (const c of ["time", "unitId", "variant", "modelVersion", "prediction", "confidence", "latencyMs"]) if (!table.columns[c]) throw invalidParameter(`${file}: not a prediction log: column '${c}' is missing (see src/data/prediction-log.ts for the format).`);
    const time = table.columns.time!;
    // Epoch milliseconds are accepted for time, as in JSONL logs.
    if (time.type === "number") table.columns.time = { type: "date", values: time.values };
    else if (time.type !== "date") throw invalidParameter(`${file}: column 'time' must hold ISO 8601 dates or epoch milliseconds; it reads as ${time.type}.`);
    // Ids that look like numbers ("1001") are still ids: the collector matches them as strings.
    for (const c of ["unitId", "variant", "modelVersion"]) if (table.columns[c]!.type !== "string") table.columns[c] = makeColumn(c, tableToArrays(selectColumns(table, [c]))[c]!.map((v) => (v === null ? null : String(v))), "string");
  }
  return table;
}
