// Run: one execution that logs params, metrics, tags and artifacts (MLflow's Run entity).

import type { LifecycleStage } from "./lifecycle";
import type { Metric } from "./metric";

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

export const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

/** Statuses after which a run is over. */
export const TERMINAL_STATUSES: readonly RunStatus[] = ["FINISHED", "FAILED", "KILLED"];

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  /** Deprecated in MLflow in favour of the `mlflow.user` tag; kept equal to it. */
  userId: string;
  status: RunStatus;
  /** Unix milliseconds. */
  startTime: number;
  /** Unix milliseconds; absent while the run has not ended. */
  endTime?: number;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** Latest value of each metric: the point with the greatest (step, timestamp, value). */
  metrics: Record<string, number>;
  /** The full latest point of each metric. */
  latestMetrics: Record<string, Metric>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface Run {
  info: RunInfo;
  data: RunData;
}
