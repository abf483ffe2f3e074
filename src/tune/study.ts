// Study: createStudy / loadStudy, ask / tell, and optimize() as a loop over them (Optuna's Study).

import { invalidParameter, LabopsError } from "../core/errors";
import { LabopsClient } from "../tracking/client";
import { MemoryTrackingStore } from "../tracking/memory-store";
import type { Distribution, ParamValue } from "./distributions";
import { type FrozenTrial, isFeasible, type StudyDirection, type StudyView, type TrialState } from "./frozen-trial";
import type { Pruner } from "./pruners/base-pruner";
import { MedianPruner } from "./pruners/percentile-pruner";
import type { Sampler } from "./samplers/base-sampler";
import { dominates } from "./samplers/multi-objective";
import { NSGAIISampler } from "./samplers/nsga2-sampler";
import { TPESampler } from "./samplers/tpe-sampler";
import { checkStudyName, freeze, type StudyRecord, StudyStorage, type TrialRecord } from "./study-storage";
import { Trial } from "./trial";
import { isTrialPruned } from "./trial-pruned";

export type ConstraintsFunc = (trial: FrozenTrial) => number[];
export type Objective = (trial: Trial) => number | number[] | Promise<number | number[]>;
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

export interface CreateStudyOptions {
  /** Default: a generated unique name. */
  studyName?: string;
  /** Default "minimize". */
  direction?: StudyDirection;
  /** For multi-objective studies; excludes `direction`. */
  directions?: StudyDirection[];
  /** Default: TPESampler for one objective, NSGAIISampler for several (Optuna 4.x). */
  sampler?: Sampler;
  /** Default: MedianPruner. */
  pruner?: Pruner;
  /** A tracking URI or client. Default: an in-memory store of this process. */
  storage?: string | LabopsClient;
  /** Experiment that holds the study run. Default "0" (Default). */
  experimentId?: string;
  /** Load the study when one of that name exists instead of failing. */
  loadIfExists?: boolean;
  /** Constraint values per COMPLETE trial; <= 0 is feasible. Used by TPE, NSGA-II and bestTrial. */
  constraintsFunc?: ConstraintsFunc;
  /** Seconds between heartbeats of running trials. Default 60 on a given storage, none in memory. */
  heartbeatInterval?: number | null;
  /** Seconds without heartbeat before a RUNNING trial is marked FAIL by another worker. Default 2 intervals. */
  gracePeriod?: number | null;
}

export interface OptimizeOptions {
  /** Trials this call runs (all workers together). */
  nTrials?: number;
  /** Seconds after which no new trial starts. */
  timeout?: number;
  /** Objectives run concurrently in this process (async objectives). Default 1. */
  nJobs?: number;
  /** Called after each trial ends. */
  callbacks?: StudyCallback[];
  /** Error classes that FAIL a trial and continue; any other error FAILs it and ends optimize by throwing. */
  catch?: (new (...args: never[]) => Error)[];
}

export interface TellOptions {
  state?: "COMPLETE" | "PRUNED" | "FAIL";
  /** Why the trial failed (stored on its run). */
  failReason?: string;
}

