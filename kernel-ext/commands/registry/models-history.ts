// `labops models history` and `%models history`: every change to a model (a timeline in notebooks).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { HISTORY_COLUMNS, historyRows } from "../../../src/present/model-rows";
import { formatTable } from "../../../src/present/table";

export const modelsHistory = defineCommand({
  name: "models history",
  summary: "Every change to a model: what, from, to, when, who and why.",
  surfaces: ["cli", "line"],
  positionals: [{ name: "NAME", description: "The registered model." }],
  options: [JSON_OPTION],
  run: (args, { registry }) => registry().store.getModelHistory(args.positionals.NAME),
  text: (entries) => formatTable(HISTORY_COLUMNS, historyRows(entries)),
  view(entries) {
    const { auditTimeline }: typeof import("../../../widgets/audit-timeline") = require("../../../widgets/audit-timeline");
    return auditTimeline(entries);
  },
});
