// One registered model as a card: its info and tags, where its aliases point, its versions newest first, and each version's run lineage.

import { formatNumber, formatTime } from "../src/present/format";
import { versionRunLabel } from "../src/present/model-rows";
import { formatTable, type TextColumn } from "../src/present/table";
import { invalidParameter } from "../src/core/errors";
import type { ModelStage, ModelVersion, RegisteredModel } from "../src/registry/entities";
import { escapeHtml, htmlBlock, htmlTable, type HtmlTableOptions } from "./html";
import { displayable, type Displayable } from "./mime-bundle";
import { orderedTags } from "./run-view";

/** Badge fills white text reads on (contrast 4.5 or more, WCAG AA), in light and dark themes alike. */
const STAGE_COLOR: Record<ModelStage, string> = { None: "#6e7781", Staging: "#9a6700", Production: "#1a7f37", Archived: "#57606a" };

/** A SHA-256 in hex is 64 characters; 12 tell versions apart at a glance, the full one is on hover. */
const DIGEST_CHARS = 12;

interface Section {
  title: string;
  columns: TextColumn[];
  rows: string[][];
  /** Hover text for shortened cells (HTML only). */
  cellTitle?: HtmlTableOptions["cellTitle"];
}

/** Aliases as MLflow writes them in model URIs (models:/name@alias), so they never read as a stage name. */
const aliasLabel = (alias: string): string => `@${alias}`;

const byKey = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

/** key=value pairs sorted by key: a run's metrics or params on one line. */
function compact(record: Record<string, string | number>): string {
  return Object.entries(record)
    .sort(byKey)
    .map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : v}`)
    .join(", ");
}

export function modelCard(model: RegisteredModel, versions: ModelVersion[]): { model: RegisteredModel; versions: ModelVersion[]; sections: Section[] } & Displayable {
  // A card that mixed two models' versions would show aliases against the wrong table: refuse it here.
  const stray = versions.find((v) => v.name !== model.name);
  if (stray) throw invalidParameter(`modelCard: version ${stray.version} belongs to model '${stray.name}', not '${model.name}'. Pass the versions of '${model.name}' only.`);

  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const aliases = Object.entries(model.aliases).sort(byKey);
  const lineage = newestFirst.filter((v): v is ModelVersion & { run: NonNullable<ModelVersion["run"]> } => v.run !== undefined);

  const sections: Section[] = [
    {
      title: "Model",
      columns: [{ header: "FIELD" }, { header: "VALUE", maxWidth: 100 }],
      rows: [
        ["name", model.name],
        ["description", model.description],
        ["created", formatTime(model.creationTimestamp)],
        ["updated", formatTime(model.lastUpdatedTimestamp)],
        ["versions", String(versions.length)],
      ],
    },
    { title: "Tags", columns: [{ header: "KEY" }, { header: "VALUE", maxWidth: 80 }], rows: orderedTags(model.tags) },
    {
      title: "Aliases",
      columns: [{ header: "ALIAS" }, { header: "VERSION", align: "right" }, { header: "STAGE" }],
      // A version left out of `versions` has no known stage: an empty cell, not a guess.
      rows: aliases.map(([alias, version]) => [aliasLabel(alias), String(version), byVersion.get(version)?.currentStage ?? ""]),
    },
    {
      title: "Versions",
      columns: [
        { header: "VERSION", align: "right" },
        { header: "STAGE" },
        { header: "ALIASES", maxWidth: 30 },
        { header: "STATUS" },
        { header: "CREATED" },
        { header: "USER" },
        { header: "SOURCE", maxWidth: 40 },
        { header: "RUN", maxWidth: 40 },
        { header: "DATA" },
        { header: "DESCRIPTION", maxWidth: 40 },
      ],
      rows: newestFirst.map((v) => [
        String(v.version),
        v.currentStage,
        v.aliases.map(aliasLabel).join(", "),
        v.status,
        formatTime(v.creationTimestamp),
        v.userId,
        v.source,
        versionRunLabel(v),
        v.dataDigest?.slice(0, DIGEST_CHARS) ?? "",
        v.description,
      ]),
      cellTitle: (r, c) => {
        const v = newestFirst[r]!;
        if (c === 7) return v.run?.runId ?? v.runId;
        if (c === 8) return v.dataDigest;
        return undefined;
      },
    },
    {
      title: "Lineage",
      columns: [
        { header: "VERSION", align: "right" },
        { header: "RUN", maxWidth: 30 },
        { header: "RUN ID" },
        { header: "EXPERIMENT" },
        { header: "METRICS", maxWidth: 60 },
        { header: "PARAMS", maxWidth: 60 },
      ],
      // The snapshot taken at registration, not the run as it is now: later edits to the run do not rewrite lineage.
      rows: lineage.map((v) => [String(v.version), v.run.runName, v.run.runId, v.run.experimentId, compact(v.run.metrics), compact(v.run.params)]),
    },
  ];
  const shown = sections.filter((s) => s.rows.length > 0);
  return displayable({ model, versions, sections }, () => {
    const badges = aliases
      .map(([alias, version]) => {
        const stage = byVersion.get(version)?.currentStage ?? "None";
        return `<span style="color:#fff;background:${STAGE_COLOR[stage]};border-radius:3px;padding:0 5px;font-size:11px;margin-right:4px">${escapeHtml(aliasLabel(alias))} v${version}</span>`;
      })
      .join("");
    const header = `<div style="font-size:14px;margin-bottom:6px"><b>${escapeHtml(model.name)}</b> ${badges}</div>`;
    return {
      "text/plain": shown.map((s) => `${s.title}\n${formatTable(s.columns, s.rows)}`).join("\n\n"),
      "text/html": htmlBlock(header + shown.map((s) => htmlTable(s.columns, s.rows, { caption: s.title, cellTitle: s.cellTitle })).join("")),
    };
  });
}
