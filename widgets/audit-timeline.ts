// A registry's audit history: every change as a table, newest first, and where each alias and stage pointed over time.

import { formatTime } from "../src/present/format";
import { formatTable, type TextColumn } from "../src/present/table";
import type { AuditAction, AuditEntry } from "../src/registry/entities";
import { integerAxis, LEGEND_LABEL_LIMIT, vegaLiteChart, withChartOutput, type Chart } from "./chart";
import { htmlBlock, htmlTable } from "./html";
import { displayable, type MultiOutputDisplayable } from "./mime-bundle";
import { tableBundle } from "./tables";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./vega-svg";

/**
 * Stages that point at a version. None is where every version starts and Archived where old ones pile up:
 * both hold many versions at once, so a line through "their" version would say something untrue.
 */
const POINTER_STAGES: ReadonlySet<string> = new Set(["Staging", "Production"]);

/** One stretch of time during which an alias or a stage pointed at one version. */
export interface PointerSpan {
  /** `@alias` or the stage's name; `model: ` before it when the entries span several models. */
  subject: string;
  version: number;
  /** Unix milliseconds. */
  from: number;
  /** When it moved on or was removed; null while it still held at the last entry. */
  until: number | null;
  /** The entry that set it. */
  setBy: AuditEntry;
  /** The entry that moved it on or removed it; null while it still held. */
  endedBy: AuditEntry | null;
  /** Removed (alias deleted, stage emptied) rather than moved to another version: the line breaks there. */
  removed: boolean;
}

/** Oldest first; seq orders entries of one model written within the same millisecond. */
const chronological = (a: AuditEntry, b: AuditEntry): number => a.at - b.at || a.seq - b.seq;

/** Replays the entries to find where each alias and each pointer stage pointed, and when that changed. */
export function pointerSpans(entries: AuditEntry[]): PointerSpan[] {
  const models = new Set(entries.map((e) => e.model));
  const label = (model: string, name: string) => (models.size > 1 ? `${model}: ${name}` : name);
  const aliases = new Map<string, Map<string, number>>(); // model -> alias -> version
  const stages = new Map<string, Map<string, Set<number>>>(); // model -> stage -> versions in it
  // Per subject, what it pointed at after each change (null: nothing).
  const changes = new Map<string, { at: number; version: number | null; entry: AuditEntry }[]>();

  const record = (subject: string, version: number | null, entry: AuditEntry) => {
    const list = changes.get(subject) ?? [];
    changes.set(subject, list);
    // States that lasted no time (e.g. archiving the old Production version, then promoting the new one) are not drawn.
    if (list.at(-1)?.at === entry.at) list.pop();
    list.push({ at: entry.at, version, entry });
  };
  const setAlias = (e: AuditEntry, alias: string, version: number | null) => {
    const map = aliases.get(e.model) ?? new Map<string, number>();
    aliases.set(e.model, map);
    if (version === null) map.delete(alias);
    else map.set(alias, version);
    record(label(e.model, `@${alias}`), version, e);
  };
  const moveStage = (e: AuditEntry, stage: string, version: number, into: boolean) => {
    if (!POINTER_STAGES.has(stage)) return;
    const byStage = stages.get(e.model) ?? new Map<string, Set<number>>();
    stages.set(e.model, byStage);
    const held = byStage.get(stage) ?? new Set<number>();
    byStage.set(stage, held);
    if (into) held.add(version);
    else held.delete(version);
    // Several versions may share a stage; the stage resolves to the newest, as MLflow's latest_versions does.
    record(label(e.model, stage), held.size ? Math.max(...held) : null, e);
  };

  for (const e of [...entries].sort(chronological)) {
    switch (e.action) {
      case "set_alias":
      case "rollback_alias": // a rollback moves the alias back like any other set
        if (e.subject !== undefined && e.version !== undefined) setAlias(e, e.subject, e.version);
        break;
      case "delete_alias":
        if (e.subject !== undefined) setAlias(e, e.subject, null);
        break;
      case "transition_stage":
        if (e.version === undefined) break;
        if (e.from !== null) moveStage(e, String(e.from), e.version, false);
        if (e.to !== null) moveStage(e, String(e.to), e.version, true);
        break;
      case "delete_version":
        // The registry drops a deleted version's aliases without a delete_alias entry of their own.
        for (const [alias, v] of aliases.get(e.model) ?? []) if (v === e.version) setAlias(e, alias, null);
        for (const [stage, held] of stages.get(e.model) ?? []) if (e.version !== undefined && held.has(e.version)) moveStage(e, stage, e.version, false);
        break;
      case "delete_model":
        for (const alias of [...(aliases.get(e.model)?.keys() ?? [])]) setAlias(e, alias, null);
        for (const [stage, held] of stages.get(e.model) ?? []) for (const v of [...held]) moveStage(e, stage, v, false);
        break;
    }
  }

  const spans: PointerSpan[] = [];
  for (const subject of [...changes.keys()].sort()) {
    for (const c of changes.get(subject)!) {
      const last = spans.at(-1);
      const holding = last?.subject === subject && last.until === null ? last : null;
      if (c.version === (holding?.version ?? null)) continue; // set again to the same version: nothing moved
      if (holding) Object.assign(holding, { until: c.at, endedBy: c.entry, removed: c.version === null });
      if (c.version !== null) spans.push({ subject, version: c.version, from: c.at, until: null, setBy: c.entry, endedBy: null, removed: false });
    }
  }
  return spans;
}

