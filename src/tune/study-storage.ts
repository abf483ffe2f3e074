// Studies on the tracking store, through LabopsClient only: a study is a parent run, each trial a child run
// (mlflow.parentRunId) with params, a state tag, values as metrics and intermediate values as metric history.
//
// Trial numbers are claimed with a compare-and-set on the study run's params: params are write-once (another
// value for the same key is refused under the store's lock), so `labops.tune.trial.<n> = <trial run id>`
// succeeds for exactly one trial run whatever the number of processes. The study run's params are therefore
// the authoritative number -> run map; the child's trialNumber tag is a copy for people and MLflow's UI.

import { randomUUID } from "node:crypto";
import { invalidParameter, isLabopsError, LabopsError, notFound } from "../core/errors";
import type { Metric, Run, RunStatus, RunTag } from "../entities";
import type { LabopsClient } from "../tracking/client";
import { SYSTEM_TAGS } from "../tracking/system-tags";
import { distributionFromJson, type Distribution, type ParamValue, toExternal } from "./distributions";
import type { FrozenTrial, StudyDirection, TrialState } from "./frozen-trial";

export const TUNE_TAGS = {
  study: "labops.tune.study",
  directions: "labops.tune.directions",
  trialNumber: "labops.tune.trialNumber",
  state: "labops.tune.state",
  distributions: "labops.tune.distributions",
  internalParams: "labops.tune.internalParams",
  fixedParams: "labops.tune.fixedParams",
  userAttrPrefix: "labops.tune.userAttr.",
  constraints: "labops.tune.constraints",
  failReason: "labops.tune.failReason",
  heartbeat: "labops.tune.heartbeat",
} as const;

/** Param keys on the study run that claim trial numbers; one on a WAITING trial's run that claims it. */
export const CLAIM_PREFIX = "labops.tune.trial.";
export const WAITING_CLAIM = "labops.tune.claim";
export const INTERMEDIATE_METRIC = "intermediate_value";

const RUN_STATUS: Record<TrialState, RunStatus> = {
  RUNNING: "RUNNING",
  WAITING: "SCHEDULED",
  COMPLETE: "FINISHED",
  PRUNED: "KILLED",
  FAIL: "FAILED",
};

export function valueMetricKeys(nObjectives: number): string[] {
  return nObjectives === 1 ? ["value"] : Array.from({ length: nObjectives }, (_, i) => `value_${i}`);
}

export interface StudyRecord {
  studyName: string;
  runId: string;
  experimentId: string;
  directions: StudyDirection[];
}

/** A trial as this process holds it; frozen copies go to plug-ins. */
export interface TrialRecord {
  number: number;
  runId: string;
  state: TrialState;
  values: number[] | null;
  params: Record<string, ParamValue>;
  internalParams: Record<string, number>;
  distributions: Record<string, Distribution>;
  intermediateValues: Map<number, number>;
  userAttrs: Record<string, unknown>;
  constraints: number[] | null;
  failReason: string | null;
  fixedParams: Record<string, ParamValue> | null;
  datetimeStart: number | null;
  datetimeComplete: number | null;
  heartbeat: number | null;
}

export function freeze(t: TrialRecord): FrozenTrial {
  return {
    number: t.number,
    state: t.state,
    values: t.values ? [...t.values] : null,
    params: { ...t.params },
    distributions: { ...t.distributions },
    intermediateValues: new Map(t.intermediateValues),
    userAttrs: { ...t.userAttrs },
    constraints: t.constraints ? [...t.constraints] : null,
    failReason: t.failReason,
    datetimeStart: t.datetimeStart,
    datetimeComplete: t.datetimeComplete,
    runId: t.runId,
  };
}

export interface StudyStorageOptions {
  /** Other processes or Study objects may write the same study: re-read the store before each ask. */
  shared: boolean;
  /** Seconds between heartbeats of a running trial; null: no heartbeat, no stale-trial detection. */
  heartbeatInterval: number | null;
  /** Seconds without a heartbeat after which another worker marks a RUNNING trial FAIL; default 2 intervals. */
  gracePeriod: number | null;
}

export class StudyStorage {
  readonly client: LabopsClient;
  readonly options: StudyStorageOptions;
  private readonly trials = new Map<string, TrialRecord>();
  /** Trials this process runs: their heartbeats are ours, so they are never taken for stale. */
  private readonly own = new Set<string>();
  private claimed = new Map<number, string>();
  /** The trials in number order; null when it must be rebuilt. */
  private ordered: TrialRecord[] | null = [];

  constructor(client: LabopsClient, options: StudyStorageOptions) {
    this.client = client;
    this.options = options;
  }

