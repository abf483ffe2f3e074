// tuneJob(): a study over the engine's models, each trial one trainJob() logged into the trial's child run, with
// the pruning callback reporting every epoch's validation loss; `jobs` worker processes share the study through
// the tracking store; the best trial's model can be registered. The core of `labops tune` and `%tune`.
//
// Why processes for parallel trials: the engine trains on one thread (wasm), and trials in one process only
// interleave at their awaits, so in-process concurrency adds no speed. K processes train K trials at once; the
// storage already gives every process its own trial numbers and fails the trials of a worker that died.

import { invalidParameter, LabopsError } from "../core/errors";
import { tableFromArrays, tableFromRecords, type ColumnTable } from "../data/column-table";
import { fromDataFrame } from "../data/data-frame";
import type { Callback } from "../engine/callbacks";
import { pruningCallback } from "../engine/callbacks";
import type { TrainJobOptions, TrainTable } from "../engine/train-job";
import type { ModelVersion } from "../registry/entities";
import type { ModelRegistryClient } from "../registry/registry-client";
import type { LabopsClient } from "../tracking/client";
import { activeRun, currentExperimentId, getClient } from "../tracking/fluent";
import type { FrozenTrial } from "./frozen-trial";
import type { Pruner } from "./pruners/base-pruner";
import { HyperbandPruner } from "./pruners/hyperband-pruner";
import { NopPruner } from "./pruners/nop-pruner";
import { MedianPruner } from "./pruners/percentile-pruner";
import { SuccessiveHalvingPruner } from "./pruners/successive-halving-pruner";
import type { Sampler } from "./samplers/base-sampler";
import { QMCSampler } from "./samplers/qmc-sampler";
import { RandomSampler } from "./samplers/random-sampler";
import { TPESampler } from "./samplers/tpe-sampler";
import { defaultSearchSpace, loadSearchSpace, type ModelKind, parseSearchSpace, type SearchSpace, searchSpaceToJson, suggestParams, trainingConfig } from "./search-space";
import { createStudy, type Study } from "./study";
import type { Trial } from "./trial";
import { TrialPruned } from "./trial-pruned";

export const SAMPLER_NAMES = ["tpe", "random", "qmc"] as const;
export const PRUNER_NAMES = ["median", "halving", "hyperband", "none"] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];
export type PrunerName = (typeof PRUNER_NAMES)[number];

/** The objective every trial minimises: the validation loss of the epoch the model keeps. */
export const TUNE_OBJECTIVE = "val_loss";
/** Tags on the study run saying what it tunes, so a resumed study keeps tuning the same thing. */
export const TUNE_JOB_TAGS = { model: "labops.tune.model", target: "labops.tune.target", source: "labops.tune.source", space: "labops.tune.space", objective: "labops.tune.objective", bestTrial: "labops.tune.bestTrial" } as const;
/** Long enough that a slow epoch (the event loop is busy while it runs) is not taken for a dead worker. */
const HEARTBEAT_SECONDS = 30;
/** The trial user attribute holding the trial's logged model. */
export const MODEL_URI_ATTR = "modelUri";
/** The trial user attribute saying why a trial was pruned. */
export const PRUNED_REASON_ATTR = "prunedReason";