type PointerRow = { subject: string; segment: number; time: string; change: number; version: number; action: AuditAction | null; by: string | null };

/** A line's points: where each span starts, where a removal ends one, and the last entry's time for those still holding. */
function pointerRows(spans: PointerSpan[], end: number): PointerRow[] {
  const rows: PointerRow[] = [];
  const row = (s: PointerSpan, segment: number, at: number, entry: AuditEntry | null): PointerRow => ({
    subject: s.subject,
    segment,
    time: new Date(at).toISOString(),
    change: 0, // numbered below, once every point's time is known
    version: s.version,
    action: entry?.action ?? null,
    by: entry?.by ?? null,
  });
  let segment = 0;
  spans.forEach((s, i) => {
    const prev = spans[i - 1];
    // A new segment after a removal, so the line does not bridge the time the subject pointed nowhere.
    if (prev?.subject !== s.subject) segment = 1;
    else if (prev.removed) segment += 1;
    rows.push(row(s, segment, s.from, s.setBy));
    // A step line stops at its last point; a span moved to another version is closed by the next span's point.
    if (s.removed) rows.push(row(s, segment, s.until!, s.endedBy));
    else if (s.until === null && end > s.from) rows.push(row(s, segment, end, null));
  });
  // The position of each distinct time among all points: simultaneous changes share one.
  const order = [...new Set(rows.map((r) => r.time))].sort();
  for (const r of rows) r.change = order.indexOf(r.time) + 1;
  return rows;
}

/** Below this span of time, changes are placed in order rather than by time. */
const SHORT_HISTORY_MS = 10_000;

/**
 * The x channel. Over a short history (a notebook, a script: changes milliseconds apart) a time axis cannot be
 * read: Vega's labels said ".800 .800" and it places a single tick below a second. There the changes go in
 * order, 1, 2, 3..., with their times in the tooltips; longer histories get time, in a format that fits the span.
 */
function xEncoding(rows: PointerRow[]): Record<string, unknown> {
  const times = rows.map((r) => Date.parse(r.time));
  const span = Math.max(...times) - Math.min(...times);
  if (span < SHORT_HISTORY_MS) {
    const changes = Math.max(...rows.map((r) => r.change));
    return { field: "change", type: "quantitative", title: "change (in order)", axis: integerAxis(1, changes), scale: { nice: false, padding: 12 } };
  }
  const format = span < 86_400_000 ? "%H:%M:%S" : span < 7 * 86_400_000 ? "%b %d %H:%M" : "%Y-%m-%d";
  return { field: "time", type: "temporal", title: "time", axis: { format, tickCount: 4, labelOverlap: "greedy" } };
}