  // -- studies ------------------------------------------------------------------------------------------------

  async findStudy(studyName: string, experimentId: string): Promise<StudyRecord | null> {
    const page = await this.client.searchRuns([experimentId], {
      filterString: `tags.\`${TUNE_TAGS.study}\` = '${studyName.replace(/'/g, "\\'")}'`,
      orderBy: ["attributes.start_time ASC"],
      maxResults: 1000,
    });
    // Two processes creating the same study at once: the oldest run wins, deterministically for both.
    const runs = page.runs.filter((r) => r.data.tags[SYSTEM_TAGS.parentRunId] === undefined);
    runs.sort((a, b) => a.info.startTime - b.info.startTime || a.info.runId.localeCompare(b.info.runId));
    if (runs.length === 0) return null;
    const run = runs[0];
    return { studyName, runId: run.info.runId, experimentId, directions: JSON.parse(run.data.tags[TUNE_TAGS.directions]) };
  }

  async createStudy(studyName: string, experimentId: string, directions: StudyDirection[]): Promise<StudyRecord> {
    const run = await this.client.createRun(experimentId, {
      runName: studyName,
      tags: { [TUNE_TAGS.study]: studyName, [TUNE_TAGS.directions]: JSON.stringify(directions) },
    });
    return { studyName, runId: run.info.runId, experimentId, directions };
  }

  // -- trials -------------------------------------------------------------------------------------------------

  /** Creates a trial run and claims the next free trial number for it. */
  async createTrial(study: StudyRecord, state: "RUNNING" | "WAITING", fixed: { params?: Record<string, ParamValue>; userAttrs?: Record<string, unknown> } = {}): Promise<TrialRecord> {
    const now = Date.now();
    const tags: Record<string, string> = {
      [SYSTEM_TAGS.parentRunId]: study.runId,
      [TUNE_TAGS.state]: state,
    };
    if (fixed.params) tags[TUNE_TAGS.fixedParams] = JSON.stringify(fixed.params);
    for (const [k, v] of Object.entries(fixed.userAttrs ?? {})) tags[TUNE_TAGS.userAttrPrefix + k] = JSON.stringify(v);
    if (state === "RUNNING" && this.options.heartbeatInterval !== null) tags[TUNE_TAGS.heartbeat] = String(now);
    const run = await this.client.createRun(study.experimentId, { startTime: now, tags });
    const runId = run.info.runId;
    if (state === "WAITING") await this.client.updateRun(runId, { status: "SCHEDULED" });
    const number = await this.claimNumber(study, runId);
    await this.client.updateRun(runId, { name: `trial-${number}` });
    await this.client.setTag(runId, TUNE_TAGS.trialNumber, String(number));
    const record: TrialRecord = {
      number,
      runId,
      state,
      values: null,
      params: {},
      internalParams: {},
      distributions: {},
      intermediateValues: new Map(),
      userAttrs: { ...(fixed.userAttrs ?? {}) },
      constraints: null,
      failReason: null,
      fixedParams: fixed.params ? { ...fixed.params } : null,
      datetimeStart: state === "RUNNING" ? now : null,
      datetimeComplete: null,
      heartbeat: state === "RUNNING" ? now : null,
    };
    this.remember(record);
    if (state === "RUNNING") this.own.add(runId);
    return record;
  }

