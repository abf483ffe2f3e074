// `labops runs delete` and `runs restore` are one command with two verbs: declared here, listed as two files.

import { defineCommand } from "../../../src/cli/command";

export function runLifecycleCommand(verb: "delete" | "restore") {
  return defineCommand({
    name: `runs ${verb}`,
    summary: verb === "delete" ? "Soft-delete a run (restore brings it back)." : "Restore a deleted run.",
    surfaces: ["cli", "line"],
    positionals: [{ name: "RUN_ID", description: "The run's id." }],
    async run(args, { client }) {
      const runId = args.positionals.RUN_ID;
      await (verb === "delete" ? client.deleteRun(runId) : client.restoreRun(runId));
      return { runId, lifecycleStage: verb === "delete" ? "deleted" : "active" };
    },
    text: (r) => `${verb === "delete" ? "Deleted" : "Restored"} run ${r.runId}.`,
  });
}