/** Step lines of version by time, one colour per alias and pointer stage; `end` is where lines still holding stop. */
function pointerSpec(spans: PointerSpan[], end: number): VegaLiteSpec {
  const rows = pointerRows(spans, end);
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: "Versions that aliases and stages pointed at, over time",
    width: 420,
    height: 240,
    data: { values: rows },
    encoding: {
      x: xEncoding(rows),
      y: { field: "version", type: "quantitative", title: "version", axis: integerAxis(Math.min(...rows.map((r) => r.version)), Math.max(...rows.map((r) => r.version))), scale: { zero: false, padding: 12 } },
      color: { field: "subject", type: "nominal", title: "alias / stage", legend: { labelLimit: LEGEND_LABEL_LIMIT } },
    },
    layer: [
      { mark: { type: "line", interpolate: "step-after" }, encoding: { detail: { field: "segment", type: "nominal" } } },
      {
        // Markers only where an entry moved a pointer, not at the last entry's time where a holding line stops.
        transform: [{ filter: "isValid(datum.action)" }],
        mark: { type: "point", filled: true, tooltip: true },
        encoding: {
          tooltip: [
            { field: "subject", type: "nominal" },
            { field: "version", type: "quantitative" },
            { field: "time", type: "temporal", format: "%Y-%m-%d %H:%M:%S" },
            { field: "action", type: "nominal" },
            { field: "by", type: "nominal" },
          ],
        },
      },
    ],
  };
}

/** Lines that still hold run to the last entry's time, not to now: the chart shows the history it was given. */
const lastTime = (entries: AuditEntry[]): number => entries.reduce((m, e) => Math.max(m, e.at), -Infinity);

/** The pointer chart's spec; null when no entry moves an alias or a pointer stage. */
export function pointerHistorySpec(entries: AuditEntry[]): VegaLiteSpec | null {
  const spans = pointerSpans(entries);
  return spans.length ? pointerSpec(spans, lastTime(entries)) : null;
}

/** The spans as text, for terminals: what each subject pointed at, from when until when. */
function spansTable(spans: PointerSpan[]): string {
  const rows = spans.map((s) => [s.subject, String(s.version), formatTime(s.from), s.until === null ? "" : formatTime(s.until)]);
  return formatTable([{ header: "SUBJECT", maxWidth: 40 }, { header: "VERSION", align: "right" }, { header: "FROM" }, { header: "UNTIL" }], rows);
}

const orNone = (value: string | number | null): string => (value === null ? "(none)" : String(value));

/**
 * One bundle of text/plain and text/html (the table, then the chart as inline SVG). No Vega-Lite or SVG key:
 * a frontend shows one key only, and those would hide the table. `chart` shows the lines alone. Notebooks
 * show it as two outputs, the table then the chart (withChartOutput), so the chart renders untrusted too.
 */
export function auditTimeline(entries: AuditEntry[]): { entries: AuditEntry[]; columns: TextColumn[]; rows: string[][]; chart: Chart | null } & MultiOutputDisplayable {
  const severalModels = new Set(entries.map((e) => e.model)).size > 1;
  const columns: TextColumn[] = [
    { header: "TIME" },
    ...(severalModels ? [{ header: "MODEL", maxWidth: 30 }] : []),
    { header: "BY" },
    { header: "ACTION" },
    { header: "VERSION", align: "right" },
    { header: "SUBJECT", maxWidth: 30 },
    { header: "CHANGE", maxWidth: 40 },
    { header: "REASON", maxWidth: 60 },
  ];
  const rows = [...entries]
    .sort((a, b) => chronological(b, a))
    .map((e) => [
      formatTime(e.at),
      ...(severalModels ? [e.model] : []),
      e.by,
      e.action,
      e.version === undefined ? "" : String(e.version),
      e.subject ?? "",
      e.from === null && e.to === null ? "" : `${orNone(e.from)} → ${orNone(e.to)}`,
      e.reason ?? "",
    ]);
  const spans = pointerSpans(entries);
  const chart = spans.length ? vegaLiteChart(pointerSpec(spans, lastTime(entries)), spansTable(spans)) : null;
  const timeline = displayable({ entries, columns, rows, chart }, async () => {
    const table = tableBundle(columns, rows, "No audit entries.");
    if (!chart) return table;
    return { "text/plain": table["text/plain"], "text/html": htmlBlock(htmlTable(columns, rows) + `<div style="margin-top:8px">${await chart.svg()}</div>`) };
  });
  return withChartOutput(timeline, chart);
}
