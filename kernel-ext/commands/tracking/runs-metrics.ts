// `labops runs metrics` and `%runs metrics`: every point of one metric of a run (a chart in notebooks).

import { notFound } from "../../../src/core/errors";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { formatNumber, formatTime } from "../../../src/present/format";
import { formatTable } from "../../../src/present/table";

export const runsMetrics = defineCommand({
  name: "runs metrics",
  summary: "Print every logged point of one metric of a run.",
  surfaces: ["cli", "line"],
  positionals: [
    { name: "RUN_ID", description: "The run's id." },
    { name: "KEY", description: "The metric's key." },
  ],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const { RUN_ID: runId, KEY: key } = args.positionals;
    const history = await client.getMetricHistory(runId, key);
    if (history.length === 0) {
      const run = await client.getRun(runId);
      const known = Object.keys(run.data.metrics).sort();
      throw notFound(`Run ${runId} has no metric '${key}'.${known.length ? ` Its metrics: ${known.join(", ")}.` : " It has logged no metrics."}`);
    }
    return { runId, key, history };
  },
  json: (r) => r.history,
  text: (r) =>
    formatTable(
      [{ header: "STEP", align: "right" }, { header: "VALUE", align: "right" }, { header: "TIME" }],
      r.history.map((m) => [String(m.step), formatNumber(m.value), formatTime(m.timestamp)]),
    ),
  async view(r, _args, { client }) {
    const { metricHistoryChart }: typeof import("../../../widgets/metric-history-chart") = require("../../../widgets/metric-history-chart");
    const run = await client.getRun(r.runId);
    return metricHistoryChart([{ runId: r.runId, runName: run.info.runName, key: r.key, points: r.history }]);
  },
});
