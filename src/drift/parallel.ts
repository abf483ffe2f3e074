// Drift profiles and reports with numeric columns spread over worker threads (column-worker.ts): the same results as
// fitReferenceProfile / checkDrift, the passes over 1M-row columns shared among cores. Columns travel as shared memory.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { invalidParameter, LabopsError, type ErrorCode } from "../core/errors";
import { numericSample, numericSampleFromWire, type NumericSample, type NumericWire } from "./column-sample";
import type { ColumnSpec, DriftInput } from "./data-columns";
import type { DriftTest } from "./drift-test";
import { assembleProfile, fitReferenceProfile, prepareProfile, type ProfileColumn, type ProfileOptions, type ReferenceProfile } from "./profile";
import { assembleReport, checkColumn, checkDrift, prepareCheck, type ColumnDriftResult, type DriftOptions, type DriftReport } from "./report";
import { getDriftTest } from "./tests";
import type { WorkerJob } from "./column-worker";

export interface ParallelOptions {
  /** Worker threads; default min(numeric columns, os.availableParallelism()). 1 runs everything on this thread. */
  threads?: number;
}

const WORKER_FILE = path.join(__dirname, "column-worker.js");

type NumericArray = Float64Array | Float32Array;
const isNumericArray = (v: unknown): v is NumericArray => v instanceof Float64Array || v instanceof Float32Array;

/** The threads to use for `jobs` columns (0: run on this thread). */
function threadCount(jobs: number, options: ParallelOptions): number {
  const { threads } = options;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw invalidParameter(`threads must be an integer >= 1, got ${threads}.`);
  const n = Math.min(jobs, threads ?? os.availableParallelism());
  // Compiled code only: the worker is a .js file next to this one (not there when run from TypeScript sources).
  return n >= 2 && fs.existsSync(WORKER_FILE) ? n : 0;
}

// Copies into shared memory cost one pass. Arrays already shared are sent as they are; a profile's arrays (never
// changed once fitted) are copied once per profile, input columns on every call (the caller may refill them).
const sharedCopies = new WeakMap<NumericArray, NumericArray>();
function shared<T extends NumericArray>(a: T, remember = false): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const known = remember ? sharedCopies.get(a) : undefined;
  if (known) return known as T;
  const copy = new (a.constructor as { new (b: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  if (remember) sharedCopies.set(a, copy);
  return copy;
}

/** A profile sample as plain data in shared memory (its values copied once per profile). */
function wireOf(sample: NumericSample): NumericWire {
  const wire = sample.toWire();
  return { ...wire, values: shared(wire.values, true) };
}

type Reply = { id: number; error?: { message: string; code: ErrorCode | null } } & Record<string, unknown>;
type Job = WorkerJob extends infer J ? (J extends unknown ? Omit<J, "id"> : never) : never;

// One pool per process, grown on demand and kept between calls (a worker costs ~50-100 ms of start-up, as much as
// sorting a 1M-row column); idle workers are unref'd so they never keep the process alive.
const pool: Worker[] = [];
// Calls share the pool one after another: a second check waits for the first instead of fighting over workers.
let queue: Promise<unknown> = Promise.resolve();

function poolOf(threads: number): Worker[] {
  while (pool.length < threads) {
    const w = new Worker(WORKER_FILE);
    w.unref();
    w.on("exit", () => pool.splice(pool.indexOf(w) >>> 0, 1));
    pool.push(w);
  }
  return pool.slice(0, threads);
}

/** Stops the drift worker threads (they are started again when needed). */
export async function closeDriftWorkers(): Promise<void> {
  await Promise.all(pool.splice(0).map((w) => w.terminate()));
}

/** Runs `jobs` on `threads` workers, each taking the next job when it finishes one; replies in job order. */
function runJobs(jobs: Job[], threads: number): Promise<Reply[]> {
  const run = queue.then(() => runJobsNow(jobs, threads));
  queue = run.catch(() => undefined);
  return run;
}

async function runJobsNow(jobs: Job[], threads: number): Promise<Reply[]> {
  const replies: Reply[] = new Array(jobs.length);
  const workers = poolOf(threads);
  let next = 0;
  const cleanups: (() => void)[] = [];
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              worker.postMessage({ ...jobs[id], id });
            };
            const onMessage = (reply: Reply) => {
              replies[reply.id] = reply;
              send();
            };
            const onExit = (code: number) => reject(new Error(`drift worker stopped (exit code ${code}) during a check`));
            worker.on("message", onMessage);
            worker.on("error", reject);
            worker.on("exit", onExit);
            cleanups.push(() => {
              worker.off("message", onMessage);
              worker.off("error", reject);
              worker.off("exit", onExit);
              worker.unref();
            });
            worker.ref();
            send();
          }),
      ),
    );
  } catch (e) {
    await closeDriftWorkers(); // a worker that failed mid-job may hold a half-written buffer: start afresh next time
    throw e;
  } finally {
    for (const c of cleanups) c();
  }
  // A worker's error is thrown as it would have been on this thread (configuration mistakes keep their code).
  for (const r of replies) if (r.error) throw r.error.code ? new LabopsError(r.error.code, r.error.message) : new Error(r.error.message);
  return replies;
}

