// The collector: prediction logs in, a filtered dataset snapshot out (written atomically, with its content digest),
// optionally logged on a run as its input. Plain-data options and a result object, so `%collect` and
// `labops collect` can be thin wrappers.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import type { LabopsClient } from "../tracking/client";
import { activeRun, getClient } from "../tracking/fluent";
import { tableSchema, tableToArrays, takeRows, type Column, type ColumnTable, type ColumnType } from "./column-table";
import { FEATURE_PREFIX, readPredictionLog } from "./prediction-log";

export interface CollectOptions {
  /** Prediction logs (JSONL, CSV or Parquet), read in order and concatenated. */
  sources: string | string[];
  /** Keep predictions of the last `days` days before `now`. */
  days?: number;
  /** The end of the window (ISO date or epoch ms); default the current time. */
  now?: string | number;
  /** Keep predictions with confidence >= this. */
  minConfidence?: number;
  /** Keep only predictions whose label is known. */
  labeled?: boolean;
  variant?: string;
  modelVersion?: string;
  /** Fail when fewer predictions remain (default 1). */
  minSamples?: number;
  /** Write the snapshot here (.jsonl or .csv); its digest is returned either way. */
  output?: string;
  /** The dataset's name when logged on a run (default the output's base name, else "predictions"). */
  name?: string;
}

export interface CollectResult {
  name: string;
  table: ColumnTable;
  rows: number;
  /** Rows read and rows dropped by each filter, in the order they apply. */
  counts: { read: number; outsideWindow: number; lowConfidence: number; unlabeled: number; otherVariantOrModel: number };
  window: { from: string | null; to: string | null };
  schema: Record<string, ColumnType>;
  /** sha256 of the snapshot's bytes. */
  digest: string;
  /** Where the snapshot was written, when `output` was given. */
  snapshot: string | null;
  sources: string[];
}

function concatTables(tables: ColumnTable[]): ColumnTable {
  if (tables.length === 1) return tables[0]!;
  const names: string[] = [];
  for (const t of tables) for (const n of t.names) if (!names.includes(n)) names.push(n);
  const rowCount = tables.reduce((a, t) => a + t.rowCount, 0);
  const columns: Record<string, Column> = {};
  for (const n of names) {
    const types = new Set(tables.map((t) => t.columns[n]?.type).filter(Boolean));
    if (types.size > 1) throw invalidParameter(`Column '${n}' has different types across the logs (${[...types].join(", ")}); fix the logs or collect them separately.`);
    const type = [...types][0]!;
    if (type === "string") {
      const categories: string[] = [], index = new Map<string, number>();
      const codes = new Int32Array(rowCount).fill(-1);
      let at = 0;
      for (const t of tables) {
        const c = t.columns[n] as { codes: Int32Array; categories: string[] } | undefined;
        if (c) {
          const map = c.categories.map((s) => (index.has(s) ? index.get(s)! : (index.set(s, categories.length), categories.push(s), categories.length - 1)));
          for (let i = 0; i < t.rowCount; i++) codes[at + i] = c.codes[i]! < 0 ? -1 : map[c.codes[i]!]!;
        }
        at += t.rowCount;
      }
      columns[n] = { type: "string", codes, categories };
    } else {
      const values = new Float64Array(rowCount).fill(NaN);
      let at = 0;
      for (const t of tables) {
        const c = t.columns[n] as { values: Float64Array } | undefined;
        if (c) values.set(c.values, at);
        at += t.rowCount;
      }
      columns[n] = { type, values } as Column;
    }
  }
  return { names, columns, rowCount };
}

const isNull = (c: Column | undefined, i: number) => !c || (c.type === "string" ? c.codes[i]! < 0 : Number.isNaN(c.values[i]!));

