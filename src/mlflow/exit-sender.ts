// Sends, from a child process, what a process that is exiting can no longer send itself: in an 'exit' handler the
// event loop has stopped, so RestTrackingStore's synchronous writes (buffered metrics, run ends) run here, under
// spawnSync. Reads one job as JSON on stdin; answers one JSON line on stdout. Metric points that cannot reach the
// server are kept in the fallback folder (with the usual message, on stderr) for `labops sync` to send later.

import type { LogBatchRequest, UpdateRunRequest } from "../tracking/store";
import { decodeMetric, type JsonMetric } from "./rest-codec";
import { RestTrackingStore } from "./rest-tracking-store";

export interface ExitJob {
  uri: string;
  fallbackDir: string | null;
  batches: { runId: string; metrics?: JsonMetric[]; params?: LogBatchRequest["params"]; tags?: LogBatchRequest["tags"] }[];
  updates: { runId: string; request: UpdateRunRequest }[];
}

export interface ExitAnswer {
  ok: boolean;
  error?: string;
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ExitJob;
  // An exit must not hang on a dead server for the minutes a training loop's retries may take.
  const retries = Math.min(2, Number(process.env.MLFLOW_HTTP_REQUEST_MAX_RETRIES ?? 2) || 0);
  const store = new RestTrackingStore(job.uri, { metricsFallbackDir: job.fallbackDir, maxRetries: retries, maxRetryTimeMs: 15_000 });
  const errors: string[] = [];
  try {
    for (const b of job.batches) {
      await store.logBatch(b.runId, { metrics: (b.metrics ?? []).map(decodeMetric), params: b.params ?? [], tags: b.tags ?? [] }).catch((e: Error) => errors.push(e.message));
    }
    for (const u of job.updates) await store.updateRun(u.runId, u.request).catch((e: Error) => errors.push(e.message));
  } finally {
    await store.close();
  }
  const answer: ExitAnswer = errors.length ? { ok: false, error: errors[0]! } : { ok: true };
  process.stdout.write(JSON.stringify(answer) + "\n");
}

main().catch((e: Error) => {
  process.stdout.write(JSON.stringify({ ok: false, error: e.message } satisfies ExitAnswer) + "\n");
});
