// trainJob on real datasets: a tracked run (params, per-epoch and kept metrics, the model with its pipeline), a
// registered version that loads back by models:/ URI with identical predictions, runs the caller owns, and bad
// input refused with one clear error each before any experiment or run exists.

import assert from "node:assert/strict";
import path from "node:path";
import { before, test } from "node:test";
import * as labops from "../../src";
import { isLabopsError } from "../../src/core/errors";
import { tableToRecords } from "../../src/data/column-table";
import { loadColumns } from "../../src/data/datasets";
import { ensureEngine, initEngine, loadTrainedModel, trainJob, type Callback } from "../../src/engine";
import { tempDir } from "../helpers/temp-dir";

before(async () => { await initEngine({ backend: "wasm" }); });

const fast = { modelConfig: { hiddenLayerSizes: [16] }, epochs: 40, batchSize: 32, learningRate: 0.01, seed: 3 };

async function allRuns(): Promise<labops.Run[]> {
  const client = labops.getClient();
  const experiments = (await client.searchExperiments({ viewType: "ALL" })).experiments;
  if (!experiments.length) return [];
  return (await client.searchRuns(experiments.map((e) => e.experimentId), { runViewType: "ALL" })).runs;
}

test("penguins species: a finished run with params, per-epoch metrics, the kept epoch's metrics and the model artifact", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const { tf } = await ensureEngine();
  const tensors = tf.memory().numTensors;
  const r = await trainJob({ dataset: "penguins", target: "Species", experimentName: "penguins", ...fast });
  assert.equal(r.task, "multiclass");
  assert.deepEqual(r.model.labels.classes, ["Adelie", "Chinstrap", "Gentoo"]);
  assert.equal(r.rows.train + r.rows.validation, 344);
  assert.equal(r.rows.validation, 69, "a stratified 20% split: round(152*.2)+round(68*.2)+round(124*.2)");
  assert.ok(r.metrics["accuracy"]! > 0.9, `validation accuracy ${r.metrics["accuracy"]}`);
  assert.equal(r.modelUri, `runs:/${r.runId}/model`);
  // The default pipeline: numbers imputed and scaled, Island and Sex one-hot (Sex has missing values: a _nan column).
  assert.ok(r.featureNames.includes("Island_Biscoe") && r.featureNames.includes("Sex_nan") && r.featureNames.includes("Beak Length (mm)"), r.featureNames.join(","));

  const run = await labops.getClient().getRun(r.runId);
  assert.equal(run.info.status, "FINISHED");
  assert.equal((await labops.getClient().getExperiment(run.info.experimentId)).name, "penguins");
  assert.equal(run.data.params["model_type"], "mlp");
  assert.equal(run.data.params["hidden_layer_sizes"], "16");
  assert.equal(run.data.params["target"], "Species");
  assert.equal(run.data.params["rows_train"], String(r.rows.train));
  assert.equal(run.data.tags["labops.engine.backend"], "wasm");
  assert.equal(run.data.tags["labops.train.source"], "dataset 'penguins'");
  // Per-epoch history, then the kept epoch's values once more at the next step (so "latest" is the model's).
  const acc = await labops.getClient().getMetricHistory(r.runId, "val_accuracy");
  assert.deepEqual(acc.map((m) => m.step), [...r.history.map((h) => h.epoch), r.history.length]);
  assert.equal(acc.at(-1)!.value, r.metrics["accuracy"]);
  assert.equal(run.data.metrics["val_loss"], r.metrics["loss"]);
  assert.equal(run.data.metrics["restored_epoch"], r.bestEpoch);

  // The logged model holds the fitted pipeline: it reads raw records, and predicts as the returned model does.
  const local = await labops.getClient().downloadArtifacts(r.runId, "model", tempDir());
  const loaded = await loadTrainedModel(local);
  const records = tableToRecords(await loadColumns("penguins"));
  assert.deepEqual(Buffer.from(loaded.predictProba(records).buffer), Buffer.from(r.model.predictProba(records).buffer));
  loaded.dispose();
  r.model.dispose();
  assert.equal(tf.memory().numTensors, tensors, "nothing stays on the device");
});

