// Experiment: a named group of runs (MLflow's Experiment entity).

import type { LifecycleStage } from "./lifecycle";

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  /** Unix milliseconds. */
  creationTime: number;
  /** Unix milliseconds. */
  lastUpdateTime: number;
  tags: Record<string, string>;
}

/** Experiment "0", created with every store, as in MLflow. */
export const DEFAULT_EXPERIMENT_ID = "0";
export const DEFAULT_EXPERIMENT_NAME = "Default";