export interface TuneJobOptions {
  /** A dataset labops ships... */
  dataset?: string;
  /** ...or a data file (CSV, JSON, JSONL, Parquet, Arrow)... */
  dataFile?: string;
  /** ...or rows in memory (a column table, records, columns by name, a DataFrame). Exactly one of the three. */
  data?: TrainTable;
  /** The column to predict. */
  target: string;
  /** Default "mlp". */
  model?: ModelKind;
  /** Trials to run (all workers together). Give trials, timeout or both. */
  trials?: number;
  /** Seconds after which no new trial starts. */
  timeout?: number;
  /** Worker processes, each training one trial at a time. Default 1: trials run in this process. */
  jobs?: number;
  /** Epochs per trial (the pruners' steps). Default 30. */
  epochs?: number;
  /** Seeds the samplers and every trial's training (the same split and initial weights for all). Default 0. */
  seed?: number;
  /** A space, its data, or a JSON/YAML file; default defaultSearchSpace(model). */
  space?: SearchSpace | Record<string, unknown> | string;
  /** Default "tpe" (with the constant liar when jobs > 1). An instance works with jobs = 1 only. */
  sampler?: SamplerName | Sampler;
  /** Default "median" (5 startup trials). An instance works with jobs = 1 only. */
  pruner?: PrunerName | Pruner;
  /** Default: a generated name. An existing study of that name is continued (same model and target). */
  studyName?: string;
  /** Experiment of the study run (created when missing); default the current one. */
  experiment?: string;
  /** Register the best trial's model as a new version of this registered model. */
  register?: string;
  /** Feature columns; default every column but the target. */
  featureColumns?: string[];
  /** Held-out share of rows the objective is measured on. Default 0.2. */
  validationFraction?: number;
  /** The registry for `register`; default one on the same store. */
  registry?: ModelRegistryClient;
  /** Called after each trial ends (in this process, or reported by a worker), e.g. to redraw live charts. */
  onTrialEnd?: (study: Study, trial: FrozenTrial) => void | Promise<void>;
  /** Aborting stops the running trials at the end of their epoch (they FAIL as interrupted) and starts no more. */
  signal?: AbortSignal;
  /** Seconds between a running trial's heartbeats; default 30 (another process fails a trial silent for twice that). */
  heartbeatInterval?: number;
}

export interface TuneJobResult {
  study: Study;
  studyName: string;
  studyRunId: string;
  experimentId: string;
  model: ModelKind;
  objective: string;
  space: SearchSpace;
  jobs: number;
  counts: { complete: number; pruned: number; failed: number };
  /** Null when no trial completed. */
  bestTrial: FrozenTrial | null;
  bestModelUri: string | null;
  version?: ModelVersion;
  registeredModelUri?: string;
  seconds: number;
}

/** The part of a job a worker process needs (plain data, sent over IPC). */
export interface WorkerJob {
  trackingUri: string;
  studyName: string;
  experimentId: string;
  source: { dataset?: string; dataFile?: string; table?: ColumnTable };
  target: string;
  model: ModelKind;
  space: Record<string, unknown>;
  sampler: SamplerName;
  pruner: PrunerName;
  epochs: number;
  seed: number;
  workerIndex: number;
  trials?: number;
  timeout?: number;
  featureColumns?: string[];
  validationFraction?: number;
  heartbeatInterval: number;
  constantLiar: boolean;
}

/** Checked options, before anything is created. */
interface Plan {
  model: ModelKind;
  space: SearchSpace;
  epochs: number;
  seed: number;
  jobs: number;
  trials?: number;
  timeout?: number;
  source: { dataset?: string; dataFile?: string; data?: TrainTable };
  sourceLabel: string;
}

