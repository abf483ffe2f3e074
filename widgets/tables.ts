// Tables of runs, experiments and registered models: the CLI's columns and rows (src/present), as text and HTML.

import type { Experiment, Run } from "../src/entities";
import type { RegisteredModel } from "../src/registry/entities";
import { EXPERIMENT_COLUMNS, experimentRows } from "../src/present/experiment-rows";
import { MODEL_COLUMNS, modelRows } from "../src/present/model-rows";
import { runsTableRows, shortId } from "../src/present/run-rows";
import { formatTable, type TextColumn } from "../src/present/table";
import { escapeHtml, htmlBlock, htmlTable, type HtmlTableOptions } from "./html";
import { displayable, type Displayable, type MimeBundle } from "./mime-bundle";

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
export function runsTable(runs: Run[], experimentNames: ReadonlyMap<string, string> = new Map()): TableWidget & { runs: Run[]; metricKeys: string[] } {
  const { columns, rows, metricKeys } = runsTableRows(runs, experimentNames, { idHeader: "ID", id: shortId });
  return displayable({ runs, metricKeys, columns, rows }, () =>
    // The full id on hover: `%runs show` needs it, the table has room for 8 characters.
    tableBundle(columns, rows, "No runs.", { cellTitle: (r, c) => (c === 0 ? runs[r]!.info.runId : undefined) }),
  );
}

export function experimentsTable(experiments: Experiment[]): TableWidget & { experiments: Experiment[] } {
  const rows = experimentRows(experiments);
  return displayable({ experiments, columns: EXPERIMENT_COLUMNS, rows }, () => tableBundle(EXPERIMENT_COLUMNS, rows, "No experiments."));
}

/** Registered models with their latest version, aliases, last update and description. */
export function modelsTable(models: RegisteredModel[]): TableWidget & { models: RegisteredModel[] } {
  const rows = modelRows(models);
  return displayable({ models, columns: MODEL_COLUMNS, rows }, () => tableBundle(MODEL_COLUMNS, rows, "No registered models."));
}
