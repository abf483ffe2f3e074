// A training callback that moves a progress bar one step per epoch, with the latest losses beside it: a redrawn
// line on a terminal, a line every tenth in a log (see ProgressBar).

import type { Callback } from "../../src/engine/callbacks";
import { ProgressBar, type TextStream } from "../progress-bar";

export function trainingProgressBar(options: { epochs: number; label?: string; stream?: TextStream }): Callback & { bar(): ProgressBar | null } {
  let bar: ProgressBar | null = null;
  return {
    bar: () => bar,
    onTrainBegin() {
      bar = new ProgressBar({ total: options.epochs, label: options.label ?? "training", stream: options.stream });
    },
    onEpochEnd(logs) {
      const shown: Record<string, number> = {};
      for (const key of ["loss", "val_loss", "val_accuracy", "val_r2"]) if (logs.metrics[key] !== undefined) shown[key] = logs.metrics[key]!;
      bar?.update(logs.epoch + 1, shown);
    },
    onTrainEnd() {
      bar?.close();
    },
  };
}
