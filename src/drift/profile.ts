// Reference profiles: the reference dataset fitted once (numeric values with their range and moments, or an
// order-statistic sketch; category counts, missing counts, a small row sample) and stored as JSON, so checking a new
// batch never re-reads the reference.

import os from "node:os";
import { invalidParameter } from "../core/errors";
import { SeededRandom } from "../stats/random";
import { categoricalSample, numericSample, numericSampleFromSorted, type CategoricalSample, type ColumnKind, type NumericSample } from "./column-sample";
import { columnSpecs, rowCount, toDataColumns, type ColumnMapping, type ColumnRole, type ColumnSpec, type DataColumns, type DriftInput } from "./data-columns";

export const PROFILE_FORMAT = "labops.drift-profile";
export const PROFILE_VERSION = 1;

export interface ProfileColumn {
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
  /** Rows, and missing values among them. */
  rows: number;
  missing: number;
  /** Numerical columns: all values, or `maxSamples` evenly spaced order statistics when `sketch`. */
  numeric: ProfileNumeric | null;
  categorical: CategoricalSample | null;
}

export interface ProfileNumeric {
  sample: NumericSample;
  /** The sample holds order statistics of `count` values rather than the values themselves. */
  sketch: boolean;
  count: number;
}

export interface ReferenceProfile {
  format: typeof PROFILE_FORMAT;
  version: number;
  createdAt: string;
  rows: number;
  mapping: ColumnMapping;
  columns: ProfileColumn[];
  /** Up to `rowSample` rows drawn seeded, kept for the multivariate domain classifier. */
  rowSample: DataColumns;
}

export interface ProfileOptions {
  columnMapping?: ColumnMapping;
  /** Keep at most this many order statistics per numeric column (a sketch: tests become approximate). Default: all. */
  maxSamples?: number;
  /** Rows kept for the domain classifier; default 2000 (0 for none). */
  rowSample?: number;
  seed?: number;
  /** Time stamp to record (default now); tests pass a fixed one. */
  createdAt?: Date;
  /**
   * Keep own copies of typed-array columns (default true: a stored profile must not change when the caller reuses
   * its arrays). false views them instead, for a profile that does not outlive its inputs (driftReport's).
   */
  copyColumns?: boolean;
}

/** Evenly spaced order statistics of a sorted array (the (i + ½)/k quantiles). */
function sketch(sorted: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  const n = sorted.length;
  for (let i = 0; i < k; i++) out[i] = sorted[Math.min(n - 1, Math.floor(((i + 0.5) * n) / k))]!;
  return out;
}

/** k distinct indices of [0, n), seeded, in increasing order (Floyd's algorithm: O(k), not a shuffle of n). */
export function sampleIndices(n: number, k: number, rng: SeededRandom): Uint32Array {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Uint32Array.from(chosen).sort();
}

/** The reference columns, their row count and specs, with the options checked (before any column is read). */
export function prepareProfile(input: DriftInput, options: ProfileOptions): { data: DataColumns; rows: number; specs: ColumnSpec[] } {
  const data = toDataColumns(input);
  const rows = rowCount(data, "reference");
  const specs = columnSpecs(data, options.columnMapping ?? {});
  const { maxSamples } = options;
  if (maxSamples !== undefined && !(Number.isInteger(maxSamples) && maxSamples >= 2)) throw invalidParameter(`maxSamples must be an integer >= 2, got ${maxSamples}.`);
  return { data, rows, specs };
}

/** Fits the reference profile of `data` (columns by name). */
export function fitReferenceProfile(input: DriftInput, options: ProfileOptions = {}): ReferenceProfile {
  const copy = options.copyColumns !== false;
  return assembleProfile(prepareProfile(input, options), options, (spec, values) => numericSample(values, spec.name, { copy }));
}

