// `labops sync` and `%sync`: replays an embedded store into an MLflow server, with a progress bar per phase and a
// summary table; `--dry-run` lists what would be created, resumed or skipped and changes nothing.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { SyncAction, SyncCounts, SyncPhase, SyncReport } from "../../../src/mlflow/sync";
import { formatTable } from "../../../src/present/table";
import type { ProgressBar } from "../../../widgets/progress-bar";

const VERBS: Record<SyncAction["action"], [string, string]> = {
  create: ["created", "would create"],
  resume: ["resumed", "would resume"],
  update: ["updated", "would update"],
  skip: ["skipped", "would skip"],
};

function summary(r: SyncReport): string {
  const cell = (c: SyncCounts, k: keyof SyncCounts) => String(c[k]);
  const rows = (["experiments", "runs", "models", "versions"] as const).map((k) => [k, cell(r[k], "created"), cell(r[k], "resumed"), cell(r[k], "skipped")]);
  rows.push(["metric points sent", String(r.metricPoints), "", ""], ["artifact files sent", String(r.artifacts), "", ""], ["aliases set", String(r.aliases), "", ""]);
  const [created, resumed, skipped] = r.dryRun ? ["WOULD CREATE", "WOULD RESUME", "WOULD SKIP"] : ["CREATED", "RESUMED", "SKIPPED"];
  return formatTable(
    [{ header: "" }, { header: created, align: "right" }, { header: resumed, align: "right" }, { header: skipped, align: "right" }],
    rows,
  );
}

function actionLine(a: SyncAction, dryRun: boolean): string {
  return `${VERBS[a.action][dryRun ? 1 : 0]} ${a.kind} ${a.subject}${a.detail ? ` (${a.detail})` : ""}`;
}

export const syncCommand = defineCommand({
  name: "sync",
  summary: "Copy an embedded store into an MLflow server: experiments, runs, metric histories, artifacts, models.",
  surfaces: ["cli", "line"],
  options: [
    { name: "from", type: "string", value: "FILE_STORE", required: true, description: "The labops store folder (or file: URI) to copy." },
    { name: "to", type: "string", value: "URI", required: true, description: "The MLflow server, http(s)://host:port (credentials from MLFLOW_TRACKING_* variables)." },
    { name: "experiment", type: "string", value: "E", description: "Only this experiment (a name, or an id); registered models are then left out." },
    { name: "dry-run", type: "boolean", description: "Say what would be created, resumed or skipped; change nothing on the server." },
    JSON_OPTION,
  ],
  async run(args) {
    const { syncStore }: typeof import("../../../src/mlflow/sync") = require("../../../src/mlflow/sync");
    const { ProgressBar: Bar }: typeof import("../../../widgets/progress-bar") = require("../../../widgets/progress-bar");
    const bars = new Map<SyncPhase, ProgressBar>();
    const closeAll = () => bars.forEach((b) => b.close());
    try {
      return await syncStore({
        from: args.options.from,
        to: args.options.to,
        ...(args.options.experiment !== undefined ? { experiment: args.options.experiment } : {}),
        dryRun: args.options["dry-run"] ?? false,
        onProgress(p) {
          if (p.total === 0) return;
          let bar = bars.get(p.phase);
          if (!bar) {
            closeAll(); // one phase at a time: the previous bar ends where it stood
            bars.set(p.phase, (bar = new Bar({ total: p.total, label: p.phase.padEnd(11) })));
          }
          bar.update(p.done);
          if (p.done >= p.total) bar.close();
        },
      });
    } finally {
      closeAll();
    }
  },
  text(r) {
    const head = r.dryRun ? [`Dry run: nothing was changed on ${r.to}. A sync would:`, ...r.actions.map((a) => `  ${actionLine(a, true)}`), ""] : [`Synced ${r.from} into ${r.to}.`];
    return [...head, summary(r)].join("\n");
  },
});
