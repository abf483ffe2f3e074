// A tuning worker process (forked by tune-workers.ts): loads the study from the shared tracking store and runs
// its share of trials. It stops (the running trial FAILs as interrupted) on SIGTERM, SIGINT, or when its parent
// goes away (the IPC channel closes), so an interrupted or killed `labops tune` leaves no process behind.

import { setTrackingUri, getClient } from "../tracking/fluent";
import { parseSearchSpace } from "./search-space";
import { loadStudy, type Study } from "./study";
import { makePruner, makeSampler, runTrial, trainOptions, type WorkerJob } from "./tune-job";
import type { WorkerMessage } from "./tune-workers";

let stopping = false;
let study: Study | null = null;

function send(m: WorkerMessage, then: () => void = () => undefined): void {
  if (process.connected) process.send!(m, undefined, undefined, () => then());
  else then();
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  study?.stop();
  // The trial stops at its next epoch end; a stuck one does not keep the process.
  setTimeout(() => process.exit(130), 10_000).unref();
}

async function work(job: WorkerJob): Promise<void> {
  const { trainJob }: typeof import("../engine/train-job") = require("../engine/train-job");
  setTrackingUri(job.trackingUri);
  const space = parseSearchSpace(job.space, job.model);
  study = await loadStudy({
    studyName: job.studyName,
    storage: getClient(),
    experimentId: job.experimentId,
    sampler: makeSampler(job.sampler, job.seed + job.workerIndex, job.constantLiar),
    pruner: makePruner(job.pruner, job.epochs),
    heartbeatInterval: job.heartbeatInterval,
  });
  if (stopping) study.stop();
  const source = job.source.table ? { data: job.source.table } : job.source;
  const base = trainOptions({ model: job.model, epochs: job.epochs, seed: job.seed, source }, job);
  const signal = { get aborted() { return stopping; } };
  await study.optimize(
    (trial) => {
      send({ type: "trial-start", number: trial.number });
      return runTrial(trial, space, (extra) => trainJob({ ...base, ...extra }), signal);
    },
    { nTrials: job.trials, timeout: job.timeout, catch: [Error], callbacks: [(_s, t) => send({ type: "trial-end", number: t.number, state: t.state })] },
  );
}

process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);
process.on("message", (m: { type: string; job: WorkerJob }) => {
  if (m?.type !== "start") return;
  work(m.job).then(
    () => send({ type: "done" }, () => process.exit(stopping ? 130 : 0)),
    (e: unknown) => send({ type: "error", message: e instanceof Error ? e.message : String(e) }, () => process.exit(1)),
  );
});