/** The profile from prepared columns; `numeric` gives each numerical column's own copy (made here or elsewhere). */
export function assembleProfile(
  { data, rows, specs }: { data: DataColumns; rows: number; specs: ColumnSpec[] },
  options: ProfileOptions,
  numeric: (spec: ColumnSpec, values: ArrayLike<unknown>) => { sample: NumericSample; missing: number },
): ReferenceProfile {
  const { maxSamples, rowSample = 2000, seed = 0 } = options;
  const columns = specs.map((spec): ProfileColumn => {
    const values = data[spec.name]!;
    if (spec.kind === "numerical") {
      const { sample, missing } = numeric(spec, values);
      const count = sample.size;
      const isSketch = maxSamples !== undefined && count > maxSamples;
      const kept = isSketch ? numericSampleFromSorted(sketch(sample.sorted, maxSamples), { mean: sample.mean, std: sample.std }) : sample;
      return { ...spec, rows, missing, numeric: { sample: kept, sketch: isSketch, count }, categorical: null };
    }
    const { sample, missing } = categoricalSample(values);
    return { ...spec, rows, missing, numeric: null, categorical: sample };
  });
  const idx = sampleIndices(rows, Math.min(rows, rowSample), new SeededRandom(seed));
  const sampleCols: DataColumns = {};
  for (const spec of specs) {
    const col = data[spec.name]!;
    sampleCols[spec.name] = Array.from(idx, (i) => col[i]);
  }
  return { format: PROFILE_FORMAT, version: PROFILE_VERSION, createdAt: (options.createdAt ?? new Date()).toISOString(), rows, mapping: options.columnMapping ?? {}, columns, rowSample: sampleCols };
}

function encodeFloat64(a: Float64Array): string {
  if (os.endianness() !== "LE") throw new Error("Profiles store float64 little-endian; this machine is big-endian.");
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function decodeFloat64(s: string, count: number, column: string): Float64Array {
  const buf = Buffer.from(s, "base64");
  if (buf.length !== count * 8) throw invalidParameter(`Profile column "${column}": expected ${count} float64 values, found ${buf.length} bytes.`);
  const out = new Float64Array(count);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** The profile as a JSON-ready object (numeric samples as base64 float64, little-endian). */
export function profileToJSON(p: ReferenceProfile): object {
  return {
    format: p.format,
    version: p.version,
    createdAt: p.createdAt,
    rows: p.rows,
    mapping: p.mapping,
    columns: p.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      role: c.role,
      rows: c.rows,
      missing: c.missing,
      numeric: c.numeric && { encoding: "float64-le-base64", values: encodeFloat64(c.numeric.sample.sorted), size: c.numeric.sample.size, count: c.numeric.count, sketch: c.numeric.sketch, mean: c.numeric.sample.mean, std: c.numeric.sample.std },
      categorical: c.categorical && { counts: Object.fromEntries(c.categorical.counts), total: c.categorical.total },
    })),
    rowSample: Object.fromEntries(Object.entries(p.rowSample).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>, (x) => (typeof x === "number" && !Number.isFinite(x) ? null : x))])),
  };
}

/** Serialises a profile to a JSON string. */
export function serializeProfile(p: ReferenceProfile): string {
  return JSON.stringify(profileToJSON(p));
}

/** Reads a profile back from JSON text or its parsed object, checking format and version. */
export function parseProfile(json: string | object): ReferenceProfile {
  const o = (typeof json === "string" ? JSON.parse(json) : json) as Record<string, any>;
  if (o?.format !== PROFILE_FORMAT) throw invalidParameter(`Not a labops drift profile (format is ${JSON.stringify(o?.format)}, expected "${PROFILE_FORMAT}").`);
  if (o.version !== PROFILE_VERSION) throw invalidParameter(`Drift profile version ${o.version} is not supported (this labops reads version ${PROFILE_VERSION}); fit the profile again.`);
  const columns: ProfileColumn[] = (o.columns as any[]).map((c) => {
    let numeric: ProfileColumn["numeric"] = null;
    if (c.numeric) {
      if (c.numeric.encoding !== "float64-le-base64") throw invalidParameter(`Profile column "${c.name}": unknown encoding ${JSON.stringify(c.numeric.encoding)}.`);
      const sorted = decodeFloat64(c.numeric.values, c.numeric.size, c.name);
      numeric = { sample: numericSampleFromSorted(sorted, { mean: c.numeric.mean, std: c.numeric.std }), sketch: Boolean(c.numeric.sketch), count: c.numeric.count };
    }
    const categorical: CategoricalSample | null = c.categorical ? { kind: "categorical", counts: new Map(Object.entries(c.categorical.counts as Record<string, number>)), total: c.categorical.total } : null;
    return { name: c.name, kind: c.kind, role: c.role, rows: c.rows, missing: c.missing, numeric, categorical };
  });
  return { format: PROFILE_FORMAT, version: o.version, createdAt: o.createdAt, rows: o.rows, mapping: o.mapping ?? {}, columns, rowSample: o.rowSample ?? {} };
}
