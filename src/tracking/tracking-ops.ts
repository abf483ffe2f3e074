// The operations that change tracking state: the file store journals them, every local store applies them.

import type { LifecycleStage, Metric, Param, RunInfo, RunStatus, RunTag } from "../entities";

export type TrackingOp =
  | { op: "createExperiment"; id: string; name: string; artifactLocation: string; tags: RunTag[]; time: number }
  | { op: "renameExperiment"; id: string; name: string; time: number }
  | { op: "setExperimentStage"; id: string; stage: LifecycleStage; time: number }
  | { op: "setExperimentTag"; id: string; key: string; value: string; time: number }
  | { op: "deleteExperimentTag"; id: string; key: string; time: number }
  | { op: "createRun"; info: RunInfo; tags: RunTag[] }
  | { op: "updateRun"; id: string; status?: RunStatus; endTime?: number; runName?: string }
  | { op: "setRunStage"; id: string; stage: LifecycleStage }
  /**
   * `metrics` holds the latest point per key of the batch; full history lives with the store. `historyEnd` is
   * where the run's metric log ends once this batch's points are in it: bytes past it were never committed.
   */
  | { op: "logBatch"; id: string; metrics: Metric[]; params: Param[]; tags: RunTag[]; historyEnd?: number }
  | { op: "deleteTag"; id: string; key: string };
