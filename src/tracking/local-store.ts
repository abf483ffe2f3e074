// The TrackingStore operations shared by every local backend, written once over a TrackingState.
// A backend supplies only how state is read and how one validated op is made durable.

import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  matchesViewType,
  type Experiment,
  type Metric,
  type Run,
  type RunInfo,
} from "../entities";
import { ContentStore } from "../artifacts/content-store";
import { invalidParameter } from "../core/errors";
import { randomRunName } from "./run-names";
import {
  compareExperimentsForOrder,
  compareRunsForOrder,
  experimentMatchesFilter,
  paginate,
  parseExperimentFilter,
  parseExperimentOrderBy,
  parseRunFilter,
  parseRunOrderBy,
  runMatchesFilter,
} from "./search";
import type {
  CreateExperimentRequest,
  CreateRunRequest,
  LogBatchRequest,
  Page,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
  UpdateRunRequest,
} from "./store";
import { SYSTEM_TAGS } from "./system-tags";
import type { TrackingOp } from "./tracking-ops";
import { latestPerKey, type TrackingState } from "./tracking-state";
import { validateExperimentName, validateId, validateMaxResults, validateRunName, validateRunStatus, validateTime } from "./validation";

const DEFAULT_MAX_EXPERIMENTS = 1000;
const DEFAULT_MAX_RUNS = 1000;

export abstract class LocalTrackingStore implements TrackingStore {
  /** Where artifact bytes are kept once each; run artifact trees hold hard links to them. */
  readonly contentStore: ContentStore;

  constructor(
    readonly uri: string,
    /** Folder under which experiments' artifacts live. */
    protected readonly artifactRoot: string,
    blobRoot: string = path.join(artifactRoot, ".blobs"),
  ) {
    this.contentStore = new ContentStore(blobRoot);
  }

  /** The current state, for reading only. */
  protected abstract readState(): TrackingState;

  /**
   * Builds one op from the freshest state, applies it (which validates it) and makes it durable, or throws.
   * Returns the state just after the write, so a write can answer without a read that could fail after it.
   */
  protected abstract commit(build: (state: TrackingState) => TrackingOp): TrackingState;

  /** A run's metric history as of `state` (points of batches not committed in it are not history). */
  protected abstract readHistory(state: TrackingState, runId: string): Metric[];

  abstract close(): Promise<void>;

  // -- experiments --------------------------------------------------------------------------------------------

  async createExperiment(request: CreateExperimentRequest): Promise<string> {
    const name = validateExperimentName(request.name);
    if (request.artifactLocation?.startsWith("runs:")) {
      throw invalidParameter(`Invalid artifact location '${request.artifactLocation}': it may not be a runs:/ URI.`);
    }
    let id = "";
    this.commit((state) => {
      id = state.nextExperimentId();
      return {
        op: "createExperiment",
        id,
        name,
        artifactLocation: request.artifactLocation ?? this.experimentArtifactLocation(id),
        tags: request.tags ?? [],
        time: Date.now(),
      };
    });
    return id;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return copyExperiment(this.readState().experiment(experimentId));
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const e = this.readState().experimentByName(name);
    return e ? copyExperiment(e) : null;
  }

  async searchExperiments(request: SearchExperimentsRequest): Promise<Page<Experiment>> {
    const clauses = parseExperimentFilter(request.filter);
    const order = parseExperimentOrderBy(request.orderBy);
    const maxResults = validateMaxResults(request.maxResults ?? DEFAULT_MAX_EXPERIMENTS);
    const viewType = request.viewType ?? "ACTIVE_ONLY";
    const found = [...this.readState().experiments.values()].filter(
      (e) => matchesViewType(e.lifecycleStage, viewType) && experimentMatchesFilter(e, clauses),
    );
    found.sort(compareExperimentsForOrder(order));
    const page = paginate(found, maxResults, request.pageToken);
    return { items: page.items.map(copyExperiment), nextPageToken: page.nextPageToken };
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    const name = validateExperimentName(newName);
    this.commit(() => ({ op: "renameExperiment", id: experimentId, name, time: Date.now() }));
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    this.commit(() => ({ op: "setExperimentStage", id: experimentId, stage: "deleted", time: Date.now() }));
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    this.commit(() => ({ op: "setExperimentStage", id: experimentId, stage: "active", time: Date.now() }));
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    this.commit(() => ({ op: "setExperimentTag", id: experimentId, key, value, time: Date.now() }));
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    this.commit(() => ({ op: "deleteExperimentTag", id: experimentId, key, time: Date.now() }));
  }

  // -- runs ---------------------------------------------------------------------------------------------------

