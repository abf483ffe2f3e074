// `%%track [--name N] [--tags k=v,...]`: the cell runs inside a tracked run, FINISHED when it succeeds, FAILED
// with its error; the run's card shows after the cell.

import { parseAssignments } from "../../../src/cli/args";
import { defineCommand } from "../../../src/cli/command";

export const trackMagic = defineCommand({
  name: "track",
  summary: "Run the cell inside a tracked run: FINISHED when it succeeds, FAILED with its error.",
  surfaces: ["cell"],
  options: [
    { name: "name", type: "string", value: "NAME", description: "The run's name." },
    { name: "tags", type: "string", value: "k=v,...", description: "Tags for the run." },
    { name: "experiment", type: "string", value: "NAME", description: "Experiment to run in (default: the current one)." },
    { name: "nested", type: "boolean", description: "Start a child of the active run." },
  ],
  async run(args) {
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    const { name, tags, experiment, nested } = args.options;
    const tagValues = tags === undefined ? {} : parseAssignments(tags.split(",").filter(Boolean), "%%track --tags");
    if (experiment !== undefined) await fluent.setExperiment(experiment);
    return fluent.startRun({ runName: name, nested: nested === true, tags: tagValues });
  },
  async end(active, error, { client }) {
    // An interrupted cell's run ends KILLED, as MLflow marks a run stopped from outside.
    const interrupted = (error as { ename?: string; name?: string } | null)?.ename === "KeyboardInterrupt" || (error as Error | null)?.name === "KeyboardInterrupt";
    await active.end(error === null ? "FINISHED" : interrupted ? "KILLED" : "FAILED");
    const { runView }: typeof import("../../../widgets/run-view") = require("../../../widgets/run-view");
    return runView(await client.getRun(active.runId));
  },
});
