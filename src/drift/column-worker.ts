// Worker side of parallel drift checks (parallel.ts): copies reference columns into a profile's shared buffers, or
// checks current columns against their profile columns, reading shared memory, and posts plain results back.

import { parentPort } from "node:worker_threads";
import { isLabopsError } from "../core/errors";
import { numericSample, numericSampleFromWire, type NumericWire } from "./column-sample";
import type { ProfileColumn } from "./profile";
import { checkColumn, type ColumnBuffers, type DriftOptions } from "./report";

export type WorkerJob =
  | { id: number; type: "fit"; name: string; values: Float64Array | Float32Array; out: Float64Array | null }
  | { id: number; type: "check"; column: WireColumn; values: Float64Array | Float32Array; currentRows: number; options: DriftOptions };

/** A profile column as it crosses threads: its sample as plain data. */
export type WireColumn = Omit<ProfileColumn, "numeric"> & { numeric: (Omit<NonNullable<ProfileColumn["numeric"]>, "sample"> & { sample: NumericWire }) | null };

let buffers: ColumnBuffers | null = null;
function buffersFor(n: number): ColumnBuffers {
  if (!buffers || buffers.out!.length < n) buffers = { out: new Float64Array(n), scratch: new Float64Array(n), counts: { counts: new Uint32Array(0), positions: new Float64Array(0) } };
  return buffers;
}

parentPort?.on("message", (job: WorkerJob) => {
  try {
    if (job.type === "fit") {
      // Copied straight into the caller's shared buffer (when it keeps a copy): nothing is copied back.
      const { sample, missing } = numericSample(job.values, job.name, { copy: job.out ?? false });
      parentPort!.postMessage({ id: job.id, wire: sample.toWire(), missing });
    } else {
      const numeric = job.column.numeric && { ...job.column.numeric, sample: numericSampleFromWire(job.column.numeric.sample) };
      const { result, test } = checkColumn({ ...job.column, numeric }, job.values, job.currentRows, job.options, buffersFor(job.currentRows));
      parentPort!.postMessage({ id: job.id, result, test: test?.name ?? null });
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    parentPort!.postMessage({ id: job.id, error: { message, code: isLabopsError(e) ? e.code : null } });
  }
});
