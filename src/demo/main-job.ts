// The main job of a fresh install: a tracked training run on real data, in the embedded store.
// It ends by saying where the data went and how to look at it with the CLI.

import path from "node:path";
import { readCsv } from "../data/csv";
import { datasetPath } from "../data/datasets";
import * as labops from "../tracking";
import { FEATURES, fitStandardizer, LogisticRegression, logLoss, standardize, toExamples } from "./rain-model";

export async function mainJob(options: { epochs?: number; learningRate?: number; l2?: number } = {}): Promise<string> {
  const epochs = options.epochs ?? 200;
  const learningRate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 0.001;

  const examples = toExamples(readCsv(datasetPath("seattle-weather.csv")));
  const train = examples.filter((e) => e.date < "2015-01-01");
  const valid = examples.filter((e) => e.date >= "2015-01-01");
  const scaler = fitStandardizer(train.map((e) => e.features));
  const [xTrain, xValid] = [train, valid].map((set) => set.map((e) => standardize(e.features, scaler)));
  const [yTrain, yValid] = [train, valid].map((set) => set.map((e) => e.label));

  await labops.setExperiment("seattle-rain");
  return labops.withRun({ runName: "logreg-demo", description: "Rain classifier on Seattle weather, 2012-2014 -> 2015." }, async (run) => {
    await labops.logParams({ model: "logistic-regression", epochs, learning_rate: learningRate, l2, features: FEATURES.join(","), train_rows: train.length, valid_rows: valid.length });
    await labops.setTag("dataset", "datasets/seattle-weather.csv");
    const model = new LogisticRegression(FEATURES.length);
    for (let epoch = 0; epoch < epochs; epoch++) {
      const trainLoss = model.step(xTrain!, yTrain!, learningRate, l2);
      const probs = xValid!.map((x) => model.predictProba(x));
      labops.logMetrics(
        {
          train_loss: trainLoss,
          val_loss: probs.reduce((s, p, i) => s + logLoss(yValid![i]!, p), 0) / probs.length,
          val_accuracy: probs.filter((p, i) => (p >= 0.5 ? 1 : 0) === yValid![i]).length / probs.length,
        },
        epoch,
      );
    }
    await labops.logDict({ features: FEATURES, weights: model.weights, bias: model.bias, scaler }, "model/weights.json");
    await labops.logTable(
      valid.slice(0, 60).map((e, i) => ({ date: e.date, rain: e.label, p_rain: Number(model.predictProba(xValid![i]!).toFixed(4)) })),
      "predictions/valid-sample.json",
    );
    return run.runId;
  });
}

if (require.main === module) {
  mainJob()
    .then(async (runId) => {
      const run = await labops.getClient().getRun(runId);
      const store = labops.getTrackingUri();
      const where = store.startsWith("memory:") ? store : path.relative(process.cwd(), store) || ".";
      console.log(`Tracked run ${runId} (${run.info.runName}) in experiment 'seattle-rain': ${run.info.status}`);
      console.log(`  val_accuracy ${run.data.metrics.val_accuracy?.toFixed(4)}, val_loss ${run.data.metrics.val_loss?.toFixed(4)}`);
      console.log(`Data: ${store}${where !== store ? ` (./${where})` : ""}`);
      // The CLI by path, so the hint works in this repository and where labops is a dependency alike.
      const cli = `node ${path.relative(process.cwd(), path.join(__dirname, "../../kernel-ext/labops-cli.js"))}`;
      console.log("Look at it with:");
      console.log(`  ${cli} experiments list`);
      console.log(`  ${cli} runs list --experiment seattle-rain`);
      console.log(`  ${cli} runs show ${runId}`);
      console.log(`  ${cli} runs metrics ${runId} val_accuracy`);
    })
    .catch((e: unknown) => {
      console.error(`labops demo failed: ${(e as Error).message}`);
      process.exitCode = 1;
    });
}
