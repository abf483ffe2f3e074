// Tables of runs and of experiments: the same columns as the CLI's, as text and as HTML.

import { runsTableRows } from "../src/cli/run-rows";
import { formatTable, formatTime, type TextColumn } from "../src/cli/table";
import type { Experiment, Run } from "../src/entities";
import { escapeHtml, htmlBlock, htmlTable, type HtmlTableOptions } from "./html";
import { displayable, type Displayable, type MimeBundle } from "./mime-bundle";
import { shortId } from "./run-labels";

/** Beyond this many metric columns a runs table stops being readable; the rest stay in `runs`. */
export const MAX_METRIC_COLUMNS = 8;

export interface TableWidget extends Displayable {
  columns: TextColumn[];
  rows: string[][];
}

/** One table, as aligned text and as HTML, or a sentence when it has no rows. */
export function tableBundle(columns: TextColumn[], rows: string[][], empty: string, options?: HtmlTableOptions): MimeBundle {
  if (rows.length === 0) return { "text/plain": empty, "text/html": htmlBlock(`<p>${escapeHtml(empty)}</p>`) };
  const caption = options?.caption ? `${options.caption}\n` : "";
  return { "text/plain": caption + formatTable(columns, rows), "text/html": htmlBlock(htmlTable(columns, rows, options)) };
}

/** Runs with their latest metrics; experimentNames maps experiment ids to names (ids are shown otherwise). */
export function runsTable(runs: Run[], experimentNames: Map<string, string> = new Map()): TableWidget & { runs: Run[]; metricKeys: string[] } {
  const { columns, rows, metricKeys } = runsTableRows(runs, experimentNames, { idHeader: "ID", id: shortId, maxMetricColumns: MAX_METRIC_COLUMNS });
  return displayable({ runs, metricKeys, columns, rows }, () =>
    // The full id on hover: `%runs show` needs it, the table has room for 8 characters.
    tableBundle(columns, rows, "No runs.", { cellTitle: (r, c) => (c === 0 ? runs[r]!.info.runId : undefined) }),
  );
}

export function experimentsTable(experiments: Experiment[]): TableWidget & { experiments: Experiment[] } {
  const columns: TextColumn[] = [{ header: "ID", align: "right" }, { header: "NAME" }, { header: "STAGE" }, { header: "CREATED" }, { header: "ARTIFACT LOCATION", maxWidth: 80 }];
  const rows = experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage, formatTime(e.creationTime), e.artifactLocation]);
  return displayable({ experiments, columns, rows }, () => tableBundle(columns, rows, "No experiments."));
}
