// The datasets that ship with labops or its npm dependencies: where they live, their manifest, and loaders
// returning typed columns (fast paths) or a danfojs-node DataFrame (exploration).

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { invalidParameter, notFound } from "../core/errors";
import type { ColumnTable, ColumnType } from "./column-table";
import { readTable, type FileFormat } from "./readers";
import type { Where } from "./row-filter";
import { toDataFrame } from "./data-frame";

export interface ManifestColumn {
  name: string;
  type: ColumnType;
  missing: number;
  description: string;
}

export interface DatasetEntry {
  name: string;
  /** An npm package holding the file; absent when the file is in labops' datasets/ folder. */
  package?: string;
  file: string;
  format: FileFormat;
  rows: number;
  /** `sha256:<hex>` of the file's bytes. */
  digest: string;
  columns: ManifestColumn[];
  description: string;
  source: string;
  license: string;
  uses?: string;
}

/** The package's datasets/ folder, found from dist/src/data or src/data. */
export function datasetsDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "datasets");
    if (fs.existsSync(path.join(candidate, "manifest.json"))) return candidate;
  }
  throw notFound(`labops' datasets/ folder was not found above ${__dirname}; reinstall labops.`);
}

/** A file in labops' own datasets/ folder. */
export function datasetPath(file: string): string {
  const full = path.join(datasetsDir(), file);
  if (!fs.existsSync(full)) throw notFound(`No dataset '${file}' in ${datasetsDir()}; see its manifest.json.`);
  return full;
}

export function datasetManifest(): DatasetEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(datasetsDir(), "manifest.json"), "utf8")) as { datasets: DatasetEntry[] }).datasets;
}

export function listDatasets(): string[] {
  return datasetManifest().map((d) => d.name);
}

export function datasetInfo(name: string): DatasetEntry {
  const entry = datasetManifest().find((d) => d.name === name);
  if (!entry) throw notFound(`No dataset '${name}'; labops ships: ${listDatasets().join(", ")}.`);
  return entry;
}

/** The absolute path of a shipped dataset's file. */
export function datasetFile(name: string): string {
  const entry = datasetInfo(name);
  if (!entry.package) return datasetPath(entry.file);
  // The package's `exports` hide its data files from require.resolve: look for its folder on the search paths.
  const root = (require.resolve.paths(entry.package) ?? []).map((p) => path.join(p, entry.package!)).find((p) => fs.existsSync(path.join(p, "package.json")));
  if (!root) throw notFound(`Dataset '${name}' lives in the npm package '${entry.package}', which is not installed; install labops' dependencies.`);
  const full = path.join(root, entry.file);
  if (!fs.existsSync(full)) throw notFound(`Dataset '${name}': ${full} is missing from '${entry.package}'; reinstall it.`);
  return full;
}

/** `sha256:<hex>` of a file's bytes, streamed. */
export function fileDigest(file: string): string {
  const hash = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return `sha256:${hash.digest("hex")}`;
}

export interface LoadOptions {
  /** Only these columns, in this order. */
  columns?: string[];
  where?: Where;
  limit?: number;
}

/** A shipped dataset as typed columns, with the manifest's types (so inference never changes them). */
export async function loadColumns(name: string, options: LoadOptions = {}): Promise<ColumnTable> {
  const entry = datasetInfo(name);
  for (const c of options.columns ?? []) if (!entry.columns.some((m) => m.name === c)) throw invalidParameter(`Dataset '${name}' has no column '${c}'; it has: ${entry.columns.map((m) => m.name).join(", ")}.`);
  const types = Object.fromEntries(entry.columns.map((c) => [c.name, c.type]));
  return readTable(datasetFile(name), { format: entry.format, types, ...options });
}

/** A shipped dataset as a danfojs-node DataFrame (danfojs-node is loaded on first use: it is heavy). */
export async function loadDataset(name: string, options: LoadOptions = {}): Promise<import("danfojs-node").DataFrame> {
  return toDataFrame(await loadColumns(name, options));
}
