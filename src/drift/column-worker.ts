// Worker side of parallel drift checks (parallel.ts): sorts reference columns for a profile, or checks current
// columns against their profile columns, reading shared memory, and posts plain results back.

import { parentPort } from "node:worker_threads";
import { isLabopsError } from "../core/errors";
import { numericSample } from "./column-sample";
import type { ProfileColumn } from "./profile";
import { checkColumn, type ColumnBuffers, type DriftOptions } from "./report";

export type WorkerJob =
  | { id: number; type: "fit"; name: string; values: Float64Array | Float32Array; out: Float64Array }
  | { id: number; type: "check"; column: ProfileColumn; values: Float64Array | Float32Array; currentRows: number; options: DriftOptions };

let buffers: ColumnBuffers | null = null;
function buffersFor(n: number): ColumnBuffers {
  if (!buffers || buffers.scratch.length < n) buffers = { scratch: new Float64Array(n), sortScratch: new Float64Array(n) };
  return buffers;
}

parentPort?.on("message", (job: WorkerJob) => {
  try {
    if (job.type === "fit") {
      // Sorted straight into the caller's shared buffer: the profile keeps a view of it, nothing is copied back.
      const { sample, missing } = numericSample(job.values, job.name, job.out, buffersFor(job.values.length).sortScratch);
      parentPort!.postMessage({ id: job.id, count: sample.sorted.length, mean: sample.mean, std: sample.std, missing });
    } else {
      const { result, test } = checkColumn(job.column, job.values, job.currentRows, job.options, buffersFor(job.currentRows));
      parentPort!.postMessage({ id: job.id, result, test: test?.name ?? null });
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    parentPort!.postMessage({ id: job.id, error: { message, code: isLabopsError(e) ? e.code : null } });
  }
});