export class Study implements StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly constraintsFunc: ConstraintsFunc | null;
  /** @internal */
  readonly storage: StudyStorage;
  /** @internal */
  readonly record: StudyRecord;
  private snapshot: TrialRecord[] = [];
  private stopRequested = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly running = new Set<TrialRecord>();
  private readonly frozenCache = new WeakMap<TrialRecord, FrozenTrial>();

  /** @internal Use createStudy or loadStudy. */
  constructor(record: StudyRecord, storage: StudyStorage, sampler: Sampler, pruner: Pruner, constraintsFunc: ConstraintsFunc | null) {
    this.record = record;
    this.studyName = record.studyName;
    this.directions = [...record.directions];
    this.storage = storage;
    this.sampler = sampler;
    this.pruner = pruner;
    this.constraintsFunc = constraintsFunc;
  }

  /** The study's parent run in the tracking store. */
  get runId(): string {
    return this.record.runId;
  }

  get direction(): StudyDirection {
    if (this.directions.length !== 1) throw invalidParameter("This study has several objectives: read study.directions.");
    return this.directions[0];
  }

  /** All trials as last read, in number order. */
  get trials(): FrozenTrial[] {
    return this.getTrials();
  }

  getTrials(states?: readonly TrialState[]): FrozenTrial[] {
    const list = states ? this.snapshot.filter((t) => states.includes(t.state)) : this.snapshot;
    return list.map((t) => this.frozen(t));
  }

  /** Finished trials never change again, so their snapshots are made once. */
  private frozen(t: TrialRecord): FrozenTrial {
    if (t.state === "RUNNING" || t.state === "WAITING") return freeze(t);
    let f = this.frozenCache.get(t);
    if (!f || f.state !== t.state) this.frozenCache.set(t, (f = freeze(t)));
    return f;
  }

  /** Re-reads the trials from the store (other processes may have added some). */
  async refresh(): Promise<FrozenTrial[]> {
    this.snapshot = await this.storage.trialsOf(this.record, true);
    return this.trials;
  }

  /** The best COMPLETE (and feasible, when there are constraints) trial of a single-objective study. */
  get bestTrial(): FrozenTrial {
    if (this.directions.length !== 1) throw invalidParameter("bestTrial is for single-objective studies; use bestTrials for the Pareto front.");
    const sign = this.directions[0] === "maximize" ? -1 : 1;
    let best: FrozenTrial | null = null;
    for (const t of this.getTrials(["COMPLETE"])) {
      if (!t.values || (this.constraintsFunc && !isFeasible(t))) continue;
      if (best === null || sign * t.values[0] < sign * best.values![0]) best = t;
    }
    if (best === null) throw new LabopsError("INVALID_STATE", `Study '${this.studyName}' has no ${this.constraintsFunc ? "feasible " : ""}COMPLETE trial yet.`);
    return best;
  }

  get bestValue(): number {
    return this.bestTrial.values![0];
  }

  get bestParams(): Record<string, ParamValue> {
    return { ...this.bestTrial.params };
  }

  /** The Pareto-optimal COMPLETE (feasible) trials. */
  get bestTrials(): FrozenTrial[] {
    const done = this.getTrials(["COMPLETE"]).filter((t) => t.values && (!this.constraintsFunc || isFeasible(t)));
    const signs = this.directions.map((d) => (d === "maximize" ? -1 : 1));
    const v = (t: FrozenTrial) => t.values!.map((x, i) => x * signs[i]);
    return done.filter((a) => !done.some((b) => b !== a && dominates(v(b), v(a))));
  }

  /** Stops optimize() after the running trials end. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Queues a trial with fixed (possibly partial) params; the next ask() takes it. */
  async enqueueTrial(params: Record<string, ParamValue>, options: { userAttrs?: Record<string, unknown>; skipIfExists?: boolean } = {}): Promise<void> {
    if (typeof params !== "object" || params === null || Array.isArray(params)) throw invalidParameter(`enqueueTrial needs an object of params, got ${JSON.stringify(params)}.`);
    if (options.skipIfExists) {
      await this.refresh();
      const same = (t: TrialRecord) => {
        const p = t.state === "WAITING" ? t.fixedParams ?? {} : t.params;
        return Object.keys(params).every((k) => p[k] === params[k]);
      };
      if (this.snapshot.some(same)) return;
    }
    await this.storage.createTrial(this.record, "WAITING", { params, userAttrs: options.userAttrs });
    this.snapshot = await this.storage.trialsOf(this.record, false);
  }

  /** Starts a trial: an enqueued one if any, else a new one. `fixedDistributions` are suggested at once. */
  async ask(fixedDistributions: Record<string, Distribution> = {}): Promise<Trial> {
    let record: TrialRecord | null = null;
    this.snapshot = await this.storage.trialsOf(this.record, true);
    for (const t of this.snapshot) {
      if (t.state === "WAITING" && (await this.storage.claimWaiting(t))) {
        record = t;
        break;
      }
    }
    if (record === null) record = await this.storage.createTrial(this.record, "RUNNING");
    this.snapshot = await this.storage.trialsOf(this.record, false);
    this.running.add(record);
    this.startHeartbeat();
    const frozen = freeze(record);
    this.sampler.beforeTrial?.(this, frozen);
    const space = this.sampler.inferRelativeSearchSpace(this, frozen);
    const relative = Object.keys(space).length > 0 ? this.sampler.sampleRelative(this, frozen, space) : {};
    const trial = new Trial(this, record, space, relative);
    for (const [name, d] of Object.entries(fixedDistributions)) {
      if (d.kind === "categorical") trial.suggestCategorical(name, d.choices);
      else if (d.kind === "int") trial.suggestInt(name, d.low, d.high, { log: d.log, step: d.step });
      else trial.suggestFloat(name, d.low, d.high, { log: d.log, step: d.step });
    }
    return trial;
  }

  /**
   * Ends a trial. A number or array of numbers COMPLETEs it; NaN, a wrong count or a non-number FAILs it with
   * the reason (Optuna's rule). Returns the finished trial.
   */
  async tell(trialOrNumber: Trial | number, values?: number | number[] | null, options: TellOptions = {}): Promise<FrozenTrial> {
    const trial = typeof trialOrNumber === "number" ? null : trialOrNumber;
    const record = trial ? trial.record : this.storage.trialByNumber(trialOrNumber as number);
    if (record.state !== "RUNNING") {
      throw invalidParameter(`Trial ${record.number} is already ${record.state}; a trial can be told once.`);
    }
    try {
      if (trial) await trial.flush();
    } catch (e) {
      await this.finishTrial(record, "FAIL", null, `A store write of the trial failed: ${errorText(e)}`);
      throw e;
    }
    let state = options.state ?? "COMPLETE";
    let list: number[] | null = null;
    let reason = options.failReason ?? null;
    if (state === "COMPLETE") {
      const check = checkValues(values, this.directions.length);
      if (typeof check === "string") {
        state = "FAIL";
        reason = check;
      } else list = check;
    } else if (state === "PRUNED") {
      if (values !== undefined && values !== null) throw invalidParameter("tell with state PRUNED takes no values; the last reported value becomes its value.");
      // Optuna's rule: a pruned trial keeps its last intermediate value as its value (when it is a number).
      const steps = [...record.intermediateValues.keys()];
      if (steps.length > 0 && this.directions.length === 1) {
        const last = record.intermediateValues.get(Math.max(...steps))!;
        if (!Number.isNaN(last)) list = [last];
      }
    } else if (state !== "FAIL") {
      throw invalidParameter(`tell: state must be COMPLETE, PRUNED or FAIL, got ${JSON.stringify(state)}.`);
    }
    let constraints: number[] | null = null;
    if (state === "COMPLETE" && this.constraintsFunc) {
      constraints = checkConstraints(this.constraintsFunc({ ...freeze(record), state: "COMPLETE", values: list }));
    }
    return this.finishTrial(record, state, list, reason, constraints);
  }

  private async finishTrial(record: TrialRecord, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, reason: string | null, constraints: number[] | null = null): Promise<FrozenTrial> {
    this.running.delete(record);
    if (this.running.size === 0) this.stopHeartbeat();
    await this.storage.finish(record, state, values, { constraints, failReason: reason });
    this.snapshot = await this.storage.trialsOf(this.record, false);
    const frozen = freeze(record);
    this.sampler.afterTrial?.(this, frozen, state, values);
    return frozen;
  }

  /**
   * Runs `objective` for nTrials trials, until timeout, or until stop(). Trials whose objective throws a TrialPruned
   * end PRUNED; an error listed in `catch` FAILs its trial and optimisation goes on; any other error FAILs its
   * trial, lets the other running trials end, and is thrown.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    if (typeof objective !== "function") throw invalidParameter(`optimize needs an objective function, got ${typeof objective}.`);
    const nTrials = options.nTrials;
    if (nTrials !== undefined && (!Number.isInteger(nTrials) || nTrials < 0)) throw invalidParameter(`nTrials must be a non-negative integer, got ${nTrials}.`);
    const timeout = options.timeout;
    if (timeout !== undefined && !(timeout > 0)) throw invalidParameter(`timeout must be a positive number of seconds, got ${timeout}.`);
    const nJobs = options.nJobs ?? 1;
    if (!Number.isInteger(nJobs) || nJobs < 1) throw invalidParameter(`nJobs must be a positive integer, got ${nJobs}.`);
    if (nTrials === undefined && timeout === undefined && !(this.sampler as { isExhausted?: unknown }).isExhausted) {
      throw invalidParameter("optimize needs nTrials or timeout, or it would never end.");
    }
    const deadline = timeout === undefined ? Infinity : Date.now() + timeout * 1000;
    const catches = options.catch ?? [];
    let started = 0;
    let failure: { error: unknown } | null = null;
    this.stopRequested = false;
    const exhausted = () => (this.sampler as { isExhausted?: (s: StudyView) => boolean }).isExhausted?.(this) ?? false;

    const worker = async (): Promise<void> => {
      for (;;) {
        if (failure || this.stopRequested || Date.now() >= deadline) return;
        if (nTrials !== undefined && started >= nTrials) return;
        if (exhausted()) return;
        started++;
        const trial = await this.ask();
        let outcome: number | number[] | undefined;
        let error: unknown = null;
        try {
          outcome = await objective(trial);
        } catch (e) {
          error = e;
        }
        let frozen: FrozenTrial;
        if (error === null) {
          frozen = await this.tell(trial, outcome as number | number[]);
        } else if (isTrialPruned(error)) {
          frozen = await this.tell(trial, null, { state: "PRUNED" });
        } else {
          frozen = await this.tell(trial, null, { state: "FAIL", failReason: errorText(error) });
          if (!catches.some((c) => error instanceof c)) failure ??= { error };
        }
        for (const cb of options.callbacks ?? []) await cb(this, frozen);
      }
    };
    await Promise.all(Array.from({ length: nJobs }, () => worker()));
    if (failure) throw (failure as { error: unknown }).error;
  }

  private startHeartbeat(): void {
    const interval = this.storage.options.heartbeatInterval;
    if (interval === null || this.heartbeatTimer) return;
    this.heartbeatTimer = setInterval(() => {
      for (const r of this.running) this.storage.heartbeat(r).catch(() => undefined);
    }, interval * 1000);
    // A heartbeat must not keep a finished script alive.
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}

/** The values list, or the reason the trial FAILs. */
function checkValues(values: unknown, n: number): number[] | string {
  const list = Array.isArray(values) ? values : [values];
  if (list.length !== n) return `The objective returned ${list.length} value(s) (${JSON.stringify(values)}) for a study with ${n} direction(s).`;
  for (const v of list) {
    if (typeof v !== "number") return `The objective returned ${JSON.stringify(v)} (${typeof v}), not a number.`;
    if (Number.isNaN(v)) return "The objective returned NaN.";
  }
  return list as number[];
}