export async function tuneJob(options: TuneJobOptions): Promise<TuneJobResult> {
  const started = Date.now();
  const plan = await planJob(options);
  // The fluent store, which trainJob logs to: the notebook's, setTrackingUri's or LABOPS_TRACKING_URI's.
  const client = getClient();
  if (activeRun()) throw invalidParameter(`Run ${activeRun()!.runId} is active; tuning makes its own study run with one child run per trial. End the run first (endRun(), or outside %%track).`);
  if (plan.jobs > 1 && client.trackingUri.startsWith("memory:")) {
    throw invalidParameter(`jobs ${plan.jobs} needs a store other processes can open; ${client.trackingUri} lives in this process only. Use a folder or an MLflow server, or jobs 1.`);
  }
  const experimentId = await resolveExperiment(client, options.experiment);
  const samplerName = typeof options.sampler === "string" ? options.sampler : "tpe";
  const prunerName = typeof options.pruner === "string" ? options.pruner : "median";
  const study = await createStudy({
    studyName: options.studyName,
    storage: client,
    experimentId,
    loadIfExists: true,
    sampler: typeof options.sampler === "object" ? options.sampler : makeSampler(samplerName, plan.seed, false),
    pruner: typeof options.pruner === "object" ? options.pruner : makePruner(prunerName, plan.epochs),
    heartbeatInterval: options.heartbeatInterval ?? HEARTBEAT_SECONDS,
  });
  await checkOrTagStudy(client, study, plan, options.target);

  const onTrialEnd = options.onTrialEnd ?? (() => undefined);
  // The study run is RUNNING while trials run here (again, when a study is continued), then ends as they did.
  await client.updateRun(study.runId, { status: "RUNNING" });
  try {
    if (plan.jobs === 1) {
      await optimizeHere(study, plan, options, onTrialEnd);
    } else {
      const { runWorkers }: typeof import("./tune-workers") = require("./tune-workers");
      await runWorkers(study, {
        jobs: plan.jobs,
        trials: plan.trials,
        signal: options.signal,
        onTrialEnd,
        job: (workerIndex, trials) => workerJob(client.trackingUri, study, experimentId, plan, options, samplerName, prunerName, workerIndex, trials),
      });
    }
  } catch (e) {
    await client.setTerminated(study.runId, "FAILED").catch(() => undefined);
    throw e;
  }
  await client.setTerminated(study.runId, options.signal?.aborted ? "KILLED" : "FINISHED");
  if (options.signal?.aborted) throw interrupted(study);

  await study.refresh();
  const counts = countStates(study.trials);
  let bestTrial: FrozenTrial | null = null;
  try {
    bestTrial = study.bestTrial;
  } catch {
    bestTrial = null;
  }
  const bestModelUri = bestTrial ? ((bestTrial.userAttrs[MODEL_URI_ATTR] as string | undefined) ?? null) : null;
  if (bestTrial) {
    await client.logBatch(study.runId, {
      metrics: [{ key: "best_value", value: bestTrial.values![0], step: study.trials.length, timestamp: Date.now() }],
      tags: [{ key: TUNE_JOB_TAGS.bestTrial, value: String(bestTrial.number) }],
    });
  }
  const result: TuneJobResult = {
    study,
    studyName: study.studyName,
    studyRunId: study.runId,
    experimentId,
    model: plan.model,
    objective: TUNE_OBJECTIVE,
    space: plan.space,
    jobs: plan.jobs,
    counts,
    bestTrial,
    bestModelUri,
    seconds: (Date.now() - started) / 1000,
  };
  if (options.register !== undefined) {
    if (!bestTrial || !bestModelUri) {
      const reasons = study.trials.filter((t) => t.state === "FAIL").map((t) => t.failReason).filter(Boolean);
      throw new LabopsError("INVALID_STATE", `No trial of study '${study.studyName}' completed, so there is no model to register as '${options.register}'${reasons.length ? `; the first failure: ${reasons[0]}` : ""}.`);
    }
    const { ModelRegistryClient }: typeof import("../registry/registry-client") = require("../registry/registry-client");
    const registry = options.registry ?? new ModelRegistryClient({ tracking: client });
    const run = /^runs:\/([^/]+)\/(.+)$/.exec(bestModelUri)!;
    result.version = await registry.registerModel({
      name: options.register,
      runId: run[1]!,
      artifactPath: run[2]!,
      description: `Best of ${counts.complete} complete trials of study '${study.studyName}' (trial ${bestTrial.number}, ${TUNE_OBJECTIVE} ${bestTrial.values![0]}).`,
    });
    result.registeredModelUri = `models:/${result.version.name}/${result.version.version}`;
  }
  return result;
}

