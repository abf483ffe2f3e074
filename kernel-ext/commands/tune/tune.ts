// `labops tune` and `%tune`: a hyperparameter study over the engine's mlp or linear model on a dataset or file,
// trials as child runs of the study run, live progress (a bar; in a notebook also the optimisation history), then
// the summary and the charts; `--register` registers the best trial's model.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { checkTrainingData, TRAINING_DATA_OPTIONS } from "../engine/training-data-options";

export const tuneCommand = defineCommand({
  name: "tune",
  summary: "Tune an mlp or linear model's hyperparameters on a dataset or data file (TPE, median pruning on val_loss); trials are child runs of the study run.",
  surfaces: ["cli", "line"],
  options: [
    ...TRAINING_DATA_OPTIONS,
    { name: "trials", type: "number", value: "N", description: "Trials to run, all workers together." },
    { name: "space", type: "string", value: "FILE", description: "Search space (JSON or YAML): {\"learningRate\": {\"low\": 0.0001, \"high\": 0.1, \"log\": true}, ...}; default a space per model kind." },
    { name: "jobs", type: "number", value: "K", description: "Worker processes training trials at once (default 1; needs a store several processes open, not memory:)." },
    { name: "timeout", type: "number", value: "S", description: "Start no trial after S seconds." },
    { name: "epochs", type: "number", value: "N", description: "Epochs per trial, the pruner's steps (default 30)." },
    { name: "study", type: "string", value: "NAME", description: "Study name; an existing study of that name is continued (default: a new name)." },
    { name: "experiment", type: "string", value: "E", description: "Experiment of the study run (created when missing); default the current one." },
    { name: "register", type: "string", value: "NAME", description: "Register the best trial's model as a new version of NAME." },
    { name: "sampler", type: "string", value: "tpe|random|qmc", description: "Sampler (default tpe; with --jobs, TPE's constant liar)." },
    { name: "pruner", type: "string", value: "median|halving|hyperband|none", description: "Pruner on the per-epoch validation loss (default median)." },
    { name: "seed", type: "number", value: "N", description: "Seeds the sampler and every trial's split and weights (default 0)." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const { UsageError }: typeof import("../../../src/cli/args") = require("../../../src/cli/args");
    const o = args.options;
    checkTrainingData(o);
    if (o.trials === undefined && o.timeout === undefined) throw new UsageError("give --trials N, --timeout S or both.");
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    // trainJob logs through the fluent store: make it the command's (--tracking-uri in a terminal).
    if (context.surface === "cli" && fluent.getTrackingUri() !== context.client.trackingUri) fluent.setTrackingUri(context.client.trackingUri);
    const { tuneJob }: typeof import("../../../src/tune/tune-job") = require("../../../src/tune/tune-job");
    const { LiveTuning }: typeof import("../../../widgets/tune/live-tuning") = require("../../../widgets/tune/live-tuning");
    const live = new LiveTuning({ trials: o.trials, timeout: o.timeout, studyName: o.study, objective: "val_loss" });
    // The first interrupt stops the running trials at their epoch's end (they FAIL as interrupted); a second one
    // is raised again without this listener, so the process ends at once. (Listening with `on`, not `once`: the
    // fluent API's own handler only stands back while another SIGINT listener is there when it runs.)
    const controller = new AbortController();
    const onInterrupt = () => {
      if (!controller.signal.aborted) return controller.abort();
      process.removeListener("SIGINT", onInterrupt);
      process.kill(process.pid, "SIGINT");
    };
    process.on("SIGINT", onInterrupt);
    try {
      const result = await tuneJob({
        dataset: o.dataset,
        dataFile: o.data,
        target: o.target,
        model: o.model as "mlp" | "linear" | undefined,
        trials: o.trials,
        timeout: o.timeout,
        jobs: o.jobs,
        epochs: o.epochs,
        space: o.space,
        studyName: o.study,
        experiment: o.experiment,
        register: o.register,
        sampler: o.sampler as never,
        pruner: o.pruner as never,
        seed: o.seed,
        registry: context.registry(),
        signal: controller.signal,
        onTrialEnd: (study) => live.update(study),
      });
      await live.close();
      if (result.counts.complete === 0) {
        const { LabopsError }: typeof import("../../../src/core/errors") = require("../../../src/core/errors");
        const reasons = result.study.trials.map((t) => t.failReason).filter(Boolean);
        throw new LabopsError("INVALID_STATE", `No trial of study '${result.studyName}' completed (${result.counts.failed} failed, ${result.counts.pruned} pruned)${reasons.length ? `; the first failure: ${reasons[0]}` : ""}.`);
      }
      return { ...result, historyShown: live.showsHistory };
    } catch (e) {
      await live.close().catch(() => undefined);
      throw e;
    } finally {
      process.removeListener("SIGINT", onInterrupt);
    }
  },
  json: (r) => ({
    studyName: r.studyName,
    studyRunId: r.studyRunId,
    experimentId: r.experimentId,
    model: r.model,
    objective: r.objective,
    counts: r.counts,
    jobs: r.jobs,
    seconds: r.seconds,
    bestTrial: r.bestTrial && { number: r.bestTrial.number, value: r.bestTrial.values![0], params: r.bestTrial.params, runId: r.bestTrial.runId },
    bestModelUri: r.bestModelUri,
    registeredModelUri: r.registeredModelUri ?? null,
    trials: r.study.trials.map((t) => ({ number: t.number, state: t.state, value: t.values?.[0] ?? null, params: t.params, runId: t.runId, failReason: t.failReason })),
  }),
  text(r) {
    const { tuningSummaryText }: typeof import("../../../widgets/tune/tuning-summary") = require("../../../widgets/tune/tuning-summary");
    return tuningSummaryText(outcomeOf(r));
  },
  view(r) {
    const { tuningReport }: typeof import("../../../widgets/tune/tuning-report") = require("../../../widgets/tune/tuning-report");
    // In a notebook the live history's last state (with its SVG) is the history: not drawn a second time.
    return tuningReport(r.study, outcomeOf(r), { history: !r.historyShown });
  },
});

function outcomeOf(r: import("../../../src/tune/tune-job").TuneJobResult): import("../../../widgets/tune/tuning-summary").TuningOutcome {
  return { ...r, trials: r.study.trials };
}