function checkConstraints(c: unknown): number[] {
  if (!Array.isArray(c) || c.some((x) => typeof x !== "number" || Number.isNaN(x))) {
    throw invalidParameter(`constraintsFunc must return an array of numbers, got ${JSON.stringify(c)}.`);
  }
  return c;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function checkDirections(options: CreateStudyOptions): StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) throw invalidParameter("Give direction or directions, not both.");
  const list = options.directions ?? [options.direction ?? "minimize"];
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter(`directions must be a non-empty array, got ${JSON.stringify(options.directions)}.`);
  for (const d of list) if (d !== "minimize" && d !== "maximize") throw invalidParameter(`A direction is 'minimize' or 'maximize', got ${JSON.stringify(d)}.`);
  return [...list];
}

function openStorage(options: CreateStudyOptions): StudyStorage {
  const owned = options.storage === undefined;
  const client = owned ? new LabopsClient(new MemoryTrackingStore()) : typeof options.storage === "string" ? new LabopsClient(options.storage) : options.storage!;
  if (!owned && !(client instanceof LabopsClient)) throw invalidParameter("storage must be a tracking URI or a LabopsClient.");
  const heartbeatInterval = options.heartbeatInterval !== undefined ? options.heartbeatInterval : owned ? null : 60;
  if (heartbeatInterval !== null && !(heartbeatInterval > 0)) throw invalidParameter(`heartbeatInterval must be > 0 seconds or null, got ${heartbeatInterval}.`);
  return new StudyStorage(client, { shared: !owned, heartbeatInterval, gracePeriod: options.gracePeriod ?? null });
}

