// `labops monitor`: drift-triggered retraining. Checks the prediction log's recent window against a reference
// (once, or in a loop that stops cleanly on SIGINT/SIGTERM) and runs the retraining notebook on drift.

import path from "node:path";
import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";

export const monitorCommand = defineCommand({
  name: "monitor",
  summary: "Watch a prediction log for drift and run a retraining notebook when it drifts (decisions go to experiment labops-monitor).",
  surfaces: ["cli"],
  options: [
    { name: "log", type: "string[]", value: "FILE", required: true, description: "Prediction log (JSONL, CSV or Parquet; repeatable)." },
    { name: "reference", type: "string", value: "DATA", description: "Reference data: a file or a shipped dataset name (its columns named as the log's features)." },
    { name: "profile", type: "string", value: "FILE", description: "A saved reference profile instead of --reference." },
    { name: "columns", type: "string", value: "A,B", description: "Only these features (default: every feature of the log the reference has)." },
    { name: "template", type: "string", value: "NOTEBOOK", required: true, description: "The retraining notebook, run with parameters reason, monitorRunId, storeDir, modelName and -p." },
    { name: "days", type: "number", value: "N", description: "The recent window: the last N days of the log (default 7)." },
    { name: "now", type: "string", value: "TIME", description: "The window's end (ISO date; default now)." },
    { name: "threshold", type: "number", value: "S", description: "Retrain when at least this share of features drifted (Evidently's drift_share; default 0.2)." },
    { name: "check-once", type: "boolean", description: "Check once and exit (the default)." },
    { name: "loop", type: "boolean", description: "Check every --interval until SIGINT/SIGTERM (or --max-checks)." },
    { name: "interval", type: "string", value: "DURATION", description: "Time between checks in a loop: 60m, 30s, 1h, 500ms (default 60m)." },
    { name: "max-checks", type: "number", value: "N", description: "Stop the loop after N checks." },
    { name: "dry-run", type: "boolean", description: "Decide and record, but do not run the template." },
    { name: "model", type: "string", value: "NAME", description: "The registered model: its tag labops.monitor.decision records each decision in the registry's audit history." },
    { name: "output-dir", type: "string", value: "DIR", description: "Keep each executed template here (default: a temporary folder, logged on the monitor run)." },
    { name: "parameter", short: "p", type: "string[]", value: "NAME=VALUE", description: "A parameter for the template (as labops run -p)." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const o = args.options;
    const monitor: typeof import("../../../src/monitor/monitor") = require("../../../src/monitor/monitor");
    const { parseParameters }: typeof import("../../notebook/parameters") = require("../../notebook/parameters");
    if (o["check-once"] && o.loop) throw new UsageError("give --check-once or --loop, not both.");
    if (!o.loop && (o.interval !== undefined || o["max-checks"] !== undefined)) throw new UsageError("--interval and --max-checks go with --loop.");
    const fs: typeof import("node:fs") = require("node:fs");
    const template = path.resolve(o.template);
    if (!fs.existsSync(template)) throw new UsageError(`--template ${o.template}: no such notebook.`);
    const intervalMs = monitor.parseInterval(o.interval ?? "60m");
    const options = {
      log: o.log,
      reference: o.reference,
      profile: o.profile,
      columns: o.columns?.split(",").map((c) => c.trim()).filter(Boolean),
      days: o.days,
      now: o.now,
      threshold: o.threshold,
      template,
      parameters: parseParameters(o.parameter ?? []),
      dryRun: o["dry-run"] ?? false,
      model: o.model,
    };
    const deps = {
      client: context.client,
      registry: context.registry,
      warn: context.warn,
      renderHtml: async (report: import("../../../src/drift/report").DriftReport) => {
        const { driftReportHtmlPage }: typeof import("../../../widgets/drift") = require("../../../widgets/drift");
        return driftReportHtmlPage(report, { title: "Monitor: prediction log vs reference" });
      },
      runTemplate: (nb: string, parameters: Record<string, unknown>) => runTemplate(nb, parameters, o["output-dir"], context),
    };
    if (!o.loop) return [await monitor.checkOnce(options, deps)];
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      return await monitor.monitorLoop(options, deps, {
        intervalMs,
        maxChecks: o["max-checks"],
        signal: controller.signal,
        onCheck: (c) => context.warn(`check ${c.runId}: ${c.decision} (${c.reasons[0]})`),
      });
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
  json: (checks) => checks.map(({ report, ...c }) => ({ ...c, shareOfDriftedColumns: report?.shareOfDriftedColumns ?? null, datasetDrift: report?.datasetDrift ?? null })),
  text: (checks) =>
    checks
      .map((c) =>
        [
          `${c.decision}: ${c.reasons[0]}; window ${c.window.rows} predictions${c.window.from ? ` from ${c.window.from}` : ""}.`,
          ...c.reasons.slice(1).map((r) => `  ${r}`),
          `  recorded in run ${c.runId} (experiment labops-monitor)${c.modelTagged ? `; model ${c.modelTagged} tagged` : ""}.`,
          ...(c.template ? [`  retrained: ${c.template.executed} cells${c.template.output ? ` -> ${c.template.output}` : ""}.`] : []),
        ].join("\n"),
      )
      .join("\n"),
});

/** The template through `labops run` in-process, its executed copy kept next to the monitor run. */
async function runTemplate(template: string, parameters: Record<string, unknown>, outputDir: string | undefined, context: import("../../../src/cli/command").CommandContext) {
  const fs: typeof import("node:fs") = require("node:fs");
  const os: typeof import("node:os") = require("node:os");
  const { runCommand }: typeof import("../notebook/run") = require("../notebook/run");
  const dir = outputDir ? path.resolve(outputDir) : fs.mkdtempSync(path.join(os.tmpdir(), "labops-retrain-"));
  const output = path.join(dir, `${path.basename(template, ".ipynb")}-${Date.now()}.ipynb`);
  const parameter = Object.entries(parameters).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const result = (await runCommand.run({ positionals: { NOTEBOOK: template }, options: { parameter, output } }, context)) as { executed: number };
  return { executed: result.executed, output };
}