  async createRun(request: CreateRunRequest): Promise<Run> {
    const tags = [...(request.tags ?? [])];
    const tagName = tags.find((t) => t.key === SYSTEM_TAGS.runName)?.value;
    if (request.runName !== undefined && tagName !== undefined && request.runName !== tagName) {
      throw invalidParameter(
        `Both runName '${request.runName}' and the '${SYSTEM_TAGS.runName}' tag '${tagName}' are given with different values; give one.`,
      );
    }
    // Checked here too, for callers of the store itself: one bad time would break sorting and listing for all.
    validateId("experiment", request.experimentId);
    validateTime("startTime", request.startTime);
    const runName = validateRunName(request.runName ?? tagName ?? randomRunName());
    if (tagName === undefined) tags.push({ key: SYSTEM_TAGS.runName, value: runName });
    const runId = randomUUID().replaceAll("-", "");
    const after = this.commit((state) => {
      const experiment = state.experiment(request.experimentId);
      const info: RunInfo = {
        runId,
        runName,
        experimentId: request.experimentId,
        userId: request.userId,
        status: "RUNNING",
        startTime: request.startTime,
        artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`,
        lifecycleStage: "active",
      };
      return { op: "createRun", info, tags };
    });
    return copyRun(after.run(runId));
  }

  async getRun(runId: string): Promise<Run> {
    return copyRun(this.readState().run(runId));
  }

  async updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    return this.updateRunSync(runId, request);
  }

  /** Synchronous updateRun, so runs can be ended from an `exit` or signal handler. */
  updateRunSync(runId: string, request: UpdateRunRequest): RunInfo {
    const status = request.status === undefined ? undefined : validateRunStatus(request.status);
    const endTime = request.endTime === undefined ? undefined : validateTime("endTime", request.endTime);
    const runName = request.runName === undefined ? undefined : validateRunName(request.runName);
    const after = this.commit(() => ({ op: "updateRun", id: runId, status, endTime, runName }));
    return { ...after.run(runId).info };
  }

  async deleteRun(runId: string): Promise<void> {
    this.commit(() => ({ op: "setRunStage", id: runId, stage: "deleted" }));
  }

  async restoreRun(runId: string): Promise<void> {
    this.commit(() => ({ op: "setRunStage", id: runId, stage: "active" }));
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const clauses = parseRunFilter(request.filter);
    const order = parseRunOrderBy(request.orderBy);
    const maxResults = validateMaxResults(request.maxResults ?? DEFAULT_MAX_RUNS);
    const viewType = request.runViewType ?? "ACTIVE_ONLY";
    const experimentIds = new Set(request.experimentIds);
    const found: Run[] = [];
    for (const run of this.readState().runs.values()) {
      if (
        experimentIds.has(run.info.experimentId) &&
        matchesViewType(run.info.lifecycleStage, viewType) &&
        runMatchesFilter(run, clauses)
      ) {
        found.push(run);
      }
    }
    found.sort(compareRunsForOrder(order));
    const page = paginate(found, maxResults, request.pageToken);
    return { items: page.items.map(copyRun), nextPageToken: page.nextPageToken };
  }

  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    this.logBatchSync(runId, batch);
  }

  /** Synchronous logBatch, so buffered metrics can be written from an `exit` handler. */
  logBatchSync(runId: string, batch: LogBatchRequest): void {
    const metrics = batch.metrics ?? [];
    this.commit((state) => {
      const op: TrackingOp & { op: "logBatch" } = {
        op: "logBatch",
        id: runId,
        metrics: latestPerKey(metrics),
        params: batch.params ?? [],
        tags: batch.tags ?? [],
      };
      if (metrics.length > 0) {
        // Write no history for a batch that will be refused (on a store not created yet, that is every batch).
        state.checkLogBatch(op);
        const end = this.appendHistory(state, runId, metrics);
        if (end !== undefined) op.historyEnd = end;
      }
      return op;
    });
  }

  /**
   * Under the commit's lock, before the batch's op is written: stores the points and returns where the run's
   * history ends with them (for the op to commit), or undefined for a store whose history needs no such mark.
   */
  protected abstract appendHistory(state: TrackingState, runId: string, metrics: Metric[]): number | undefined;

  async deleteTag(runId: string, key: string): Promise<void> {
    this.commit(() => ({ op: "deleteTag", id: runId, key }));
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const state = this.readState();
    state.run(runId);
    return this.readHistory(state, runId).filter((m) => m.key === key);
  }

  // -- helpers ------------------------------------------------------------------------------------------------

  protected experimentArtifactLocation(experimentId: string): string {
    return pathToFileURL(path.join(this.artifactRoot, experimentId)).href;
  }

  /** The op that creates experiment "0", which every store has. */
  protected defaultExperimentOp(): TrackingOp {
    return {
      op: "createExperiment",
      id: DEFAULT_EXPERIMENT_ID,
      name: DEFAULT_EXPERIMENT_NAME,
      artifactLocation: this.experimentArtifactLocation(DEFAULT_EXPERIMENT_ID),
      tags: [],
      time: Date.now(),
    };
  }
}

// Callers get copies: the state is shared and must only change through ops.
function copyExperiment(e: Experiment): Experiment {
  return { ...e, tags: { ...e.tags } };
}

function copyRun(r: Run): Run {
  return {
    info: { ...r.info },
    data: {
      metrics: { ...r.data.metrics },
      latestMetrics: Object.fromEntries(Object.entries(r.data.latestMetrics).map(([k, m]) => [k, { ...m }])),
      params: { ...r.data.params },
      tags: { ...r.data.tags },
    },
  };
}
