// `%experiment NAME`: make an experiment current for the runs that follow (created if missing).

import { defineCommand } from "../../../src/cli/command";

export const experimentMagic = defineCommand({
  name: "experiment",
  summary: "Make an experiment current for the runs that follow (created if missing).",
  surfaces: ["line"],
  positionals: [{ name: "NAME", description: "The experiment's name." }],
  async run(args) {
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    const experiment = await fluent.setExperiment(args.positionals.NAME);
    return { experiment, store: fluent.getTrackingUri() };
  },
  text: ({ experiment: e, store }) => `Experiment '${e.name}' (id ${e.experimentId}) is current. Store: ${store}`,
});
