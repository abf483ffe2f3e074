// `labops runs compare` and `%runs compare`: params and latest metrics side by side.

import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { formatNumber } from "../../../src/present/format";
import { shortId } from "../../../src/present/run-rows";
import { formatTable } from "../../../src/present/table";

export const runsCompare = defineCommand({
  name: "runs compare",
  summary: "Params and latest metrics of several runs side by side; '*' marks params that differ.",
  surfaces: ["cli", "line"],
  positionals: [{ name: "RUN_ID", description: "Two or more run ids.", variadic: true }],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const ids = args.positionals.RUN_ID;
    if (ids.length < 2) throw new UsageError("runs compare: give two or more run ids.");
    const { compareRuns }: typeof import("../../../src/tracking/compare-runs") = require("../../../src/tracking/compare-runs");
    return compareRuns(await Promise.all(ids.map((id) => client.getRun(id))));
  },
  text(cmp) {
    const columns = [{ header: "" }, ...cmp.runs.map((r) => ({ header: `${r.runName} (${shortId(r.runId)})`, align: "right" as const, maxWidth: 30 }))];
    const rows = [
      ...cmp.params.map((p) => [`${p.differs ? "* " : "  "}params.${p.key}`, ...p.values.map((v) => v ?? "")]),
      ...cmp.metrics.map((m) => [`  metrics.${m.key}`, ...m.values.map((v) => (v === null ? "" : formatNumber(v)))]),
    ];
    return rows.length ? formatTable(columns, rows) : "These runs have no params or metrics.";
  },
  view(cmp) {
    const { runComparison }: typeof import("../../../widgets/run-comparison") = require("../../../widgets/run-comparison");
    return runComparison(cmp);
  },
});
