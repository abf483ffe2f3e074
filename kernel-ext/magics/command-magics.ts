// `%runs ...` and `%experiments ...`: the CLI's commands of the same name, same arguments, same parser,
// with results shown as rich displays instead of terminal tables. `--json` returns the plain data.

import type { Experiment, Metric, Run } from "../../src/entities";
import { parseArgs, usage, UsageError } from "../../src/cli/args";
import type { Command, CommandResult } from "../../src/cli/command";
import { COMMANDS } from "../../src/cli/commands";
import type { RunComparison } from "../../src/tracking/compare-runs";
import { getRegistryClient } from "../../src/registry/fluent";
import { getClient } from "../../src/tracking/fluent";
import type { AuditEntry, ModelVersion, RegisteredModel } from "../../src/registry/entities";
import { auditTimeline, experimentsTable, metricHistoryChart, modelCard, runComparison, runsTable, runView, textDisplay } from "../../widgets";
import type { LineMagic } from "./magic";

/** How each command's result is shown in a notebook; commands not listed show their text. */
const RENDERERS: Record<string, (result: CommandResult, args: ReturnType<typeof parseArgs>) => Promise<unknown> | unknown> = {
  "runs list": async (r) => {
    const experiments = (await getClient().searchExperiments({ viewType: "ALL", maxResults: 50000 })).experiments;
    return runsTable(r.data as Run[], new Map(experiments.map((e) => [e.experimentId, e.name])));
  },
  "runs show": (r) => runView(r.data as Run),
  "runs compare": (r) => runComparison(r.data as RunComparison),
  "runs metrics": async (r, args) => {
    const runId = args.positionals.RUN_ID as string;
    const run = await getClient().getRun(runId);
    return metricHistoryChart([{ runId, runName: run.info.runName, key: args.positionals.KEY as string, points: r.data as Metric[] }]);
  },
  "experiments list": (r) => experimentsTable(r.data as Experiment[]),
  "models show": (r) => {
    const { model, versions } = r.data as { model: RegisteredModel; versions: ModelVersion[] };
    return modelCard(model, versions);
  },
  "models history": (r) => auditTimeline(r.data as AuditEntry[]),
};

export function commandGroupMagic(group: string): LineMagic {
  const commands = COMMANDS.filter((c) => c.name.startsWith(group + " "));
  const subcommands = commands.map((c) => c.name.slice(group.length + 1));
  const help = [
    `%${group} SUBCOMMAND [options]: the same as 'labops ${group} ...' on the command line.`,
    ...commands.map((c) => usage(`%${c.name}`, c.summary, c)),
  ].join("\n\n");
  return {
    name: group,
    summary: `${commands.map((c) => c.summary.replace(/\.$/, "")).join("; ")} (as 'labops ${group}').`,
    help,
    async run(argv) {
      const [sub, ...rest] = argv;
      const command: Command | undefined = commands.find((c) => c.name === `${group} ${sub}`);
      if (!command) {
        throw new UsageError(
          `%${group}: ${sub === undefined ? "missing subcommand" : `unknown subcommand '${sub}'`}; use one of ${subcommands.join(", ")}.`,
        );
      }
      if (rest.includes("--help")) return textDisplay(usage(`%${command.name}`, command.summary, command));
      const args = parseArgs(command, rest, `%${command.name}`);
      const result = await command.run(args, { client: getClient(), registry: getRegistryClient });
      if (args.options.json) return result.data;
      const render = RENDERERS[command.name];
      return render ? render(result, args) : textDisplay(result.text);
    },
  };
}
