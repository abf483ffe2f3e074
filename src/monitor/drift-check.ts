// One drift check as `labops drift` and `labops monitor` run it: the reference (data or a saved profile) against
// the current data, the profile saved on request, and the report logged to a run (metrics and JSON artifact).

import fs from "node:fs";
import path from "node:path";
import { invalidParameter } from "../core/errors";
import type { DataColumns } from "../drift/data-columns";
import type { ReferenceProfile } from "../drift/profile";
import type { DriftReport } from "../drift/report";
import type { LabopsClient } from "../tracking/client";
import type { Where } from "../data/row-filter";
import { loadDriftTable, readProfileFile, tableToDriftColumns } from "./drift-inputs";

export interface DriftCheckOptions {
  /** A data file, a shipped dataset name, or a saved profile (.json); or give `profile`. */
  reference?: string;
  referenceWhere?: Where;
  /** A saved reference profile (from --save-profile or fitReferenceProfile). */
  profile?: string;
  /** The current data: a file or dataset name, or columns already read (the monitor's window). */
  current: string | DataColumns;
  currentWhere?: Where;
  /** Only these columns (default: every non-date column of the reference). */
  columns?: string[];
  /** Save the fitted reference profile here (JSON). */
  saveProfile?: string;
  /** Dataset drift when the share of drifted columns is >= this (Evidently: 0.5). */
  driftShare?: number;
}

export interface DriftCheck {
  report: DriftReport;
  /** Where the reference came from, and the profile saved, if any. */
  reference: string;
  current: string;
  savedProfile: string | null;
}

export function checkWritable(file: string, what: string): string {
  const abs = path.resolve(file);
  if (!fs.existsSync(path.dirname(abs))) throw invalidParameter(`Cannot write the ${what} to ${file}: folder ${path.dirname(abs)} does not exist.`);
  return abs;
}

export async function runDriftCheck(options: DriftCheckOptions): Promise<DriftCheck> {
  const drift: typeof import("../drift") = require("../drift");
  if (options.reference === undefined && options.profile === undefined) throw invalidParameter("Give the reference: --reference DATA or --profile FILE.");
  if (options.reference !== undefined && options.profile !== undefined) throw invalidParameter("Give either --reference or --profile, not both.");
  if (options.saveProfile !== undefined) checkWritable(options.saveProfile, "profile");
  const refName = (options.reference ?? options.profile)!;
  let profile: ReferenceProfile | null = options.profile !== undefined ? readProfileFile(options.profile) : readProfileFile(refName);
  if (options.profile !== undefined && !profile) throw invalidParameter(`--profile ${options.profile} is not a saved drift profile (a .json written by --save-profile).`);
  if (profile && options.referenceWhere) throw invalidParameter(`--reference-where cannot filter a saved profile (${refName}); filter when saving it.`);

  let columns = options.columns;
  if (!profile) {
    const table = await loadDriftTable(refName, options.referenceWhere);
    if (table.rowCount === 0) throw invalidParameter(`The reference ${refName} has no rows${options.referenceWhere ? " left after --reference-where" : ""}.`);
    if (!columns && typeof options.current === "object") columns = Object.keys(options.current).filter((c) => table.columns[c] && table.columns[c]!.type !== "date");
    const reference = tableToDriftColumns(table, columns, refName);
    // The columns were read for this check alone: the profile views them instead of copying.
    const fit = { rowSample: 0, copyColumns: false };
    profile = isLarge(reference) ? await drift.fitReferenceProfileParallel(reference, fit) : drift.fitReferenceProfile(reference, fit);
  } else if (columns) {
    const missing = columns.filter((c) => !profile!.columns.some((p) => p.name === c));
    if (missing.length) throw invalidParameter(`Column(s) ${missing.join(", ")} are not in the profile ${refName}; it has: ${profile.columns.map((c) => c.name).join(", ")}.`);
    profile = { ...profile, columns: profile.columns.filter((c) => columns!.includes(c.name)) };
  }
  const names = profile.columns.map((c) => c.name);

  let current: DataColumns;
  let currentName: string;
  if (typeof options.current === "string") {
    const table = await loadDriftTable(options.current, options.currentWhere);
    if (table.rowCount === 0) throw invalidParameter(`The current data ${options.current} has no rows${options.currentWhere ? " left after --current-where" : ""}.`);
    const missing = names.filter((n) => !table.columns[n]);
    if (missing.length) throw invalidParameter(`The current data ${options.current} has no column(s) ${missing.join(", ")} of the reference; it has: ${table.names.join(", ")}.`);
    current = tableToDriftColumns(table, names, options.current);
    currentName = options.current;
  } else {
    const given = options.current;
    const missing = names.filter((n) => given[n] === undefined);
    if (missing.length) throw invalidParameter(`The current data has no column(s) ${missing.join(", ")} of the reference.`);
    current = Object.fromEntries(names.map((n) => [n, given[n]!]));
    currentName = "the prediction log";
  }
  const report = isLarge(current) ? await drift.checkDriftParallel(profile, current, { driftShare: options.driftShare }) : drift.checkDrift(profile, current, { driftShare: options.driftShare });
  let savedProfile: string | null = null;
  if (options.saveProfile !== undefined) {
    const { writeFileAtomic }: typeof import("../data/collector") = require("../data/collector");
    savedProfile = checkWritable(options.saveProfile, "profile");
    writeFileAtomic(savedProfile, Buffer.from(drift.serializeProfile(profile)));
  }
  return { report, reference: refName, current: currentName, savedProfile };
}

