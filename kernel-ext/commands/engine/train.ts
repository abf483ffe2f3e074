// `labops train` and `%train`: trains a tracked model on a dataset or a file (trainJob), showing progress while it
// trains (a progress bar on a terminal; live loss and metric curves in one notebook output updated in place) and
// ending with the metrics, the run, the model URI and the registered version.

import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { TrainSummary } from "../../../src/engine/train-summary";
import { checkTrainingData, TRAINING_DATA_OPTIONS } from "./training-data-options";

const DEFAULT_EPOCHS = 100;

export const trainCommand = defineCommand({
  name: "train",
  summary: "Train a tracked model (mlp or linear) on a dataset or a file; log it to a run and optionally register it.",
  surfaces: ["cli", "line"],
  options: [
    ...TRAINING_DATA_OPTIONS,
    { name: "epochs", type: "number", value: "N", description: `Most epochs to train (default ${DEFAULT_EPOCHS}; early stopping on validation loss may end sooner).` },
    { name: "learning-rate", type: "number", value: "RATE", description: "Adam's learning rate (default 0.001)." },
    { name: "batch-size", type: "number", value: "N", description: "Rows per step (default min(200, rows))." },
    { name: "seed", type: "number", value: "S", description: "Seeds the split, the weights and the shuffling (default 0)." },
    { name: "experiment", type: "string", value: "NAME", description: "The run's experiment (created when missing)." },
    { name: "register", type: "string", value: "NAME", description: "Register the model as a new version of this registered model." },
    JSON_OPTION,
  ],
  async run(args, context): Promise<TrainSummary> {
    const o = args.options;
    checkTrainingData(o);
    const epochs = o.epochs ?? DEFAULT_EPOCHS;
    if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`--epochs must be a positive integer, got ${o.epochs}.`);
    const engine: typeof import("../../../src/engine") = require("../../../src/engine");
    const { summarizeTrainJob }: typeof import("../../../src/engine/train-summary") = require("../../../src/engine/train-summary");
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    // The CLI's store is --tracking-uri; trainJob logs through the fluent API, which must point at the same store.
    if (context.surface === "cli") fluent.setTrackingUri(context.client.trackingUri);
    const label = o.dataset !== undefined ? `dataset '${o.dataset}'` : `'${o.data}'`;
    const show = progress(context.surface, epochs, `train ${o.target}`);
    const result = await engine.trainJob({
      dataset: o.dataset,
      dataFile: o.data,
      target: o.target,
      model: o.model as "mlp" | "linear" | undefined,
      epochs,
      learningRate: o["learning-rate"],
      batchSize: o["batch-size"],
      seed: o.seed,
      experimentName: o.experiment,
      registerName: o.register,
      callbacks: show.callbacks,
    });
    try {
      await show.after(result.history, result.bestEpoch);
      return summarizeTrainJob(result, { target: o.target, data: label, epochs });
    } finally {
      // The model lives on in the run (and the registry): load it back by URI.
      result.model.dispose();
    }
  },
  text(summary) {
    const { trainResultText }: typeof import("../../../widgets/engine/train-result") = require("../../../widgets/engine/train-result");
    return trainResultText(summary);
  },
  view(summary) {
    const { trainResultView }: typeof import("../../../widgets/engine/train-result") = require("../../../widgets/engine/train-result");
    return trainResultView(summary);
  },
});

/**
 * Where progress goes. A notebook whose outputs update (Jupyter, `labops run`): live curves in one output, whose
 * last update carries the chart's SVG for reports. Elsewhere (the CLI, an exported script, whose displays are
 * files that never update): a progress bar on stderr, and in a script the final curves as one chart.
 */
function progress(surface: string, epochs: number, label: string): { callbacks: import("../../../src/engine").Callback[]; after(history: import("../../../src/engine").EpochLogs[], bestEpoch: number): Promise<void> } {
  const widgets: typeof import("../../../widgets/display-sink") = require("../../../widgets/display-sink");
  const sink = surface === "cli" ? null : widgets.currentDisplaySink();
  if (sink && sink.live !== false) {
    const { liveTrainingCurves }: typeof import("../../../widgets/engine/training-curves") = require("../../../widgets/engine/training-curves");
    return { callbacks: [liveTrainingCurves({ html: false, svg: true })], after: async () => {} };
  }
  const { trainingProgressBar }: typeof import("../../../widgets/engine/training-progress") = require("../../../widgets/engine/training-progress");
  return {
    callbacks: [trainingProgressBar({ epochs, label })],
    async after(history, bestEpoch) {
      if (!sink) return;
      const { vegaLiteChart }: typeof import("../../../widgets/chart") = require("../../../widgets/chart");
      const { trainingCurvesSpec }: typeof import("../../../widgets/engine/training-curves") = require("../../../widgets/engine/training-curves");
      await widgets.display(vegaLiteChart(trainingCurvesSpec(history, { bestEpoch }), `training curves: ${history.length} epochs, kept epoch ${bestEpoch + 1}`));
    },
  };
}
