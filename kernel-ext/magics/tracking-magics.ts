// Tracking magics for notebooks: %experiment, %%track, %log_params, %log_metrics.

import { parseArgs, typedValue, usage, UsageError, type ArgsSpec } from "../../src/cli/args";
import * as labops from "../../src/tracking/fluent";
import { runView, textDisplay } from "../../widgets";
import type { LineMagic, WrapCellMagic } from "./magic";

function spec(name: string, summary: string, args: ArgsSpec) {
  return { name, summary, help: usage(`%${name}`, summary, args), parse: (argv: string[]) => parseArgs(args, argv, `%${name}`) };
}

/** `k=v` words to a record of the values as written. */
export function parseAssignments(words: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) throw new UsageError(`${what}: expected key=value, got '${word}'.`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

const experimentSpec = spec("experiment", "Make an experiment current for the runs that follow (created if missing).", {
  positionals: [{ name: "NAME", description: "The experiment's name." }],
});

export const experimentMagic: LineMagic = {
  name: "experiment",
  summary: experimentSpec.summary,
  help: experimentSpec.help,
  async run(argv) {
    const name = experimentSpec.parse(argv).positionals.NAME as string;
    const e = await labops.setExperiment(name);
    return textDisplay(`Experiment '${e.name}' (id ${e.experimentId}) is current. Store: ${labops.getTrackingUri()}`);
  },
};

const logParamsSpec = spec("log_params", "Log params to the active run: %log_params lr=0.1 layers=3 model=mlp", {
  positionals: [{ name: "KEY=VALUE", description: "One or more params.", variadic: true }],
});

export const logParamsMagic: LineMagic = {
  name: "log_params",
  summary: logParamsSpec.summary,
  help: logParamsSpec.help,
  async run(argv) {
    const words = logParamsSpec.parse(argv).positionals["KEY=VALUE"] as string[];
    await labops.logParams(parseAssignments(words, "%log_params")); // params are strings, kept as written
    return undefined;
  },
};

const logMetricsSpec = spec("log_metrics", "Log metrics to the active run: %log_metrics loss=0.3 acc=0.9 --step 5", {
  positionals: [{ name: "KEY=VALUE", description: "One or more numeric metrics.", variadic: true }],
  options: [{ name: "step", type: "number", value: "N", description: "The step (default 0)." }],
});

export const logMetricsMagic: LineMagic = {
  name: "log_metrics",
  summary: logMetricsSpec.summary,
  help: logMetricsSpec.help,
  async run(argv) {
    const args = logMetricsSpec.parse(argv);
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(parseAssignments(args.positionals["KEY=VALUE"] as string[], "%log_metrics"))) {
      const n = typedValue(v);
      if (typeof n !== "number") throw new UsageError(`%log_metrics: ${k}=${JSON.stringify(v)} is not a number.`);
      values[k] = n;
    }
    labops.logMetrics(values, args.options.step as number | undefined);
    await labops.flush();
    return undefined;
  },
};

const trackArgs: ArgsSpec = {
  options: [
    { name: "name", type: "string", value: "NAME", description: "The run's name." },
    { name: "tags", type: "string", value: "k=v,...", description: "Tags for the run." },
    { name: "experiment", type: "string", value: "NAME", description: "Experiment to run in (default: the current one)." },
    { name: "nested", type: "boolean", description: "Start a child of the active run." },
  ],
};
const trackSpec = spec("%track", "Run the cell inside a tracked run: FINISHED when it succeeds, FAILED with its error.", trackArgs);

export function trackMagic(): WrapCellMagic {
  let active: labops.ActiveRun | null = null;
  return {
    kind: "wrap",
    name: "track",
    summary: trackSpec.summary,
    help: trackSpec.help,
    async begin(argv) {
      const args = trackSpec.parse(argv);
      const tags = args.options.tags === undefined ? {} : parseAssignments(String(args.options.tags).split(",").filter(Boolean), "%%track --tags");
      if (args.options.experiment !== undefined) await labops.setExperiment(String(args.options.experiment));
      active = await labops.startRun({
        runName: args.options.name as string | undefined,
        nested: args.options.nested === true,
        tags,
      });
    },
    async end(error) {
      const run = active;
      active = null;
      if (!run) return undefined;
      // An interrupted cell's run ends KILLED, as MLflow marks a run stopped from outside.
      const interrupted = (error as { ename?: string; name?: string } | null)?.ename === "KeyboardInterrupt" || (error as Error | null)?.name === "KeyboardInterrupt";
      await run.end(error === null ? "FINISHED" : interrupted ? "KILLED" : "FAILED");
      return runView(await labops.getClient().getRun(run.runId));
    },
  };
}
