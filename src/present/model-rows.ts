// Registered models and their versions as rows, the same in `labops models ...` and the notebook widgets.

import type { AuditEntry, ModelVersion, RegisteredModel } from "../registry/entities";
import { formatNumber, formatTime } from "./format";
import { shortId } from "./run-rows";
import type { TextColumn } from "./table";

/** Aliases as `name=vN`, sorted: one line for a model's aliases. */
export function aliasList(aliases: Record<string, number>): string {
  return Object.entries(aliases)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([a, v]) => `${a}=v${v}`)
    .join(", ");
}

/** The run a version came from, as `name (short id)`; the bare short id when only the id is known. */
export function versionRunLabel(v: Pick<ModelVersion, "run" | "runId">): string {
  return v.run ? `${v.run.runName} (${shortId(v.run.runId)})` : v.runId ? shortId(v.runId) : "";
}

export const MODEL_COLUMNS: TextColumn[] = [{ header: "NAME" }, { header: "LATEST", align: "right" }, { header: "ALIASES", maxWidth: 50 }, { header: "UPDATED" }, { header: "DESCRIPTION", maxWidth: 50 }];

/** `models list`: name, latest version, aliases, last update, description. */
export function modelRows(models: readonly RegisteredModel[]): string[][] {
  return models.map((m) => [m.name, String(Math.max(0, ...m.latestVersions.map((v) => v.version))), aliasList(m.aliases), formatTime(m.lastUpdatedTimestamp), m.description]);
}

export const VERSION_COLUMNS: TextColumn[] = [
  { header: "VERSION", align: "right" },
  { header: "STAGE" },
  { header: "ALIASES" },
  { header: "CREATED" },
  { header: "RUN" },
  { header: "METRICS", maxWidth: 60 },
  { header: "SOURCE", maxWidth: 60 },
];

/** `models show`: each version with its stage, aliases, source run and metrics (the version's over its run's). */
export function versionRows(versions: readonly ModelVersion[]): string[][] {
  return versions.map((v) => [
    String(v.version),
    v.currentStage,
    v.aliases.join(", "),
    formatTime(v.creationTimestamp),
    versionRunLabel(v),
    Object.entries({ ...v.run?.metrics, ...v.metrics })
      .map(([k, x]) => `${k}=${formatNumber(x)}`)
      .join(" "),
    v.source,
  ]);
}

export const HISTORY_COLUMNS: TextColumn[] = [
  { header: "#", align: "right" },
  { header: "WHEN" },
  { header: "WHO" },
  { header: "WHAT" },
  { header: "VERSION", align: "right" },
  { header: "SUBJECT", maxWidth: 40 },
  { header: "FROM", maxWidth: 30 },
  { header: "TO", maxWidth: 30 },
  { header: "WHY", maxWidth: 60 },
];

/** `models history`: every change, oldest first. */
export function historyRows(entries: readonly AuditEntry[]): string[][] {
  const cell = (x: string | number | null | undefined): string => (x === null || x === undefined ? "" : String(x));
  return entries.map((e) => [String(e.seq), formatTime(e.at), e.by, e.action, cell(e.version), cell(e.subject), cell(e.from), cell(e.to), cell(e.reason)]);
}
