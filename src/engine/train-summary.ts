// What a training job reports once it is done, as plain data: what `labops train --json` prints and what the CLI's
// text and the notebook's result widget (widgets/engine/train-result.ts) show.

import type { TrainJobResult } from "./train-job";

export interface TrainSummary {
  runId: string;
  experimentId: string;
  /** runs:/RUN_ID/model */
  modelUri: string;
  /** models:/NAME/VERSION with --register, else null. */
  registeredModelUri: string | null;
  registeredModel: { name: string; version: number } | null;
  model: "mlp" | "linear";
  task: string;
  target: string;
  data: string;
  backend: string;
  /** The kept epoch's metrics (validation when there was validation). */
  metrics: Record<string, number>;
  epochs: number;
  /** 1-based, as shown. */
  bestEpoch: number;
  stoppedBy: "epochs" | "early stopping" | "pruned";
  rows: { train: number; validation: number };
  features: number;
}

export function summarizeTrainJob(result: TrainJobResult, job: { target: string; data: string; epochs: number }): TrainSummary {
  const ran = result.history.length;
  return {
    runId: result.runId,
    experimentId: result.experimentId,
    modelUri: result.modelUri,
    registeredModelUri: result.registeredModelUri ?? null,
    registeredModel: result.version ? { name: result.version.name, version: result.version.version } : null,
    model: result.model.config.type,
    task: result.task,
    target: job.target,
    data: job.data,
    backend: result.model.backend,
    metrics: result.metrics,
    epochs: ran,
    bestEpoch: result.bestEpoch + 1,
    stoppedBy: result.pruned ? "pruned" : ran < job.epochs ? "early stopping" : "epochs",
    rows: result.rows,
    features: result.featureNames.length,
  };
}
