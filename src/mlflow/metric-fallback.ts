// Metric points that could not reach the MLflow server are kept in a local folder (one JSON-lines file per
// run) so a training loop never loses them; they are sent later by `labops sync --from DIR --to URI` (or
// RestTrackingStore.syncPendingMetrics()).

import fs from "node:fs";
import path from "node:path";
import type { Metric } from "../entities";
import { decodeMetric, encodeMetric, type JsonMetric } from "./rest-codec";

export class MetricFallback {
  constructor(
    readonly dir: string,
    private readonly serverUri: string,
  ) {}

  fileFor(runId: string): string {
    return path.resolve(this.dir, `${runId.replace(/[^\w-]/g, "_")}.jsonl`);
  }

  /** Appends the points (synchronously: this also runs from exit handlers) and says where they are. */
  keep(runId: string, metrics: Metric[], cause: Error): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = this.fileFor(runId);
    fs.appendFileSync(file, metrics.map((m) => JSON.stringify({ run_id: runId, ...encodeMetric(m) })).join("\n") + "\n");
    process.emitWarning(
      `The MLflow server at ${this.serverUri} is unreachable (${cause.message}); ${metrics.length} metric points of run ${runId} were kept in ${file}. ` +
        `Send them once the server is back with: labops sync --from ${this.dir} --to ${this.serverUri}`,
      { code: "LABOPS_METRICS_FALLBACK" },
    );
  }

  /** Sends each run's kept points; a file is removed only once all its points were sent. */
  async replay(send: (runId: string, metrics: Metric[]) => Promise<void>): Promise<number> {
    if (!fs.existsSync(this.dir)) return 0;
    let sent = 0;
    for (const name of fs.readdirSync(this.dir).filter((n) => n.endsWith(".jsonl")).sort()) {
      const file = path.join(this.dir, name);
      const byRun = new Map<string, Metric[]>();
      for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const row = JSON.parse(line) as JsonMetric & { run_id: string };
        const list = byRun.get(row.run_id) ?? [];
        list.push(decodeMetric(row));
        byRun.set(row.run_id, list);
      }
      for (const [runId, metrics] of byRun) {
        await send(runId, metrics);
        sent += metrics.length;
      }
      fs.rmSync(file);
    }
    return sent;
  }
}
