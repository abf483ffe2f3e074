// A dataset's summary as a widget: per column its type, missing share, distinct count, range or top values, histogram.

import { formatNumber } from "../../src/present/format";
import type { TextColumn } from "../../src/present/table";
import type { ColumnTable } from "../../src/data/column-table";
import { profileTable, type TableProfile } from "../../src/data/profile";
import { displayable, type Displayable } from "../mime-bundle";
import { tableBundle } from "../tables";
import { sparkline } from "./sparkline";

const COLUMNS: TextColumn[] = [{ header: "COLUMN" }, { header: "TYPE" }, { header: "MISSING", align: "right" }, { header: "DISTINCT", align: "right" }, { header: "RANGE / TOP", maxWidth: 48 }, { header: "HISTOGRAM" }];

const percent = (share: number) => (share === 0 ? "0%" : share < 0.001 ? "<0.1%" : `${(share * 100).toFixed(1)}%`);

export function datasetSummary(table: ColumnTable, options: { name?: string; bins?: number } = {}): { profile: TableProfile; rows: string[][] } & Displayable {
  const profile = profileTable(table, { bins: options.bins });
  const rows = profile.columns.map((c) => {
    const show = (v: number | undefined) => (v === undefined ? "" : c.type === "date" ? new Date(v).toISOString().slice(0, 10) : formatNumber(v));
    const range = c.top ? c.top.map((t, i) => `${t} (${c.histogram[i]})`).join(", ") : c.min === undefined ? "" : `${show(c.min)} .. ${show(c.max)}${c.type === "number" ? `, mean ${formatNumber(c.mean!)}` : ""}`;
    return [c.name, c.type, percent(c.missingShare), String(c.distinct), range, sparkline(c.histogram)];
  });
  const caption = `${options.name ?? "Dataset"}: ${profile.rowCount.toLocaleString("en-US")} rows, ${profile.columns.length} columns`;
  return displayable({ profile, rows }, () => tableBundle(COLUMNS, rows, `${caption}; no columns.`, { caption, highlight: (r) => profile.columns[r]!.missingShare > 0 }));
}
