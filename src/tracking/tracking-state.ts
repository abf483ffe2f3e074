// Local-store semantics in one place: the in-memory state of experiments and runs, changed only by TrackingOps.
// Both the memory store and the file store apply ops here, so MLflow's rules are written once.

import {
  compareMetricPoints,
  DEFAULT_EXPERIMENT_ID,
  type Experiment,
  type Metric,
  type Run,
} from "../entities";
import { alreadyExists, invalidParameter, notFound } from "../core/errors";
import { SYSTEM_TAGS } from "./system-tags";
import type { TrackingOp } from "./tracking-ops";

/** The serialisable content of a state, as written to a snapshot. */
export interface TrackingStateData {
  experiments: Experiment[];
  runs: Run[];
  /** Per run, the committed length of its metric log (see the logBatch op); absent in older snapshots. */
  historyEnds?: Record<string, number>;
}

export class TrackingState {
  readonly experiments = new Map<string, Experiment>();
  readonly runs = new Map<string, Run>();
  private readonly historyEnds = new Map<string, number>();

  static fromData(data: TrackingStateData): TrackingState {
    const state = new TrackingState();
    for (const e of data.experiments) state.experiments.set(e.experimentId, e);
    for (const r of data.runs) state.runs.set(r.info.runId, r);
    for (const [id, end] of Object.entries(data.historyEnds ?? {})) state.historyEnds.set(id, end);
    return state;
  }

  toData(): TrackingStateData {
    return { experiments: [...this.experiments.values()], runs: [...this.runs.values()], historyEnds: Object.fromEntries(this.historyEnds) };
  }

  /** The committed length of a run's metric log; undefined for runs from stores older than this record. */
  historyEnd(runId: string): number | undefined {
    return this.historyEnds.get(runId);
  }

  /** Throws, as `apply` would, when a logBatch op is invalid; lets a store check before it writes history. */
  checkLogBatch(op: Extract<TrackingOp, { op: "logBatch" }>): Run {
    const r = this.activeRun(op.id);
    this.checkParams(r, op.params);
    return r;
  }

  experiment(id: string): Experiment {
    const e = this.experiments.get(id);
    if (!e) throw notFound(`No experiment with id=${id} exists. List experiments with 'labops experiments list'.`);
    return e;
  }

  run(id: string): Run {
    const r = this.runs.get(id);
    if (!r) throw notFound(`Run with id=${id} not found. List runs with 'labops runs list'.`);
    return r;
  }

  /** Prefers an active experiment over a deleted one of the same name, as MLflow does. */
  experimentByName(name: string): Experiment | null {
    let found: Experiment | null = null;
    for (const e of this.experiments.values()) {
      if (e.name !== name) continue;
      if (e.lifecycleStage === "active") return e;
      found = e;
    }
    return found;
  }

  nextExperimentId(): string {
    let max = -1;
    for (const id of this.experiments.keys()) {
      const n = Number(id);
      if (Number.isInteger(n) && n > max) max = n;
    }
    return String(max + 1);
  }

  hasDefaultExperiment(): boolean {
    return this.experiments.has(DEFAULT_EXPERIMENT_ID);
  }

