// `labops runs show` and `%runs show`: one run's card.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { runCardSections, sectionsText } from "../../../src/present/run-rows";

export const runsShow = defineCommand({
  name: "runs show",
  summary: "Show one run: its info, params, latest metrics, tags and artifacts.",
  surfaces: ["cli", "line"],
  positionals: [{ name: "RUN_ID", description: "The run's id." }],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const run = await client.getRun(args.positionals.RUN_ID);
    const artifacts = await client.listArtifacts(run.info.runId).catch(() => []);
    return { ...run, artifacts };
  },
  text: (r) => sectionsText(runCardSections(r, r.artifacts)),
  view(r) {
    const { runView }: typeof import("../../../widgets/run-view") = require("../../../widgets/run-view");
    return runView(r);
  },
});