test("the same seed repeats a job; the pipeline is fitted on the training rows only", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const a = await trainJob({ dataset: "penguins", target: "Species", ...fast, epochs: 5 });
  const b = await trainJob({ dataset: "penguins", target: "Species", ...fast, epochs: 5 });
  assert.deepEqual(a.history, b.history);
  const table = await loadColumns("penguins");
  const col = table.columns["Flipper Length (mm)"] as { values: Float64Array };
  const finite = [...col.values].filter(Number.isFinite);
  const fullMean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const state = (a.model.pipeline!.toJSON().states[0] as { column: string; scale: { a: number } }[]).find((s) => s.column === "Flipper Length (mm)")!;
  assert.notEqual(state.scale.a, fullMean, "the scaler's mean is not the mean of all rows");
  assert.ok(Math.abs(state.scale.a - fullMean) < 2, `${state.scale.a} vs ${fullMean}`);
  a.model.dispose(); b.model.dispose();
});

test("registerName: a version whose models:/ URI loads back with identical predictions", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const r = await trainJob({ dataset: "penguins", target: "Sex", featureColumns: ["Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)", "Species"], ...fast, model: "linear", modelConfig: {}, registerName: "penguin-sex" }).catch((e) => e);
  // Sex has missing values: refused, naming the column and how many rows.
  assert.ok(isLabopsError(r, "INVALID_PARAMETER_VALUE"));
  assert.match((r as Error).message, /Target column 'Sex' is missing at row \d+ of dataset 'penguins' \(\d+ rows in all\)/);

  const records = tableToRecords(await loadColumns("penguins")).filter((row) => row["Sex"] === "MALE" || row["Sex"] === "FEMALE");
  const job = await trainJob({ data: records, target: "Sex", ...fast, model: "linear", modelConfig: {}, registerName: "penguin-sex" });
  assert.equal(job.task, "binary");
  assert.equal(job.version!.name, "penguin-sex");
  assert.equal(job.version!.version, 1);
  assert.equal(job.registeredModelUri, "models:/penguin-sex/1");
  assert.equal(job.version!.runId, job.runId);
  const files = await labops.loadModel("models:/penguin-sex/1");
  const back = await loadTrainedModel(files.path);
  assert.deepEqual(Buffer.from(back.predictProba(records).buffer), Buffer.from(job.model.predictProba(records).buffer));
  assert.deepEqual(back.predict(records), job.model.predict(records));
  assert.ok(job.metrics["auc"]! > 0.8, `auc ${job.metrics["auc"]}`);
  back.dispose(); job.model.dispose();
});

test("seattle-weather max temperature: regression with a date feature, linear, no validation", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const r = await trainJob({ dataset: "seattle-weather", target: "temp_max", featureColumns: ["date", "temp_min", "precipitation"], model: "linear", validationFraction: 0, epochs: 30, batchSize: 64, learningRate: 0.05 });
  assert.equal(r.task, "regression");
  assert.deepEqual(r.featureNames, ["temp_min", "precipitation", "date_dayOfYear_sin", "date_dayOfYear_cos", "date_dayOfWeek_sin", "date_dayOfWeek_cos"]);
  assert.equal(r.rows.validation, 0);
  assert.deepEqual(Object.keys(r.metrics), ["loss"]);
  const table = await loadColumns("seattle-weather");
  const m = r.model.evaluate(tableToRecords(table), Array.from((table.columns["temp_max"] as { values: Float64Array }).values));
  assert.ok(m["r2"]! > 0.7, `r2 ${m["r2"]}`);
  r.model.dispose();
});