  /** Checks an op against the current state and applies it; throws and changes nothing when it is invalid. */
  apply(op: TrackingOp): void {
    switch (op.op) {
      case "createExperiment": {
        if (this.experiments.has(op.id)) throw alreadyExists(`Experiment id ${op.id} already exists.`);
        if (this.experimentByName(op.name)) {
          throw alreadyExists(
            `Experiment(name=${op.name}) already exists (deleted experiments keep their names; restore it or choose another name).`,
          );
        }
        const tags: Record<string, string> = {};
        for (const t of op.tags) tags[t.key] = t.value;
        this.experiments.set(op.id, {
          experimentId: op.id,
          name: op.name,
          artifactLocation: op.artifactLocation,
          lifecycleStage: "active",
          creationTime: op.time,
          lastUpdateTime: op.time,
          tags,
        });
        return;
      }
      case "renameExperiment": {
        const e = this.activeExperiment(op.id);
        const other = this.experimentByName(op.name);
        if (other && other.experimentId !== op.id) throw alreadyExists(`Experiment(name=${op.name}) already exists.`);
        e.name = op.name;
        e.lastUpdateTime = op.time;
        return;
      }
      case "setExperimentStage": {
        const e = this.experiment(op.id);
        if (op.id === DEFAULT_EXPERIMENT_ID && op.stage === "deleted") {
          throw invalidParameter("The Default experiment (id 0) cannot be deleted.");
        }
        if (e.lifecycleStage === op.stage) {
          throw invalidParameter(`Experiment ${op.id} is already ${op.stage}.`);
        }
        e.lifecycleStage = op.stage;
        e.lastUpdateTime = op.time;
        // As in MLflow's SQL store, the runs follow their experiment.
        for (const r of this.runs.values()) if (r.info.experimentId === op.id) r.info.lifecycleStage = op.stage;
        return;
      }
      case "setExperimentTag": {
        const e = this.activeExperiment(op.id);
        e.tags[op.key] = op.value;
        e.lastUpdateTime = op.time;
        return;
      }
      case "deleteExperimentTag": {
        const e = this.activeExperiment(op.id);
        if (!(op.key in e.tags)) throw notFound(`No tag with key '${op.key}' on experiment ${op.id}.`);
        delete e.tags[op.key];
        e.lastUpdateTime = op.time;
        return;
      }
      case "createRun": {
        this.activeExperiment(op.info.experimentId);
        if (this.runs.has(op.info.runId)) throw alreadyExists(`Run ${op.info.runId} already exists.`);
        const tags: Record<string, string> = {};
        for (const t of op.tags) tags[t.key] = t.value;
        this.runs.set(op.info.runId, {
          info: { ...op.info },
          data: { metrics: {}, latestMetrics: {}, params: {}, tags },
        });
        this.historyEnds.set(op.info.runId, 0);
        return;
      }
      case "updateRun": {
        const r = this.activeRun(op.id);
        if (op.status !== undefined) r.info.status = op.status;
        if (op.endTime !== undefined) r.info.endTime = op.endTime;
        if (op.runName !== undefined) {
          r.info.runName = op.runName;
          r.data.tags[SYSTEM_TAGS.runName] = op.runName;
        }
        return;
      }
      case "setRunStage": {
        const r = this.run(op.id);
        if (op.stage === "active" && this.experiment(r.info.experimentId).lifecycleStage === "deleted") {
          throw invalidParameter(`Run ${op.id} cannot be restored while its experiment ${r.info.experimentId} is deleted.`);
        }
        r.info.lifecycleStage = op.stage;
        return;
      }
      case "logBatch": {
        const r = this.checkLogBatch(op);
        if (op.historyEnd !== undefined) this.historyEnds.set(op.id, op.historyEnd);
        for (const p of op.params) r.data.params[p.key] = p.value;
        for (const t of op.tags) {
          r.data.tags[t.key] = t.value;
          if (t.key === SYSTEM_TAGS.runName) r.info.runName = t.value;
        }
        for (const m of op.metrics) {
          const prev = r.data.latestMetrics[m.key];
          if (!prev || compareMetricPoints(m, prev) > 0) {
            r.data.latestMetrics[m.key] = { key: m.key, value: m.value, step: m.step, timestamp: m.timestamp };
            r.data.metrics[m.key] = m.value;
          }
        }
        return;
      }
      case "deleteTag": {
        const r = this.activeRun(op.id);
        if (!(op.key in r.data.tags)) throw notFound(`No tag with key '${op.key}' on run ${op.id}.`);
        delete r.data.tags[op.key];
        return;
      }
    }
  }

  private activeExperiment(id: string): Experiment {
    const e = this.experiment(id);
    if (e.lifecycleStage !== "active") {
      throw invalidParameter(`The experiment ${id} must be in the 'active' state. Current state is deleted; restore it first.`);
    }
    return e;
  }

  private activeRun(id: string): Run {
    const r = this.run(id);
    if (r.info.lifecycleStage !== "active") {
      throw invalidParameter(`The run ${id} must be in the 'active' state. Current state is deleted; restore it first.`);
    }
    return r;
  }

  /** MLflow's rule: a param is written once; the same value again is a no-op, another value an error. */
  private checkParams(run: Run, params: { key: string; value: string }[]): void {
    const seen = new Map<string, string>();
    for (const p of params) {
      const inBatch = seen.get(p.key);
      if (inBatch !== undefined && inBatch !== p.value) {
        throw invalidParameter(`Duplicate parameter key '${p.key}' with different values in one batch.`);
      }
      seen.set(p.key, p.value);
      const old = run.data.params[p.key];
      if (old !== undefined && old !== p.value) {
        throw invalidParameter(
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' ` +
            `for run ID='${run.info.runId}'. Attempted logging new value '${p.value}'.`,
        );
      }
    }
  }
}

/** Reduces a batch of points to the latest point per key, the summary the state keeps. */
export function latestPerKey(metrics: Metric[]): Metric[] {
  const latest = new Map<string, Metric>();
  for (const m of metrics) {
    const prev = latest.get(m.key);
    if (!prev || compareMetricPoints(m, prev) > 0) latest.set(m.key, m);
  }
  return [...latest.values()];
}