/** fitReferenceProfile with numeric typed-array columns read on worker threads (copied into shared memory). */
export async function fitReferenceProfileParallel(input: DriftInput, options: ProfileOptions & ParallelOptions = {}): Promise<ReferenceProfile> {
  const prepared = prepareProfile(input, options);
  const numeric = prepared.specs.filter((s) => s.kind === "numerical" && isNumericArray(prepared.data[s.name]));
  const threads = threadCount(numeric.length, options);
  if (!threads) return fitReferenceProfile(input, options);
  const copy = options.copyColumns !== false;
  const jobs: Job[] = numeric.map((spec) => ({
    type: "fit",
    name: spec.name,
    values: shared(prepared.data[spec.name] as NumericArray),
    out: copy ? new Float64Array(new SharedArrayBuffer(prepared.rows * 8)) : null,
  }));
  const replies = await runJobs(jobs, threads);
  const samples = new Map<string, { sample: NumericSample; missing: number }>();
  numeric.forEach((spec, i) => {
    const r = replies[i] as Reply & { wire: NumericWire; missing: number };
    const job = jobs[i] as { out: Float64Array | null; values: NumericArray };
    samples.set(spec.name, { sample: numericSampleFromWire({ ...r.wire, values: job.out ? job.out.subarray(0, r.wire.size) : job.values }), missing: r.missing });
  });
  // Numeric columns that are not typed arrays (plain arrays with nulls) are read here, as fitReferenceProfile does.
  return assembleProfile(prepared, options, (spec: ColumnSpec, values) => samples.get(spec.name) ?? numericSample(values, spec.name, { copy }));
}

/** Options a worker can receive: custom DriftTest objects and functions cannot cross threads. */
function workerOptions(options: DriftOptions): DriftOptions | null {
  const methods = [options.method, options.catMethod, options.numMethod, ...Object.values(options.perColumnMethod ?? {})];
  if (methods.some((m) => m !== undefined && typeof m !== "string")) return null;
  const { multivariate: _multivariate, ...rest } = options;
  try {
    return structuredClone(rest);
  } catch {
    return null;
  }
}

/** checkDrift with numeric typed-array columns checked on worker threads; the same report. */
export async function checkDriftParallel(profile: ReferenceProfile, currentInput: DriftInput, options: DriftOptions & ParallelOptions = {}): Promise<DriftReport> {
  const { current, currentRows } = prepareCheck(profile, currentInput, options);
  const forWorkers = workerOptions(options);
  const onWorkers = (col: ProfileColumn) => forWorkers !== null && col.kind === "numerical" && col.numeric !== null && isNumericArray(current[col.name]);
  const remote = profile.columns.filter(onWorkers);
  const threads = threadCount(remote.length, options);
  if (!threads) return checkDrift(profile, currentInput, options);
  const jobs: Job[] = remote.map((col) => ({
    type: "check",
    column: { ...col, numeric: { ...col.numeric!, sample: wireOf(col.numeric!.sample) } },
    values: shared(current[col.name] as NumericArray),
    currentRows,
    options: forWorkers!,
  }));
  const pending = runJobs(jobs, threads);
  // The other columns (categorical, plain arrays) are checked here while the workers run.
  const buffers = {};
  const local = new Map(profile.columns.filter((c) => !onWorkers(c)).map((col) => [col.name, checkColumn(col, current[col.name]!, currentRows, options, buffers)]));
  const replies = await pending;
  const byName = new Map<string, { result: ColumnDriftResult; test: DriftTest | null }>(
    remote.map((col, i) => {
      const r = replies[i] as Reply & { result: ColumnDriftResult; test: string | null };
      // The worker names its test; the object (for the correction's comparison) is looked up here.
      return [col.name, { result: r.result, test: r.test === null ? null : getDriftTest(r.test) }];
    }),
  );
  const checked = profile.columns.map((col) => byName.get(col.name) ?? local.get(col.name)!);
  return assembleReport(profile, current, currentRows, checked, options);
}

/** driftReport on worker threads: fits the profile (copying nothing: it is not kept) and checks `current` against it. */
export async function driftReportParallel(reference: DriftInput, current: DriftInput, options: DriftOptions & ProfileOptions & ParallelOptions = {}): Promise<DriftReport> {
  return checkDriftParallel(await fitReferenceProfileParallel(reference, { copyColumns: false, ...options }), current, options);
}
