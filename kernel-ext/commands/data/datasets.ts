// `labops datasets list|show` and `%datasets list|show`: the datasets labops ships (its manifest), and one
// dataset's columns and profile (the dataset summary widget in notebooks).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { DatasetEntry } from "../../../src/data/datasets";
import { formatTable } from "../../../src/present/table";

export const datasetsList = defineCommand({
  name: "datasets list",
  summary: "List the shipped datasets: rows, columns, format, source.",
  surfaces: ["cli", "line"],
  options: [JSON_OPTION],
  async run() {
    const { datasetManifest }: typeof import("../../../src/data/datasets") = require("../../../src/data/datasets");
    return datasetManifest();
  },
  text: (entries) => formatTable([{ header: "NAME" }, { header: "ROWS", align: "right" }, { header: "COLUMNS", align: "right" }, { header: "FORMAT" }, { header: "DESCRIPTION", maxWidth: 70 }], manifestRows(entries)),
  view(entries) {
    const { tableBundle }: typeof import("../../../widgets/tables") = require("../../../widgets/tables");
    const { displayable }: typeof import("../../../widgets/mime-bundle") = require("../../../widgets/mime-bundle");
    const rows = manifestRows(entries);
    return displayable({ datasets: entries, rows }, () => tableBundle([{ header: "NAME" }, { header: "ROWS", align: "right" }, { header: "COLUMNS", align: "right" }, { header: "FORMAT" }, { header: "DESCRIPTION" }], rows, "No datasets."));
  },
});

const manifestRows = (entries: DatasetEntry[]) => entries.map((d) => [d.name, d.rows.toLocaleString("en-US"), String(d.columns.length), d.format, d.description]);

export const datasetsShow = defineCommand({
  name: "datasets show",
  summary: "Show a shipped dataset: provenance, and per column its type, missing share, range or top values.",
  surfaces: ["cli", "line"],
  positionals: [{ name: "NAME", description: "The dataset (see 'labops datasets list')." }],
  options: [{ name: "limit", type: "number", value: "N", description: "Profile only the first N rows." }, JSON_OPTION],
  async run(args) {
    const data: typeof import("../../../src/data") = require("../../../src/data");
    const entry = data.datasetInfo(args.positionals.NAME);
    const table = await data.loadColumns(entry.name, { limit: args.options.limit });
    return { entry, table, profile: data.profileTable(table) };
  },
  json: ({ entry, profile }) => ({ ...entry, profile }),
  text({ entry, profile }) {
    const { formatNumber }: typeof import("../../../src/present/format") = require("../../../src/present/format");
    const show = (type: string, v: number | undefined) => (v === undefined ? "" : type === "date" ? new Date(v).toISOString().slice(0, 10) : formatNumber(v));
    const rows = profile.columns.map((c) => [
      c.name,
      c.type,
      `${(c.missingShare * 100).toFixed(1)}%`,
      String(c.distinct),
      c.top ? c.top.map((t, i) => `${t} (${c.histogram[i]})`).join(", ") : c.min === undefined ? "" : `${show(c.type, c.min)} .. ${show(c.type, c.max)}`,
    ]);
    return [
      `${entry.name}: ${entry.description}`,
      `${profile.rowCount} rows; ${entry.format}; ${entry.digest}`,
      `source:  ${entry.source}`,
      `license: ${entry.license}`,
      "",
      formatTable([{ header: "COLUMN" }, { header: "TYPE" }, { header: "MISSING", align: "right" }, { header: "DISTINCT", align: "right" }, { header: "RANGE / TOP", maxWidth: 60 }], rows),
    ].join("\n");
  },
  view({ entry, table }) {
    const { datasetSummary }: typeof import("../../../widgets/data/dataset-summary") = require("../../../widgets/data/dataset-summary");
    return datasetSummary(table, { name: entry.name });
  },
});
