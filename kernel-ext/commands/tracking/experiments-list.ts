// `labops experiments list` and `%experiments list`.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { Experiment } from "../../../src/entities";
import { EXPERIMENT_COLUMNS, experimentRows } from "../../../src/present/experiment-rows";
import { formatTable } from "../../../src/present/table";
import { parseView, viewOption } from "./options";

export const experimentsList = defineCommand({
  name: "experiments list",
  summary: "List experiments.",
  surfaces: ["cli", "line"],
  options: [viewOption, JSON_OPTION],
  async run(args, { client }) {
    const experiments: Experiment[] = [];
    let pageToken: string | undefined;
    do {
      const page = await client.searchExperiments({ viewType: parseView(args.options.view), orderBy: ["experiment_id ASC"], pageToken });
      experiments.push(...page.experiments);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return { experiments, store: client.trackingUri };
  },
  json: (r) => r.experiments,
  text: (r) => (r.experiments.length ? formatTable(EXPERIMENT_COLUMNS, experimentRows(r.experiments)) : `No experiments in ${r.store}.`),
  view(r) {
    const { experimentsTable }: typeof import("../../../widgets/tables") = require("../../../widgets/tables");
    return experimentsTable(r.experiments);
  },
});