/** Creates a study (a parent run in the tracking store), or loads it with loadIfExists. */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = checkDirections(options);
  const studyName = options.studyName === undefined ? `study-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` : checkStudyName(options.studyName);
  const experimentId = options.experimentId ?? "0";
  const storage = openStorage(options);
  let record = await storage.findStudy(studyName, experimentId);
  if (record && !options.loadIfExists) {
    throw new LabopsError("RESOURCE_ALREADY_EXISTS", `A study named '${studyName}' already exists (run ${record.runId}); pass loadIfExists: true or use loadStudy.`);
  }
  if (record && JSON.stringify(record.directions) !== JSON.stringify(directions)) {
    throw invalidParameter(`Study '${studyName}' exists with directions ${JSON.stringify(record.directions)}, not ${JSON.stringify(directions)}.`);
  }
  if (!record) {
    const mine = await storage.createStudy(studyName, experimentId, directions);
    // Another process may have created the same study at the same moment: the oldest run wins for everyone.
    record = (await storage.findStudy(studyName, experimentId)) ?? mine;
    if (record.runId !== mine.runId) {
      await storage.client.deleteRun(mine.runId).catch(() => undefined);
      if (!options.loadIfExists) throw new LabopsError("RESOURCE_ALREADY_EXISTS", `A study named '${studyName}' was created at the same time by another process; pass loadIfExists: true.`);
    }
  }
  return makeStudy(record, storage, options, directions);
}

/** Loads an existing study by name. */
export async function loadStudy(options: Omit<CreateStudyOptions, "direction" | "directions" | "loadIfExists"> & { studyName: string; storage: string | LabopsClient }): Promise<Study> {
  const studyName = checkStudyName(options.studyName);
  const storage = openStorage(options);
  const record = await storage.findStudy(studyName, options.experimentId ?? "0");
  if (!record) throw new LabopsError("RESOURCE_DOES_NOT_EXIST", `No study named '${studyName}' in experiment ${options.experimentId ?? "0"} of ${storage.client.trackingUri}.`);
  return makeStudy(record, storage, options, record.directions);
}

async function makeStudy(record: StudyRecord, storage: StudyStorage, options: CreateStudyOptions, directions: StudyDirection[]): Promise<Study> {
  const sampler = options.sampler ?? (directions.length === 1 ? new TPESampler() : new NSGAIISampler());
  const pruner = options.pruner ?? new MedianPruner();
  const study = new Study(record, storage, sampler, pruner, options.constraintsFunc ?? null);
  await study.refresh();
  return study;
}