/** Snapshot bytes: JSONL of flat records, or CSV; deterministic, so equal data gives an equal digest. */
function snapshotBytes(table: ColumnTable, format: "jsonl" | "csv"): Buffer {
  const cols = tableToArrays(table);
  const lines: string[] = [];
  if (format === "csv") {
    const q = (v: unknown) => (v === null ? "" : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    lines.push(table.names.map(q).join(","));
    for (let i = 0; i < table.rowCount; i++) lines.push(table.names.map((n) => q(cols[n]![i])).join(","));
  } else
    for (let i = 0; i < table.rowCount; i++) {
      const features: Record<string, unknown> = {};
      const r: Record<string, unknown> = {};
      for (const n of table.names) n.startsWith(FEATURE_PREFIX) ? (features[n.slice(FEATURE_PREFIX.length)] = cols[n]![i]) : (r[n] = cols[n]![i]);
      lines.push(JSON.stringify({ ...r, features }));
    }
  return Buffer.from(lines.join("\n") + (lines.length ? "\n" : ""), "utf8");
}

/** Writes beside the target, flushes, then renames: a reader sees the old file or the whole new one. */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    const fd = fs.openSync(tmp, "wx");
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export async function collectPredictions(options: CollectOptions): Promise<CollectResult> {
  const sources = typeof options.sources === "string" ? [options.sources] : [...(options.sources ?? [])];
  if (sources.length === 0) throw invalidParameter(`collect needs at least one prediction log in {sources}.`);
  if (options.days !== undefined && !(options.days > 0)) throw invalidParameter(`days must be > 0; got ${options.days}.`);
  if (options.minConfidence !== undefined && !(options.minConfidence >= 0 && options.minConfidence <= 1)) throw invalidParameter(`minConfidence must be in [0, 1]; got ${options.minConfidence}.`);
  const minSamples = options.minSamples ?? 1;
  if (!(Number.isInteger(minSamples) && minSamples >= 0)) throw invalidParameter(`minSamples must be an integer >= 0; got ${minSamples}.`);
  const format = options.output ? (path.extname(options.output).toLowerCase() === ".csv" ? "csv" : path.extname(options.output).toLowerCase() === ".jsonl" ? "jsonl" : null) : "jsonl";
  if (!format) throw invalidParameter(`output '${options.output}' must end in .jsonl or .csv.`);
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === "number" ? options.now : Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw invalidParameter(`now '${String(options.now)}' is not a date.`);

  const table = concatTables(await Promise.all(sources.map(readPredictionLog)));
  const fromMs = options.days === undefined ? -Infinity : nowMs - options.days * 86_400_000;
  const toMs = options.days === undefined && options.now === undefined ? Infinity : nowMs;
  const counts = { read: table.rowCount, outsideWindow: 0, lowConfidence: 0, unlabeled: 0, otherVariantOrModel: 0 };
  const keep: number[] = [];
  const time = table.columns.time as { values: Float64Array } | undefined;
  const conf = table.columns.confidence as { values: Float64Array } | undefined;
  const label = table.columns.label;
  const match = (col: string, want: string | undefined) => {
    if (want === undefined) return () => true;
    const c = table.columns[col] as { codes: Int32Array; categories: string[] } | undefined;
    const code = c ? c.categories.indexOf(want) : -1;
    return (i: number) => code >= 0 && c!.codes[i] === code;
  };
  const variantOk = match("variant", options.variant), modelOk = match("modelVersion", options.modelVersion);
  for (let i = 0; i < table.rowCount; i++) {
    const t = time!.values[i]!;
    if (!(t >= fromMs && t <= toMs)) counts.outsideWindow++;
    else if (options.minConfidence !== undefined && !(conf!.values[i]! >= options.minConfidence)) counts.lowConfidence++;
    else if (options.labeled && isNull(label, i)) counts.unlabeled++;
    else if (!variantOk(i) || !modelOk(i)) counts.otherVariantOrModel++;
    else keep.push(i);
  }
  if (keep.length < minSamples) {
    const why = Object.entries(counts).filter(([k, v]) => k !== "read" && v > 0).map(([k, v]) => `${v} ${k}`).join(", ");
    throw invalidParameter(`Only ${keep.length} predictions pass the filters; at least ${minSamples} are needed (read ${counts.read} from ${sources.join(", ")}${why ? `; dropped: ${why}` : ""}). Widen the window (days), lower minConfidence or minSamples.`);
  }
  const selected = takeRows(table, keep);
  const bytes = snapshotBytes(selected, format);
  const digest = `sha256:${crypto.createHash("sha256").update(bytes).digest("hex")}`;
  if (options.output) writeFileAtomic(options.output, bytes);
  return {
    name: options.name ?? (options.output ? path.basename(options.output).replace(/\.[^.]+$/, "") : "predictions"),
    table: selected,
    rows: selected.rowCount,
    counts,
    window: { from: Number.isFinite(fromMs) ? new Date(fromMs).toISOString() : null, to: Number.isFinite(toMs) ? new Date(toMs).toISOString() : null },
    schema: tableSchema(selected),
    digest,
    snapshot: options.output ? path.resolve(options.output) : null,
    sources: sources.map((s) => path.resolve(s)),
  };
}

export interface LogInputOptions {
  runId?: string;
  /** MLflow's `mlflow.data.context` input tag: "training", "validation", "evaluation"... (default "training"). */
  context?: string;
  /** The store to log to (default the fluent client): the CLI passes the one --tracking-uri names. */
  client?: LabopsClient;
}

/** The tag a run's input dataset is recorded under. */
export const INPUT_TAG_PREFIX = "labops.input.";

/**
 * Records a collected dataset as the run's input, with MLflow's `log_inputs` fields (name, digest, source type,
 * source, schema, profile, context): tag `labops.input.<name>` holds them as JSON, and the snapshot file (when
 * one was written) is logged as artifact `inputs/<name>/`. Labops' stores have no inputs table yet; the tag
 * maps 1:1 onto MLflow's DatasetInput when one comes.
 */
export async function logCollectedInput(result: CollectResult, options: LogInputOptions = {}): Promise<{ runId: string; tag: string }> {
  const runId = options.runId ?? activeRun()?.runId;
  if (!runId) throw invalidParameter(`logCollectedInput needs a run: start one with startRun() or pass {runId}.`);
  const name = result.name.replace(/[^A-Za-z0-9_.-]/g, "_");
  const client = options.client ?? getClient();
  const input = {
    name: result.name,
    digest: result.digest,
    sourceType: "local",
    source: result.snapshot ?? result.sources.join(","),
    schema: result.schema,
    profile: { numRows: result.rows, window: result.window, counts: result.counts },
    context: options.context ?? "training",
  };
  const tag = `${INPUT_TAG_PREFIX}${name}`;
  // Tag values are capped (8,000 characters in MLflow): a very wide schema is summarised rather than cut mid-JSON.
  let value = JSON.stringify(input);
  if (value.length > 8000) value = JSON.stringify({ ...input, schema: { columns: Object.keys(result.schema).length, note: "full schema in the snapshot" } });
  await client.setTag(runId, tag, value);
  if (result.snapshot) await client.logArtifact(runId, result.snapshot, `inputs/${name}`);
  return { runId, tag };
}
