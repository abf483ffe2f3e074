// Training callbacks: epoch and batch hooks, plus built-ins that log metrics to the active run and ask a tuner to prune.

import { activeRun, getClient, logMetric } from "../tracking/fluent";
import { engineInfo } from "./backend";

export interface EpochLogs {
  /** 0-based epoch. */
  epoch: number;
  learningRate: number;
  /** loss (training, mean over batches) and, with validation, val_loss, val_accuracy, val_auc / val_rmse, val_r2... */
  metrics: Record<string, number>;
}

/** Given to hooks: set stopTraining to end after the current epoch; `pruned` is set by the pruning callback. */
export interface TrainingControl {
  stopTraining: boolean;
  pruned: boolean;
}

export interface Callback {
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  onEpochBegin?(epoch: number, control: TrainingControl): void | Promise<void>;
  /** After each optimizer step; the loss is not read per batch (a device sync each time would cost more than the step). */
  onBatchEnd?(batch: number, info: { epoch: number; size: number }, control: TrainingControl): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, control: TrainingControl): void | Promise<void>;
  onTrainEnd?(history: EpochLogs[], control: TrainingControl): void | Promise<void>;
}

/** Tags naming the engine a run trained on: its backend, threads and tfjs version. */
export const ENGINE_TAGS = { backend: "labops.engine.backend", threads: "labops.engine.threads", tfjs: "labops.engine.tfjs" } as const;

/**
 * Records the backend on the run when training starts, then logs every epoch's metrics to the active run (or
 * `runId`) with step = epoch, through the fluent API.
 */
export function trackingCallback(options: { prefix?: string; runId?: string } = {}): Callback {
  const prefix = options.prefix ?? "";
  return {
    async onTrainBegin() {
      const info = engineInfo();
      const runId = options.runId ?? activeRun()?.runId;
      if (!info || !runId) return;
      const tags = [[ENGINE_TAGS.backend, info.backend], [ENGINE_TAGS.threads, String(info.threads)], [ENGINE_TAGS.tfjs, info.tfjsVersion]];
      await getClient().logBatch(runId, { tags: tags.map(([key, value]) => ({ key: key!, value: value! })) });
    },
    onEpochEnd(logs) {
      for (const [k, v] of Object.entries(logs.metrics)) if (Number.isFinite(v)) logMetric(prefix + k, v, logs.epoch, options.runId ? { runId: options.runId } : {});
      logMetric(prefix + "learning_rate", logs.learningRate, logs.epoch, options.runId ? { runId: options.runId } : {});
    },
  };
}

/** What the pruning callback needs from a tuner's trial (src/tune's Trial fits). */
export interface PrunableTrial {
  report(value: number, step: number): void;
  shouldPrune(): boolean | Promise<boolean>;
}

/**
 * After each epoch, reports the monitored metric to the trial and asks shouldPrune(); a yes stops training and marks
 * the result `pruned` (the objective then throws the tuner's TrialPruned).
 */
export function pruningCallback(trial: PrunableTrial, monitor = "val_loss"): Callback {
  return {
    async onEpochEnd(logs, control) {
      const value = logs.metrics[monitor] ?? logs.metrics["loss"];
      if (value === undefined || !Number.isFinite(value)) return;
      trial.report(value, logs.epoch);
      if (await trial.shouldPrune()) { control.pruned = true; control.stopTraining = true; }
    },
  };
}