  private async claimNumber(study: StudyRecord, runId: string): Promise<number> {
    let guess = this.nextFreeNumber();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.logParam(study.runId, CLAIM_PREFIX + guess, runId);
        this.claimed.set(guess, runId);
        return guess;
      } catch (e) {
        if (!isLabopsError(e, "INVALID_PARAMETER_VALUE") || attempt > 10_000) throw e;
        // Another trial got that number first: learn every claim made so far and try the next free one.
        await this.readClaims(study);
        guess = this.nextFreeNumber();
      }
    }
  }

  private nextFreeNumber(): number {
    let max = -1;
    for (const n of this.claimed.keys()) if (n > max) max = n;
    return max + 1;
  }

  private async readClaims(study: StudyRecord): Promise<void> {
    const parent = await this.client.getRun(study.runId);
    for (const [k, v] of Object.entries(parent.data.params)) {
      if (k.startsWith(CLAIM_PREFIX)) this.claimed.set(Number(k.slice(CLAIM_PREFIX.length)), v);
    }
  }

  /** Takes a WAITING trial for this process; false when another process took it first. */
  async claimWaiting(trial: TrialRecord): Promise<boolean> {
    try {
      await this.client.logParam(trial.runId, WAITING_CLAIM, randomUUID());
    } catch (e) {
      if (isLabopsError(e, "INVALID_PARAMETER_VALUE")) return false;
      throw e;
    }
    const now = Date.now();
    const tags: RunTag[] = [{ key: TUNE_TAGS.state, value: "RUNNING" }];
    if (this.options.heartbeatInterval !== null) tags.push({ key: TUNE_TAGS.heartbeat, value: String(now) });
    await this.client.logBatch(trial.runId, { tags });
    await this.client.updateRun(trial.runId, { status: "RUNNING" });
    trial.state = "RUNNING";
    trial.datetimeStart = now;
    trial.heartbeat = now;
    this.own.add(trial.runId);
    return true;
  }

  async setParam(trial: TrialRecord, name: string, distribution: Distribution, internal: number): Promise<void> {
    const external = toExternal(distribution, internal);
    trial.params[name] = external;
    trial.internalParams[name] = internal;
    trial.distributions[name] = distribution;
    await this.client.logBatch(trial.runId, {
      params: [{ key: name, value: typeof external === "string" ? external : JSON.stringify(external) }],
      tags: [
        { key: TUNE_TAGS.distributions, value: JSON.stringify(trial.distributions) },
        { key: TUNE_TAGS.internalParams, value: JSON.stringify(trial.internalParams) },
      ],
    });
  }

  /** Writes an intermediate value the trial already holds (trial.report sets it at once, for shouldPrune). */
  async report(trial: TrialRecord, step: number, value: number): Promise<void> {
    await this.client.logBatch(trial.runId, { metrics: [{ key: INTERMEDIATE_METRIC, value, step, timestamp: Date.now() }] });
  }

  async setUserAttr(trial: TrialRecord, key: string, value: unknown): Promise<void> {
    trial.userAttrs[key] = value;
    await this.client.setTag(trial.runId, TUNE_TAGS.userAttrPrefix + key, JSON.stringify(value));
  }

  async heartbeat(trial: TrialRecord): Promise<void> {
    trial.heartbeat = Date.now();
    await this.client.setTag(trial.runId, TUNE_TAGS.heartbeat, String(trial.heartbeat));
  }

  /** Ends a trial: state tag, values as metrics, run status and end time, in that order of importance. */
  async finish(trial: TrialRecord, state: "COMPLETE" | "PRUNED" | "FAIL", values: number[] | null, extra: { constraints?: number[] | null; failReason?: string | null } = {}): Promise<void> {
    if (this.options.shared && this.options.heartbeatInterval !== null) {
      // Another worker may have taken this trial for dead (a stalled heartbeat): its FAIL stands.
      const stored = await this.client.getRun(trial.runId);
      if (stored.data.tags[TUNE_TAGS.state] === "FAIL" && trial.state === "RUNNING") {
        trial.state = "FAIL";
        trial.failReason = stored.data.tags[TUNE_TAGS.failReason] ?? null;
        this.own.delete(trial.runId);
        throw new LabopsError("INVALID_STATE", `Trial ${trial.number} was marked FAIL by another worker (${trial.failReason ?? "no reason given"}); its result is not recorded.`);
      }
    }
    const end = Date.now();
    const metrics: Metric[] = [];
    if (values) valueMetricKeys(values.length).forEach((key, i) => metrics.push({ key, value: values[i], step: 0, timestamp: end }));
    const tags: RunTag[] = [{ key: TUNE_TAGS.state, value: state }];
    if (extra.constraints) tags.push({ key: TUNE_TAGS.constraints, value: JSON.stringify(extra.constraints) });
    if (extra.failReason) tags.push({ key: TUNE_TAGS.failReason, value: extra.failReason.slice(0, 7000) });
    await this.client.logBatch(trial.runId, { metrics, tags });
    await this.client.updateRun(trial.runId, { status: RUN_STATUS[state], endTime: end });
    trial.state = state;
    trial.values = values;
    trial.constraints = extra.constraints ?? null;
    trial.failReason = extra.failReason ?? null;
    trial.datetimeComplete = end;
    this.own.delete(trial.runId);
  }

  /** The study's trials in number order; re-read from the store when it is shared. */
  async trialsOf(study: StudyRecord, refresh: boolean): Promise<TrialRecord[]> {
    if (refresh && this.options.shared) await this.refresh(study);
    if (this.ordered === null) this.ordered = [...this.trials.values()].sort((a, b) => a.number - b.number);
    return this.ordered;
  }

  private remember(record: TrialRecord): void {
    const had = this.trials.has(record.runId);
    this.trials.set(record.runId, record);
    if (had || this.ordered === null) this.ordered = null;
    else if (this.ordered.length === 0 || this.ordered[this.ordered.length - 1].number < record.number) this.ordered.push(record);
    else this.ordered = null;
  }

  private async refresh(study: StudyRecord): Promise<void> {
    await this.readClaims(study);
    const numberOf = new Map<string, number>();
    for (const [n, runId] of this.claimed) numberOf.set(runId, n);
    let pageToken: string | undefined;
    const runs: Run[] = [];
    do {
      const page = await this.client.searchRuns([study.experimentId], {
        filterString: `tags.\`${SYSTEM_TAGS.parentRunId}\` = '${study.runId}'`,
        maxResults: 5000,
        pageToken,
      });
      runs.push(...page.runs);
      pageToken = page.nextPageToken;
    } while (pageToken);
    const now = Date.now();
    for (const run of runs) {
      const number = numberOf.get(run.info.runId);
      if (number === undefined) continue; // created, number not yet claimed
      const cached = this.trials.get(run.info.runId);
      // A finished trial never changes again, and a trial this process runs is known best here.
      if (cached && (cached.state === "COMPLETE" || cached.state === "PRUNED" || cached.state === "FAIL" || this.own.has(run.info.runId))) continue;
      const record = await this.parseTrial(run, number, study.directions.length);
      this.remember(record);
      if (record.state === "RUNNING" && this.isStale(record, now)) {
        const reason = `No heartbeat for ${((now - (record.heartbeat ?? 0)) / 1000).toFixed(1)} s (grace period ${this.gracePeriod()} s): its worker stopped.`;
        await this.finish(record, "FAIL", null, { failReason: reason });
      }
    }
  }

  private gracePeriod(): number {
    return this.options.gracePeriod ?? 2 * (this.options.heartbeatInterval ?? 0);
  }

  private isStale(t: TrialRecord, now: number): boolean {
    if (this.options.heartbeatInterval === null || this.own.has(t.runId) || t.heartbeat === null) return false;
    return now - t.heartbeat > this.gracePeriod() * 1000;
  }

  private async parseTrial(run: Run, number: number, nObjectives: number): Promise<TrialRecord> {
    const tags = run.data.tags;
    const state = (tags[TUNE_TAGS.state] ?? "RUNNING") as TrialState;
    const distributions: Record<string, Distribution> = {};
    for (const [name, json] of Object.entries(JSON.parse(tags[TUNE_TAGS.distributions] ?? "{}") as Record<string, unknown>)) {
      distributions[name] = distributionFromJson(name, json);
    }
    const internalParams = JSON.parse(tags[TUNE_TAGS.internalParams] ?? "{}") as Record<string, number>;
    const params: Record<string, ParamValue> = {};
    for (const [name, d] of Object.entries(distributions)) params[name] = toExternal(d, internalParams[name]);
    const userAttrs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tags)) if (k.startsWith(TUNE_TAGS.userAttrPrefix)) userAttrs[k.slice(TUNE_TAGS.userAttrPrefix.length)] = JSON.parse(v);
    const intermediateValues = new Map<number, number>();
    if (run.data.metrics[INTERMEDIATE_METRIC] !== undefined) {
      for (const m of await this.client.getMetricHistory(run.info.runId, INTERMEDIATE_METRIC)) intermediateValues.set(m.step, m.value);
    }
    const keys = valueMetricKeys(nObjectives);
    const values = (state === "COMPLETE" || state === "PRUNED") && keys.every((k) => run.data.metrics[k] !== undefined) ? keys.map((k) => run.data.metrics[k]) : null;
    return {
      number,
      runId: run.info.runId,
      state,
      values,
      params,
      internalParams,
      distributions,
      intermediateValues,
      userAttrs,
      constraints: tags[TUNE_TAGS.constraints] ? JSON.parse(tags[TUNE_TAGS.constraints]) : null,
      failReason: tags[TUNE_TAGS.failReason] ?? null,
      fixedParams: tags[TUNE_TAGS.fixedParams] ? JSON.parse(tags[TUNE_TAGS.fixedParams]) : null,
      datetimeStart: state === "WAITING" ? null : run.info.startTime,
      datetimeComplete: run.info.endTime ?? null,
      heartbeat: tags[TUNE_TAGS.heartbeat] ? Number(tags[TUNE_TAGS.heartbeat]) : null,
    };
  }

  /** A trial of this study by number, as last read. */
  trialByNumber(number: number): TrialRecord {
    for (const t of this.trials.values()) if (t.number === number) return t;
    throw notFound(`No trial number ${number} in this study; numbers run from 0 to ${this.trials.size - 1}.`);
  }
}

export function checkStudyName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw invalidParameter(`studyName must be a non-empty string, got ${JSON.stringify(name)}.`);
  return name;
}
