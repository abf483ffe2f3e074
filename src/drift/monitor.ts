// Drift over time, NannyML-style: the analysis data cut into chunks, each chunk's drift metric per column against
// the whole reference, and alert bands from the reference's own chunks (mean ± 3 std of their metric values).

import { invalidParameter } from "../core/errors";
import { categoricalSample, numericSample, type ColumnSample } from "./column-sample";
import { rowCount, toDataColumns, type ColumnMapping, type DriftInput } from "./data-columns";
import { runDriftTest, type DriftTestOptions } from "./drift-test";
import { fitReferenceProfile } from "./profile";
import { getDriftTest } from "./tests";
import type { DriftTest } from "./drift-test";

export interface MonitorOptions {
  /** Rows per chunk; or */
  chunkSize?: number;
  /** number of chunks of each dataset (NannyML's DefaultChunker makes 10). Default 10. */
  chunkNumber?: number;
  /**
   * Metric per column: a drift test name or object (default "jensenshannon", defined on both column kinds). For
   * p-value tests the chunk's statistic is tracked (KS: D), as NannyML does.
   */
  method?: string | DriftTest;
  perColumnMethod?: Record<string, string | DriftTest>;
  /** Band half-width in reference-chunk standard deviations (NannyML: 3). */
  stdMultiplier?: number;
  columnMapping?: ColumnMapping;
  testOptions?: DriftTestOptions;
}

export interface ChunkDrift {
  column: string;
  period: "reference" | "analysis";
  chunk: number;
  startRow: number;
  endRow: number;
  metric: string;
  value: number;
  lower: number;
  upper: number;
  alert: boolean;
}

export interface DriftMonitorResult {
  chunks: ChunkDrift[];
  /** Alerting analysis chunks per column. */
  alerts: Record<string, number[]>;
  thresholds: Record<string, { lower: number; upper: number; mean: number; std: number }>;
}

/** [start, end) row ranges: fixed size (the last chunk takes a short remainder if it is at least half a chunk), or a fixed count. */
export function chunkRanges(rows: number, size?: number, count?: number): [number, number][] {
  if (size !== undefined) {
    if (!(Number.isInteger(size) && size >= 2)) throw invalidParameter(`chunkSize must be an integer >= 2, got ${size}.`);
    const out: [number, number][] = [];
    for (let s = 0; s < rows; s += size) out.push([s, Math.min(rows, s + size)]);
    // NannyML drops an incomplete last chunk; labops merges it when small so no rows are ignored.
    if (out.length > 1 && out[out.length - 1]![1] - out[out.length - 1]![0] < size / 2) {
      const last = out.pop()!;
      out[out.length - 1]![1] = last[1];
    }
    return out;
  }
  const k = count ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) throw invalidParameter(`chunkNumber must be an integer >= 1, got ${k}.`);
  if (rows < k * 2) throw invalidParameter(`${rows} rows are too few for ${k} chunks of at least 2 rows; lower chunkNumber.`);
  return Array.from({ length: k }, (_, i) => [Math.floor((i * rows) / k), Math.floor(((i + 1) * rows) / k)] as [number, number]);
}

function slice(values: ArrayLike<unknown>, start: number, end: number): ArrayLike<unknown> {
  const v = values as { subarray?: (s: number, e: number) => ArrayLike<unknown>; slice?: (s: number, e: number) => ArrayLike<unknown> };
  if (typeof v.subarray === "function") return v.subarray(start, end);
  if (typeof v.slice === "function") return v.slice(start, end);
  return Array.from({ length: end - start }, (_, i) => values[start + i]);
}

/** Chunked drift of `analysis` against `reference`, with alert bands learned on the reference's chunks. */
export function monitorDrift(referenceInput: DriftInput, analysisInput: DriftInput, options: MonitorOptions = {}): DriftMonitorResult {
  const reference = toDataColumns(referenceInput);
  const analysis = toDataColumns(analysisInput);
  const { stdMultiplier = 3, testOptions = {} } = options;
  const profile = fitReferenceProfile(reference, { columnMapping: options.columnMapping, rowSample: 0 });
  const refRows = rowCount(reference, "reference");
  const anaRows = rowCount(analysis, "analysis");
  const chunks: ChunkDrift[] = [];
  const alerts: Record<string, number[]> = {};
  const thresholds: DriftMonitorResult["thresholds"] = {};
  for (const col of profile.columns) {
    const test = getDriftTest(options.perColumnMethod?.[col.name] ?? options.method ?? "jensenshannon");
    const ref: ColumnSample = col.kind === "numerical" ? col.numeric!.sample : col.categorical!;
    const score = (values: ArrayLike<unknown>) => {
      const cur = col.kind === "numerical" ? numericSample(values, col.name).sample : categoricalSample(values).sample;
      // NannyML monitors statistics (KS's D, chi-square's χ²), not p-values, which sit near 0 or 1 and make no band.
      const r = runDriftTest(test, ref, cur, test.defaultThreshold, testOptions);
      return test.scoreKind === "p_value" ? r.statistic : r.score;
    };
    const refValues = chunkRanges(refRows, options.chunkSize, options.chunkNumber).map(([s, e]) => ({ s, e, v: score(slice(reference[col.name]!, s, e)) }));
    const vals = refValues.map((r) => r.v);
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const std = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
    // The metrics (distances, D, χ²) cannot go below 0: the lower band is clipped there, as NannyML does.
    const lower = Math.max(0, mean - stdMultiplier * std);
    const upper = mean + stdMultiplier * std;
    thresholds[col.name] = { lower, upper, mean, std };
    const push = (period: ChunkDrift["period"], list: { s: number; e: number; v: number }[]) =>
      list.forEach((r, i) => chunks.push({ column: col.name, period, chunk: i, startRow: r.s, endRow: r.e, metric: test.name, value: r.v, lower, upper, alert: period === "analysis" && (r.v < lower || r.v > upper) }));
    push("reference", refValues);
    push(
      "analysis",
      chunkRanges(anaRows, options.chunkSize, options.chunkNumber).map(([s, e]) => ({ s, e, v: score(slice(analysis[col.name]!, s, e)) })),
    );
    alerts[col.name] = chunks.filter((c) => c.column === col.name && c.alert).map((c) => c.chunk);
  }
  return { chunks, alerts, thresholds };
}