/** Worker threads pay for their start-up from about a million numeric values in two or more columns (bench/drift.ts). */
function isLarge(columns: DataColumns): boolean {
  const numeric = Object.values(columns).filter((c) => c instanceof Float64Array || c instanceof Float32Array);
  return numeric.length >= 2 && numeric.reduce((n, c) => n + c.length, 0) >= 1_000_000;
}

/** Metric-key-safe column name (keys allow letters, digits, _ / . - space :). */
const metricKey = (column: string) => column.replace(/[^\p{L}\p{N}_/.\- :]/gu, "_");

/** The report's metrics: share and count of drifted columns, dataset drift (0/1), and each column's score. */
export function driftMetrics(report: DriftReport): Record<string, number> {
  const metrics: Record<string, number> = {
    drift_share_drifted: report.shareOfDriftedColumns,
    drift_drifted_columns: report.numberOfDriftedColumns,
    drift_dataset_drift: report.datasetDrift ? 1 : 0,
  };
  for (const c of report.columns) if (c.error === null && Number.isFinite(c.score)) metrics[`drift_score.${metricKey(c.column)}`] = c.score;
  return metrics;
}

/** Logs a report on a run: metrics, drift/report.json and, when given, the HTML page as drift/report.html. */
export async function logDriftReport(client: LabopsClient, runId: string, report: DriftReport, html?: string): Promise<void> {
  const timestamp = Date.now();
  await client.logBatch(runId, { metrics: Object.entries(driftMetrics(report)).map(([key, value]) => ({ key, value, timestamp, step: 0 })) });
  await client.logDict(runId, report, "drift/report.json");
  if (html !== undefined) await client.logText(runId, html, "drift/report.html");
}

/** Columns sorted by how far past their threshold they are (drifted first), for tables. */
export function columnsByScore(report: DriftReport): DriftReport["columns"] {
  return [...report.columns].sort((a, b) => Number(b.drifted) - Number(a.drifted) || severity(b) - severity(a));
}

function severity(c: DriftReport["columns"][number]): number {
  if (c.error !== null || !Number.isFinite(c.score)) return -Infinity;
  return c.scoreKind === "p_value" ? -c.score : c.score - c.threshold;
}
