// The TrackingStore seam: what every tracking backend (file, memory, MLflow server) implements.

import type { Page } from "../core/page";
import type { Experiment, Metric, Param, Run, RunInfo, RunStatus, RunTag, ViewType } from "../entities";

export interface CreateExperimentRequest {
  name: string;
  artifactLocation?: string;
  tags?: RunTag[];
}

export interface CreateRunRequest {
  experimentId: string;
  runName?: string;
  /** Unix milliseconds. */
  startTime: number;
  userId: string;
  tags?: RunTag[];
}

export interface UpdateRunRequest {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatchRequest {
  metrics?: Metric[];
  params?: Param[];
  tags?: RunTag[];
}

export interface SearchExperimentsRequest {
  filter?: string;
  viewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  filter?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export type { Page };

/**
 * A tracking backend. Every write is all-or-nothing: a call that throws changes nothing.
 * When a write's promise resolves, the write survives the process being killed.
 * `logBatch` is the one write primitive for run data; single-item calls are sugar over it.
 */
export interface TrackingStore {
  /** The URI this store was opened with. */
  readonly uri: string;

  createExperiment(request: CreateExperimentRequest): Promise<string>;
  /** Throws RESOURCE_DOES_NOT_EXIST for an unknown id; returns deleted experiments too. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Null when no experiment has that name; an active one is preferred over a deleted one. */
  getExperimentByName(name: string): Promise<Experiment | null>;
  searchExperiments(request: SearchExperimentsRequest): Promise<Page<Experiment>>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  /** Soft delete: the experiment and its runs become `deleted`. */
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(request: CreateRunRequest): Promise<Run>;
  /** Throws RESOURCE_DOES_NOT_EXIST for an unknown id; returns deleted runs too. */
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  searchRuns(request: SearchRunsRequest): Promise<Page<Run>>;

  logBatch(runId: string, batch: LogBatchRequest): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /** Every logged point of one metric, in the order logged. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;

  /** Releases files and timers; the store may not be used afterwards. */
  close(): Promise<void>;
}

/** A store that can also write synchronously, so buffered metrics and run ends survive `process.exit()`. */
export interface SyncBatchWriter {
  logBatchSync(runId: string, batch: LogBatchRequest): void;
  updateRunSync(runId: string, request: UpdateRunRequest): void;
}

export function supportsSyncWrites(store: TrackingStore): store is TrackingStore & SyncBatchWriter {
  const s = store as Partial<SyncBatchWriter>;
  return typeof s.logBatchSync === "function" && typeof s.updateRunSync === "function";
}
