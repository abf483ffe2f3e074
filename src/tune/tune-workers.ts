// The parent side of `jobs` > 1: K worker processes on one study, their progress relayed as trials end, and no
// worker left behind. Workers are forked with an IPC channel: when this process dies, however it dies, the
// channel closes and each worker stops its trial and exits (tune-worker.ts); an abort sends them SIGTERM.

import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { LabopsError } from "../core/errors";
import type { FrozenTrial } from "./frozen-trial";
import type { Study } from "./study";
import type { WorkerJob } from "./tune-job";

/** Messages a worker sends. */
export type WorkerMessage =
  | { type: "trial-start"; number: number }
  | { type: "trial-end"; number: number; state: string }
  | { type: "done" }
  | { type: "error"; message: string };

export interface RunWorkersOptions {
  jobs: number;
  /** All workers together; split as evenly as possible. Undefined: each runs until the timeout. */
  trials?: number;
  signal?: AbortSignal;
  onTrialEnd(study: Study, trial: FrozenTrial): void | Promise<void>;
  job(workerIndex: number, trials: number | undefined): WorkerJob;
}

/** Seconds a worker has to end its trial after SIGTERM before it is killed. */
const STOP_GRACE_MS = 15_000;

export async function runWorkers(study: Study, options: RunWorkersOptions): Promise<void> {
  const entry = path.join(__dirname, "tune-worker.js");
  const children: ChildProcess[] = [];
  const errors: string[] = [];
  const seen = new Set(study.trials.filter((t) => t.state !== "RUNNING" && t.state !== "WAITING").map((t) => t.number));
  let relay: Promise<void> = Promise.resolve();
  // One refresh at a time, in order: each reports the trials that ended since the last.
  const report = () => {
    relay = relay.then(async () => {
      await study.refresh();
      for (const t of study.trials) {
        if (t.state === "RUNNING" || t.state === "WAITING" || seen.has(t.number)) continue;
        seen.add(t.number);
        await options.onTrialEnd(study, t);
      }
    }).catch((e) => void errors.push(`reading the study: ${(e as Error).message}`));
  };
  const exits: Promise<{ index: number; code: number | null; signal: NodeJS.Signals | null; stderr: string; current: number | null }>[] = [];
  for (let i = 0; i < options.jobs; i++) {
    const trials = options.trials === undefined ? undefined : Math.floor(options.trials / options.jobs) + (i < options.trials % options.jobs ? 1 : 0);
    if (trials === 0) continue;
    const child = fork(entry, [], { serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] });
    children.push(child);
    let stderr = "";
    let current: number | null = null;
    child.stdout!.resume(); // the engine's notices; the parent's stdout stays the command's
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "trial-start") current = m.number;
      else if (m.type === "trial-end") {
        current = null;
        report();
      } else if (m.type === "error") errors.push(`worker ${i}: ${m.message}`);
    });
    exits.push(new Promise((resolve) => {
      child.on("exit", (code, signal) => resolve({ index: i, code, signal, stderr, current }));
      // A process that never started has no exit; any other error must not crash this process either.
      child.on("error", (e) => {
        errors.push(`worker ${i}: ${e.message}`);
        if (child.pid === undefined) resolve({ index: i, code: null, signal: null, stderr, current: null });
      });
    }));
    child.send({ type: "start", job: options.job(i, trials) }, (e) => e && errors.push(`worker ${i}: ${e.message}`));
  }
  const alive = () => children.filter((c) => c.exitCode === null && c.signalCode === null);
  let killer: NodeJS.Timeout | null = null;
  const onAbort = () => {
    for (const c of alive()) c.kill("SIGTERM");
    killer = setTimeout(() => alive().forEach((c) => c.kill("SIGKILL")), STOP_GRACE_MS);
    killer.unref();
  };
  options.signal?.addEventListener("abort", onAbort);
  if (options.signal?.aborted) onAbort();
  let ended: Awaited<(typeof exits)[number]>[];
  try {
    ended = await Promise.all(exits);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (killer) clearTimeout(killer);
    for (const c of alive()) c.kill("SIGKILL"); // only when this function itself failed
  }
  await relay;
  // A worker that died mid-trial left it RUNNING: fail it now rather than after the heartbeat grace period.
  const orphaned = ended.filter((e) => e.current !== null);
  if (orphaned.length) {
    await study.refresh();
    for (const e of orphaned) {
      const t = study.trials.find((x) => x.number === e.current);
      if (t?.state !== "RUNNING") continue;
      const how = e.signal ? `was killed (${e.signal})` : `exited with code ${e.code}`;
      await study.tell(t.number, null, { state: "FAIL", failReason: `Its worker process ${how} during the trial.` }).catch(() => undefined);
    }
    report();
    await relay;
  }
  if (options.signal?.aborted) return;
  for (const e of ended) {
    if (e.code !== 0 && !errors.some((m) => m.startsWith(`worker ${e.index}:`))) {
      errors.push(`worker ${e.index} ${e.signal ? `was killed (${e.signal})` : `exited with code ${e.code}`}${e.stderr.trim() ? `: ${e.stderr.trim().split("\n").at(-1)}` : ""}`);
    }
  }
  if (errors.length) throw new LabopsError("INTERNAL_ERROR", `${errors.length} of ${children.length} tuning workers failed; the first: ${errors[0]}`);
}
