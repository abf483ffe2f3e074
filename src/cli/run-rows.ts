// The rows people read about runs, built once for the CLI's text and the notebook widgets alike.

import type { Run, RunInfo } from "../entities";
import { formatDuration, formatNumber, formatTime, type TextColumn } from "./table";

export interface RunsTableRows {
  columns: TextColumn[];
  rows: string[][];
  /** The metrics given a column: the first `maxMetricColumns` keys, sorted. */
  metricKeys: string[];
}

/** A runs table: id, name, experiment, status, start, duration, then the latest value of each metric. */
export function runsTableRows(
  runs: readonly Run[],
  experimentNames: ReadonlyMap<string, string>,
  options: { idHeader: string; id: (runId: string) => string; maxMetricColumns: number },
): RunsTableRows {
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.data.metrics)))].sort().slice(0, options.maxMetricColumns);
  const columns: TextColumn[] = [
    { header: options.idHeader },
    { header: "NAME", maxWidth: 30 },
    { header: "EXPERIMENT", maxWidth: 24 },
    { header: "STATUS" },
    { header: "STARTED" },
    { header: "DURATION", align: "right" },
    ...metricKeys.map((k) => ({ header: k, align: "right" as const, maxWidth: 16 })),
  ];
  const rows = runs.map((r) => [
    options.id(r.info.runId),
    r.info.runName,
    experimentNames.get(r.info.experimentId) ?? r.info.experimentId,
    r.info.status,
    formatTime(r.info.startTime),
    formatDuration(r.info.startTime, r.info.endTime),
    ...metricKeys.map((k) => (k in r.data.metrics ? formatNumber(r.data.metrics[k]!) : "")),
  ]);
  return { columns, rows, metricKeys };
}

export const FIELD_COLUMNS: TextColumn[] = [{ header: "FIELD" }, { header: "VALUE", maxWidth: 100 }];

/** One run's info as field/value rows. */
export function runFieldRows(info: RunInfo): string[][] {
  return [
    ["run id", info.runId],
    ["name", info.runName],
    ["experiment", info.experimentId],
    ["status", info.status],
    ["stage", info.lifecycleStage],
    ["user", info.userId],
    ["started", formatTime(info.startTime)],
    ["ended", formatTime(info.endTime)],
    ["duration", formatDuration(info.startTime, info.endTime)],
    ["artifacts", info.artifactUri],
  ];
}
