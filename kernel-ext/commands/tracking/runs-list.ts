// `labops runs list` and `%runs list`: runs newest first, with their latest metrics.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { runsTableRows } from "../../../src/present/run-rows";
import { formatTable } from "../../../src/present/table";
import { experimentsToSearch, parseView, viewOption } from "./options";

export const runsList = defineCommand({
  name: "runs list",
  summary: "List runs, newest first, with their latest metrics.",
  surfaces: ["cli", "line"],
  options: [
    { name: "experiment", type: "string", value: "NAME", description: "Only this experiment (a name, or an id); default: all active experiments." },
    { name: "filter", type: "string", value: "EXPR", description: "MLflow search filter, e.g. \"metrics.acc > 0.9 AND params.model = 'mlp'\"." },
    { name: "order-by", type: "string[]", value: "EXPR", description: "Ordering, e.g. \"metrics.acc DESC\"." },
    { name: "max", type: "number", value: "N", description: "At most N runs (default 100)." },
    viewOption,
    JSON_OPTION,
  ],
  async run(args, { client }) {
    const { parseRunFilter, parseRunOrderBy }: typeof import("../../../src/tracking/search") = require("../../../src/tracking/search");
    const { filter, "order-by": orderBy } = args.options;
    // Checked first, so a bad expression is reported even when there is nothing to search.
    parseRunFilter(filter);
    parseRunOrderBy(orderBy);
    const view = parseView(args.options.view);
    const experiments = await experimentsToSearch(client, args.options.experiment, view);
    const experimentNames = new Map(experiments.map((e) => [e.experimentId, e.name]));
    const runs = experiments.length
      ? (await client.searchRuns([...experimentNames.keys()], { filterString: filter, orderBy, runViewType: view, maxResults: args.options.max ?? 100 })).runs
      : [];
    return { runs, experimentNames };
  },
  json: (r) => r.runs,
  text(r) {
    const table = runsTableRows(r.runs, r.experimentNames, { idHeader: "RUN ID", id: (id) => id });
    return r.runs.length ? formatTable(table.columns, table.rows) : "No runs match.";
  },
  view(r) {
    const { runsTable }: typeof import("../../../widgets/tables") = require("../../../widgets/tables");
    return runsTable(r.runs, r.experimentNames);
  },
});