test("runId logs into the caller's active run and leaves it open; parentRunId makes a child run", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const parent = await labops.startRun({ runName: "study" });
  const inOwn = await trainJob({ dataset: "penguins", target: "Species", ...fast, epochs: 2, runId: parent.runId });
  assert.equal(inOwn.runId, parent.runId);
  assert.equal(labops.activeRun()?.runId, parent.runId, "still active");
  const child = await trainJob({ dataset: "penguins", target: "Species", ...fast, epochs: 2, parentRunId: parent.runId });
  assert.notEqual(child.runId, parent.runId);
  assert.equal(labops.activeRun()?.runId, parent.runId);
  await labops.endRun();
  const c = await labops.getClient().getRun(child.runId);
  assert.equal(c.data.tags["mlflow.parentRunId"], parent.runId);
  assert.equal(c.info.status, "FINISHED");
  // With no active run, a parentRunId still makes a child (a tuner's trials in another process).
  const orphan = await trainJob({ dataset: "penguins", target: "Species", ...fast, epochs: 2, parentRunId: parent.runId });
  assert.equal((await labops.getClient().getRun(orphan.runId)).data.tags["mlflow.parentRunId"], parent.runId);
  assert.equal((await labops.getClient().getRun(orphan.runId)).info.experimentId, parent.info.experimentId);
  for (const r of [inOwn, child, orphan]) r.model.dispose();
});

test("a run that fails mid-training ends FAILED with no model logged", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const { tf } = await ensureEngine();
  const tensors = tf.memory().numTensors;
  const boom: Callback = { onEpochEnd(logs) { if (logs.epoch === 2) throw new Error("disk full"); } };
  await assert.rejects(trainJob({ dataset: "penguins", target: "Species", ...fast, callbacks: [boom] }), /disk full/);
  const runs = await allRuns();
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.info.status, "FAILED");
  assert.deepEqual(await labops.getClient().listArtifacts(runs[0]!.info.runId), []);
  assert.equal(labops.activeRun(), null);
  assert.equal(tf.memory().numTensors, tensors);
});

test("bad input: one clear error each, and no experiment or run is created", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const penguins = tableToRecords(await loadColumns("penguins"));
  const cases: [Parameters<typeof trainJob>[0], RegExp][] = [
    [{ dataset: "penguins", target: "species" }, /No target column 'species' in dataset 'penguins'; its columns are: Species, Island/],
    [{ dataset: "penguins", target: "Species", model: "forest" as never }, /Unknown model kind "forest"; use mlp or linear/],
    [{ data: penguins.map((r) => ({ ...r, kind: "bird" })), target: "kind" }, /Target column 'kind' is constant \(every row is "bird"\)/],
    // One penguin's sex is recorded as ".": a class with a single example.
    [{ data: penguins.filter((r) => r["Sex"] !== null), target: "Sex" }, /Class "\." of target 'Sex' has only 1 example/],
    [{ dataset: "penguins", target: "Species", features: { steps: [{ type: "numeric", columns: ["Beak Length (mm)"], scale: "standard" }] } }, /Feature 'Beak Length \(mm\)' is NaN after the feature pipeline at row (4|340) of dataset 'penguins'/],
    [{ dataset: "penguins", target: "Species", registerName: "a/b" }, /Invalid model name "a\/b"/],
    [{ dataset: "no-such-data", target: "y" }, /No dataset 'no-such-data'/],
    [{ dataset: "penguins", target: "Species", featureColumns: ["Species"] }, /target 'Species' cannot also be a feature/],
    [{ dataset: "penguins", target: "Species", runId: "0123456789abcdef0123456789abcdef", experimentName: undefined }, /0123456789abcdef0123456789abcdef/],
    [{ dataset: "penguins", target: "Species", validationFraction: 0, earlyStopping: true }, /earlyStopping needs validation rows/],
  ];
  for (const [options, pattern] of cases) {
    await assert.rejects(trainJob({ experimentName: "never", ...options }), (e: unknown) => {
      assert.ok(isLabopsError(e), `a LabopsError for ${pattern}, got ${String(e)}`);
      assert.match((e as Error).message, pattern);
      return true;
    });
  }
  assert.equal(await labops.getClient().getExperimentByName("never"), null, "no experiment created");
  assert.deepEqual(await allRuns(), [], "no run created");
});
