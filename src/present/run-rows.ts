// The rows people read about runs: the runs table and the run card, built once for the CLI's text and the
// notebook widgets alike.

import type { Run, RunInfo } from "../entities";
import { formatDuration, formatNumber, formatTime } from "./format";
import { formatTable, type TextColumn } from "./table";

/** Beyond this many metric columns a runs table stops being readable; the rest stay in the data (and --json). */
export const MAX_METRIC_COLUMNS = 8;

export const shortId = (id: string): string => id.slice(0, 8);

/** A titled table: one part of a card. */
export interface Section {
  title: string;
  columns: TextColumn[];
  rows: string[][];
}

/** A card's sections as text, leaving out the empty ones. */
export function sectionsText(sections: readonly Section[]): string {
  return sections
    .filter((s) => s.rows.length > 0)
    .map((s) => `${s.title}\n${formatTable(s.columns, s.rows)}`)
    .join("\n\n");
}

export interface RunsTableRows {
  columns: TextColumn[];
  rows: string[][];
  /** The metrics given a column: the first MAX_METRIC_COLUMNS keys, sorted. */
  metricKeys: string[];
}

/** A runs table: id, name, experiment, status, start, duration, then the latest value of each metric. */
export function runsTableRows(
  runs: readonly Run[],
  experimentNames: ReadonlyMap<string, string>,
  options: { idHeader: string; id: (runId: string) => string },
): RunsTableRows {
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.data.metrics)))].sort().slice(0, MAX_METRIC_COLUMNS);
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
export const KEY_VALUE_COLUMNS: TextColumn[] = [{ header: "KEY" }, { header: "VALUE", maxWidth: 80 }];

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

const byKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

/** User tags first, sorted; then the mlflow.* system tags, sorted: the ones people set are the ones they look for. */
export function orderedTags(tags: Record<string, string>): [string, string][] {
  const entries = Object.entries(tags).sort(byKey);
  return [...entries.filter(([k]) => !k.startsWith("mlflow.")), ...entries.filter(([k]) => k.startsWith("mlflow."))];
}

/** An artifact as `labops runs show` lists it. */
export interface ArtifactRow {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** The run card: info, params, latest metrics, tags, and (where listed) artifacts. Empty sections stay in. */
export function runCardSections(run: Run, artifacts?: readonly ArtifactRow[]): Section[] {
  const { info, data } = run;
  const sections: Section[] = [
    { title: "Run", columns: FIELD_COLUMNS, rows: runFieldRows(info) },
    { title: "Params", columns: KEY_VALUE_COLUMNS, rows: Object.entries(data.params).sort(byKey) },
    {
      title: "Metrics (latest)",
      columns: [{ header: "KEY" }, { header: "VALUE", align: "right" }, { header: "STEP", align: "right" }, { header: "TIME" }],
      rows: Object.values(data.latestMetrics)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((m) => [m.key, formatNumber(m.value), String(m.step), formatTime(m.timestamp)]),
    },
    { title: "Tags", columns: KEY_VALUE_COLUMNS, rows: orderedTags(data.tags) },
  ];
  if (artifacts) {
    sections.push({
      title: "Artifacts",
      columns: [{ header: "PATH" }, { header: "SIZE", align: "right" }],
      rows: artifacts.map((a) => [a.isDir ? a.path + "/" : a.path, a.fileSize === undefined ? "" : String(a.fileSize)]),
    });
  }
  return sections;
}
