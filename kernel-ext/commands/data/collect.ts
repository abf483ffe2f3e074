// `labops collect` and `%collect`: a prediction log in, a filtered snapshot out, logged as a run's input.

import fs from "node:fs";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { formatTable } from "../../../src/present/table";
import { runToLog } from "./options";

export const collectCommand = defineCommand({
  name: "collect",
  summary: "Collect predictions from a log into a dataset snapshot, logged as a run's input.",
  surfaces: ["cli", "line"],
  options: [
    { name: "log", type: "string[]", value: "FILE", description: "A prediction log (JSONL, CSV or Parquet); repeat for several.", required: true },
    { name: "days", type: "number", value: "N", description: "Keep the last N days before --now." },
    { name: "now", type: "string", value: "DATE", description: "The end of the window (ISO date; default: now)." },
    { name: "min-confidence", type: "number", value: "X", description: "Keep predictions with confidence >= X (0..1)." },
    { name: "require-label", type: "boolean", description: "Keep only predictions whose label is known." },
    { name: "variant", type: "string", value: "NAME", description: "Keep only this A/B variant." },
    { name: "model-version", type: "string", value: "V", description: "Keep only predictions of this model version." },
    { name: "min-samples", type: "number", value: "N", description: "Fail, writing nothing, when fewer rows remain (default 1)." },
    { name: "output", type: "string", value: "FILE", description: "Write the snapshot here (.jsonl or .csv)." },
    { name: "name", type: "string", value: "NAME", description: "The dataset's name on the run (default: the output's base name)." },
    { name: "experiment", type: "string", value: "NAME", description: "Log to a new run in this experiment (default: the active run, else Default)." },
    { name: "run-id", type: "string", value: "RUN_ID", description: "Log to this run instead." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const o = args.options;
    const { collectPredictions, logCollectedInput }: typeof import("../../../src/data/collector") = require("../../../src/data/collector");
    const existed = o.output !== undefined && fs.existsSync(o.output);
    const result = await collectPredictions({
      sources: o.log,
      days: o.days,
      now: o.now,
      minConfidence: o["min-confidence"],
      labeled: o["require-label"],
      variant: o.variant,
      modelVersion: o["model-version"],
      minSamples: o["min-samples"],
      output: o.output,
      name: o.name,
    });
    let run: Awaited<ReturnType<typeof runToLog>> | undefined;
    try {
      run = await runToLog(context, { runId: o["run-id"], experiment: o.experiment }, `collect ${result.name}`);
      const { tag } = await logCollectedInput(result, { runId: run.runId, client: context.client });
      await run.finish(true);
      return { ...result, runId: run.runId, newRun: run.created, tag };
    } catch (e) {
      // Nothing stays behind from a command that failed: not its run, not a snapshot it wrote.
      await run?.finish(false).catch(() => {});
      if (result.snapshot && !existed) fs.rmSync(result.snapshot, { force: true });
      throw e;
    }
  },
  json: ({ table, ...rest }) => rest,
  text(r) {
    const c = r.counts;
    let left = c.read;
    const step = (label: string, dropped: number) => [label, String(dropped), String((left -= dropped))];
    const rows = [
      ["read", "", String(c.read)],
      step(`outside window${r.window.from ? ` ${r.window.from.slice(0, 10)} .. ${r.window.to!.slice(0, 10)}` : ""}`, c.outsideWindow),
      step("low confidence", c.lowConfidence),
      step("unlabeled", c.unlabeled),
      step("other variant or model", c.otherVariantOrModel),
    ];
    return [
      `Collected ${r.rows} of ${c.read} predictions as '${r.name}'.`,
      formatTable([{ header: "FILTER" }, { header: "DROPPED", align: "right" }, { header: "LEFT", align: "right" }], rows),
      `digest:   ${r.digest}`,
      `snapshot: ${r.snapshot ?? "(not written: no --output)"}`,
      `logged:   input '${r.name}' on ${r.newRun ? "new " : ""}run ${r.runId} (tag ${r.tag})`,
    ].join("\n");
  },
});
