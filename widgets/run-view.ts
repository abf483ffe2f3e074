// One run as a card: its info, params, latest metrics and tags (the user's tags before MLflow's system tags).

import { FIELD_COLUMNS, runFieldRows } from "../src/cli/run-rows";
import { formatNumber, formatTable, formatTime, type TextColumn } from "../src/cli/table";
import type { Run, RunStatus } from "../src/entities";
import { escapeHtml, htmlBlock, htmlTable } from "./html";
import { displayable, type Displayable } from "./mime-bundle";

const STATUS_COLOR: Record<RunStatus, string> = { RUNNING: "#1f6feb", SCHEDULED: "#777", FINISHED: "#1a7f37", FAILED: "#cf222e", KILLED: "#777" };

interface Section {
  title: string;
  columns: TextColumn[];
  rows: string[][];
}

/** User tags first, sorted; then the mlflow.* system tags, sorted: the ones people set are the ones they look for. */
export function orderedTags(tags: Record<string, string>): [string, string][] {
  const entries = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...entries.filter(([k]) => !k.startsWith("mlflow.")), ...entries.filter(([k]) => k.startsWith("mlflow."))];
}

export function runView(run: Run): { run: Run; sections: Section[] } & Displayable {
  const { info, data } = run;
  const keyValue: TextColumn[] = [{ header: "KEY" }, { header: "VALUE", maxWidth: 80 }];
  const sections: Section[] = [
    {
      title: "Run",
      columns: FIELD_COLUMNS,
      rows: runFieldRows(info),
    },
    { title: "Params", columns: keyValue, rows: Object.entries(data.params).sort(([a], [b]) => (a < b ? -1 : 1)) },
    {
      title: "Metrics (latest)",
      columns: [{ header: "KEY" }, { header: "VALUE", align: "right" }, { header: "STEP", align: "right" }, { header: "TIME" }],
      rows: Object.values(data.latestMetrics)
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((m) => [m.key, formatNumber(m.value), String(m.step), formatTime(m.timestamp)]),
    },
    { title: "Tags", columns: keyValue, rows: orderedTags(data.tags) },
  ];
  const shown = sections.filter((s) => s.rows.length > 0);
  return displayable({ run, sections }, () => {
    const header =
      `<div style="font-size:14px;margin-bottom:6px"><b>${escapeHtml(info.runName)}</b> ` +
      `<span style="color:#fff;background:${STATUS_COLOR[info.status]};border-radius:3px;padding:0 5px;font-size:11px">${info.status}</span> ` +
      `<code style="color:var(--jp-content-font-color2, #666)">${escapeHtml(info.runId)}</code></div>`;
    return {
      "text/plain": shown.map((s) => `${s.title}\n${formatTable(s.columns, s.rows)}`).join("\n\n"),
      "text/html": htmlBlock(header + shown.map((s) => htmlTable(s.columns, s.rows, { caption: s.title })).join("")),
    };
  });
}