/** Trials in this process, one after another. */
async function optimizeHere(study: Study, plan: Plan, options: TuneJobOptions, onTrialEnd: NonNullable<TuneJobOptions["onTrialEnd"]>): Promise<void> {
  const { trainJob }: typeof import("../engine/train-job") = require("../engine/train-job");
  const onAbort = () => study.stop();
  options.signal?.addEventListener("abort", onAbort);
  try {
    await study.optimize(
      (trial) => runTrial(trial, plan.space, (extra) => trainJob({ ...trainOptions(plan, options), ...extra }), options.signal),
      { nTrials: plan.trials, timeout: plan.timeout, callbacks: [(s, t) => onTrialEnd(s, t)], catch: [Error] },
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** The options every trial trains with, but its params, run and callbacks. */
export function trainOptions(plan: Pick<Plan, "model" | "epochs" | "seed" | "source">, options: Pick<TuneJobOptions, "target" | "featureColumns" | "validationFraction">): TrainJobOptions {
  return {
    ...plan.source,
    target: options.target,
    model: plan.model,
    epochs: plan.epochs,
    seed: plan.seed,
    featureColumns: options.featureColumns,
    validationFraction: options.validationFraction,
  };
}

/**
 * One trial: suggest the params, train into the trial's run with the pruning callback, and return the kept
 * epoch's validation loss; a pruned training throws TrialPruned, an abort fails the trial as interrupted.
 */
export async function runTrial(
  trial: Trial,
  space: SearchSpace,
  train: (extra: Partial<TrainJobOptions>) => Promise<import("../engine/train-job").TrainJobResult>,
  signal?: { aborted: boolean },
): Promise<number> {
  const params = suggestParams(trial, space);
  const { model: config, ...fitOptions } = trainingConfig(space.model, params);
  const { type: _type, ...modelConfig } = config;
  const stopOnAbort: Callback = {
    onEpochEnd(_logs, control) {
      if (signal?.aborted) control.stopTraining = true;
    },
  };
  const result = await train({ ...fitOptions, modelConfig, runId: trial.runId, callbacks: [pruningCallback(trial, TUNE_OBJECTIVE), stopOnAbort] });
  try {
    trial.setUserAttr(MODEL_URI_ATTR, result.modelUri);
    if (signal?.aborted) throw new TuneInterrupted(`Interrupted at epoch ${result.history.length} of trial ${trial.number}.`);
    if (result.pruned) {
      // The study records PRUNED without a message: the reason goes with the trial as a user attribute.
      const reason = `Pruned after epoch ${result.history.length}: its ${TUNE_OBJECTIVE} ${result.history.at(-1)?.metrics[TUNE_OBJECTIVE]} was worse than the pruner allows against the other trials at that epoch.`;
      trial.setUserAttr(PRUNED_REASON_ATTR, reason);
      throw new TrialPruned(reason);
    }
    const value = result.metrics.loss;
    if (value === undefined || !Number.isFinite(value)) throw new LabopsError("INVALID_STATE", `Training ended without a finite validation loss (${JSON.stringify(result.metrics)}).`);
    return value;
  } finally {
    result.model.dispose();
  }
}

/** A trial stopped because the job was interrupted. */
export class TuneInterrupted extends Error {
  override readonly name = "TuneInterrupted";
}

function interrupted(study: Study): LabopsError {
  const c = countStates(study.trials);
  return new LabopsError("INVALID_STATE", `Tuning of study '${study.studyName}' was interrupted: ${c.complete} complete, ${c.pruned} pruned, ${c.failed} failed trials are kept in run ${study.runId}.`);
}

export function countStates(trials: readonly FrozenTrial[]): TuneJobResult["counts"] {
  return {
    complete: trials.filter((t) => t.state === "COMPLETE").length,
    pruned: trials.filter((t) => t.state === "PRUNED").length,
    failed: trials.filter((t) => t.state === "FAIL").length,
  };
}

export function makeSampler(name: SamplerName, seed: number, constantLiar: boolean): Sampler {
  if (name === "tpe") return new TPESampler({ seed, constantLiar });
  if (name === "random") return new RandomSampler({ seed });
  if (name === "qmc") return new QMCSampler({ seed });
  throw invalidParameter(`Unknown sampler ${JSON.stringify(name)}; use one of ${SAMPLER_NAMES.join(", ")}.`);
}

export function makePruner(name: PrunerName, epochs: number): Pruner {
  if (name === "median") return new MedianPruner();
  if (name === "halving") return new SuccessiveHalvingPruner();
  if (name === "hyperband") return new HyperbandPruner({ minResource: 1, maxResource: epochs });
  if (name === "none") return new NopPruner();
  throw invalidParameter(`Unknown pruner ${JSON.stringify(name)}; use one of ${PRUNER_NAMES.join(", ")}.`);
}

// -- checks, before anything is written ---------------------------------------------------------------------------

async function planJob(options: TuneJobOptions): Promise<Plan> {
  if (!options || typeof options !== "object") throw invalidParameter("tuneJob needs options: {dataset | dataFile | data, target, model, trials}.");
  const model = options.model ?? "mlp";
  const space = resolveSpace(options.space, model);
  const int = (name: string, v: number | undefined, min: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) throw invalidParameter(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}.`);
    return v;
  };
  const trials = int("trials", options.trials, 1);
  const jobs = int("jobs", options.jobs, 1) ?? 1;
  const epochs = int("epochs", options.epochs, 1) ?? 30;
  const seed = int("seed", options.seed, 0) ?? 0;
  if (options.timeout !== undefined && !(typeof options.timeout === "number" && options.timeout > 0)) throw invalidParameter(`timeout must be a positive number of seconds, got ${JSON.stringify(options.timeout)}.`);
  if (trials === undefined && options.timeout === undefined) throw invalidParameter("Give trials, timeout or both, or tuning would never end.");
  if (options.validationFraction !== undefined && !(options.validationFraction > 0 && options.validationFraction < 1)) {
    throw invalidParameter(`validationFraction must be in (0, 1): the objective is the validation loss; got ${options.validationFraction}.`);
  }
  if (typeof options.sampler === "string" && !SAMPLER_NAMES.includes(options.sampler)) throw invalidParameter(`Unknown sampler ${JSON.stringify(options.sampler)}; use one of ${SAMPLER_NAMES.join(", ")}.`);
  if (typeof options.pruner === "string" && !PRUNER_NAMES.includes(options.pruner)) throw invalidParameter(`Unknown pruner ${JSON.stringify(options.pruner)}; use one of ${PRUNER_NAMES.join(", ")}.`);
  if (jobs > 1 && (typeof options.sampler === "object" || typeof options.pruner === "object")) {
    throw invalidParameter(`With jobs ${jobs}, give the sampler and pruner by name (${SAMPLER_NAMES.join("|")}, ${PRUNER_NAMES.join("|")}): each worker process makes its own.`);
  }
  if (options.register !== undefined) {
    const { validateModelName }: typeof import("../registry/registry-state") = require("../registry/registry-state");
    validateModelName(options.register);
  }
  const { source, label, table } = await loadSource(options);
  if (typeof options.target !== "string" || options.target === "") throw invalidParameter(`Name the target column (target), e.g. one of: ${table.names.join(", ")}.`);
  if (!table.columns[options.target]) throw invalidParameter(`No target column '${options.target}' in ${label}; its columns are: ${table.names.join(", ")}.`);
  for (const c of options.featureColumns ?? []) if (!table.columns[c]) throw invalidParameter(`No feature column '${c}' in ${label}; its columns are: ${table.names.join(", ")}.`);
  return { model, space, epochs, seed, jobs, trials, timeout: options.timeout, source, sourceLabel: label };
}

function resolveSpace(space: TuneJobOptions["space"], model: ModelKind): SearchSpace {
  if (space === undefined) return defaultSearchSpace(model);
  if (typeof space === "string") return loadSearchSpace(space, model);
  const s = space as SearchSpace;
  if (s && typeof s === "object" && (s.model === "mlp" || s.model === "linear") && typeof s.params === "object" && typeof s.fixed === "object") {
    if (s.model !== model) throw invalidParameter(`The search space is for a ${s.model} model, but the model is ${model}.`);
    return parseSearchSpace(searchSpaceToJson(s), model); // checked like a file
  }
  return parseSearchSpace(space, model);
}

/** The data, read once here to check the target before any run exists. */
async function loadSource(options: TuneJobOptions): Promise<{ source: Plan["source"]; label: string; table: ColumnTable }> {
  const given = (["dataset", "dataFile", "data"] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) throw invalidParameter(given.length ? `Pass one of ${given.join(", ")}, not several.` : "Name the rows to tune on: dataset (a shipped dataset), dataFile (a file) or data (rows in memory).");
  const data: typeof import("../data") = require("../data");
  if (options.dataset !== undefined) return { source: { dataset: options.dataset }, label: `dataset '${options.dataset}'`, table: await data.loadColumns(options.dataset) };
  if (options.dataFile !== undefined) return { source: { dataFile: options.dataFile }, label: `'${options.dataFile}'`, table: await data.readTable(options.dataFile) };
  const table = toColumnTable(options.data!);
  return { source: { data: table }, label: "the data", table };
}

function toColumnTable(data: TrainTable): ColumnTable {
  const d = data as unknown as Record<string, unknown>;
  if (Array.isArray(data)) return tableFromRecords(data as ReadonlyArray<Record<string, unknown>>);
  if (d && Array.isArray(d.names) && typeof d.rowCount === "number" && typeof d.columns === "object") return data as ColumnTable;
  if (d && Array.isArray(d.columns) && typeof d.column === "function") return fromDataFrame(data as import("danfojs-node").DataFrame);
  if (d && typeof d === "object") return tableFromArrays(data as Record<string, ArrayLike<unknown>>);
  throw invalidParameter(`data must be a column table, records, columns by name or a DataFrame; got ${typeof data}.`);
}

async function resolveExperiment(client: LabopsClient, name: string | undefined): Promise<string> {
  // The notebook's current experiment (%experiment) when tuning on the fluent store, as startRun would.
  if (name === undefined) return client === getClient() ? currentExperimentId() : "0";
  if (typeof name !== "string" || !name.trim()) throw invalidParameter(`experiment must be a non-empty name, got ${JSON.stringify(name)}.`);
  const found = await client.getExperimentByName(name);
  if (found?.lifecycleStage === "deleted") throw invalidParameter(`Experiment '${name}' is deleted; restore it or pick another name.`);
  if (found) return found.experimentId;
  try {
    return await client.createExperiment(name);
  } catch (e) {
    const theirs = await client.getExperimentByName(name); // another process created it at the same moment
    if (!theirs) throw e;
    return theirs.experimentId;
  }
}

/** A new study gets tags saying what it tunes; a continued one must tune the same model and target. */
async function checkOrTagStudy(client: LabopsClient, study: Study, plan: Plan, target: string): Promise<void> {
  const run = await client.getRun(study.runId);
  const tags = run.data.tags;
  if (tags[TUNE_JOB_TAGS.model] !== undefined) {
    if (tags[TUNE_JOB_TAGS.model] !== plan.model || tags[TUNE_JOB_TAGS.target] !== target) {
      throw invalidParameter(`Study '${study.studyName}' tunes a ${tags[TUNE_JOB_TAGS.model]} model of '${tags[TUNE_JOB_TAGS.target]}'; pick another study name for a ${plan.model} model of '${target}'.`);
    }
    return;
  }
  await client.logBatch(study.runId, {
    tags: [
      { key: TUNE_JOB_TAGS.model, value: plan.model },
      { key: TUNE_JOB_TAGS.target, value: target },
      { key: TUNE_JOB_TAGS.source, value: plan.sourceLabel },
      { key: TUNE_JOB_TAGS.space, value: JSON.stringify(searchSpaceToJson(plan.space)) },
      { key: TUNE_JOB_TAGS.objective, value: `minimize ${TUNE_OBJECTIVE}` },
    ],
  });
}

function workerJob(trackingUri: string, study: Study, experimentId: string, plan: Plan, options: TuneJobOptions, sampler: SamplerName, pruner: PrunerName, workerIndex: number, trials: number | undefined): WorkerJob {
  const { data, ...named } = plan.source;
  return {
    trackingUri,
    studyName: study.studyName,
    experimentId,
    source: data ? { table: data as ColumnTable } : named,
    target: options.target,
    model: plan.model,
    space: searchSpaceToJson(plan.space),
    sampler,
    pruner,
    epochs: plan.epochs,
    seed: plan.seed,
    workerIndex,
    trials,
    timeout: plan.timeout,
    featureColumns: options.featureColumns,
    validationFraction: options.validationFraction,
    heartbeatInterval: options.heartbeatInterval ?? HEARTBEAT_SECONDS,
    constantLiar: true,
  };
}
