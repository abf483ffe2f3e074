// Training: the three tasks learn, linear models with L1, seeds repeat, early stopping restores the best epoch,
// schedules, class weights, callbacks (batch and epoch hooks, stopping, tracking, pruning).

import assert from "node:assert/strict";
import path from "node:path";
import { before, test } from "node:test";
import * as labops from "../../src";
import { fit, initEngine, pruningCallback, trackingCallback, type TrainedModel } from "../../src/engine";
import { Scheduler } from "../../src/engine/schedules";
import { tempDir } from "../helpers/temp-dir";
import { binaryData, multiclassData, regressionData } from "./engine-data";

before(async () => { await initEngine({ backend: "wasm" }); });

function kernelValues(m: TrainedModel, layer = 0): Float32Array {
  return m.network.dense[layer]!.kernel.dataSync() as Float32Array;
}

test("binary, multiclass and regression MLPs learn their targets", async () => {
  const b = binaryData(400);
  const mb = await fit(b.x, b.y, { model: { type: "mlp", hiddenLayerSizes: [16] }, featureNames: b.featureNames, epochs: 30, batchSize: 32, learningRate: 0.01, validationFraction: 0.25 });
  assert.equal(mb.task, "binary");
  assert.ok(mb.metrics["accuracy"]! > 0.9, `binary validation accuracy ${mb.metrics["accuracy"]}`);
  assert.ok(mb.metrics["auc"]! > 0.95);
  assert.deepEqual(mb.labels.classes, ["no", "yes"]);
  const probs = mb.predictProba(b.x.subarray(0, 8));
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(probs[2 * i]! + probs[2 * i + 1]! - 1) < 1e-6);
  mb.dispose();

  const c = multiclassData(450);
  const mc = await fit(c.x, c.y, { model: { type: "mlp", hiddenLayerSizes: [16], activation: "tanh" }, featureNames: c.featureNames, epochs: 30, batchSize: 32, learningRate: 0.01, validationFraction: 0.2 });
  assert.equal(mc.task, "multiclass");
  assert.ok(mc.metrics["accuracy"]! > 0.85, `multiclass accuracy ${mc.metrics["accuracy"]}`);
  const pred = mc.predict(c.x) as string[];
  assert.deepEqual([...new Set(pred)].sort(), ["a", "b", "c"]);
  mc.dispose();

  const r = regressionData(400);
  const mr = await fit(r.x, r.y, { model: { type: "mlp", hiddenLayerSizes: [16] }, featureNames: r.featureNames, epochs: 40, batchSize: 32, learningRate: 0.01 });
  assert.equal(mr.task, "regression");
  const ev = mr.evaluate(r.x, r.y);
  assert.ok(ev["r2"]! > 0.95, `r2 ${ev["r2"]}`);
  const yhat = mr.predict(r.x.subarray(0, 3)) as Float32Array;
  assert.ok(Math.abs(yhat[0]! - r.y[0]!) < 2, "predictions are in target units (the internal scaling is undone)");
  mr.dispose();
});

test("linear models: logistic regression learns the sign of the weights; L1 drives useless weights to zero", async () => {
  const b = binaryData(400, 6);
  const lin = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 40, batchSize: 50, learningRate: 0.05 });
  const w = kernelValues(lin);
  assert.ok(w[0]! > 0 && w[1]! < 0 && w[2]! > 0, `weights follow the generating rule: ${Array.from(w)}`);
  lin.dispose();
  // Add 6 pure-noise features: L1 should shrink them far more than without it.
  const noisy = new Float32Array(400 * 12);
  for (let i = 0; i < 400; i++) { noisy.set(b.x.subarray(i * 6, i * 6 + 6), i * 12); for (let j = 6; j < 12; j++) noisy[i * 12 + j] = Math.sin(i * 7.3 + j * 1.7); }
  const names = Array.from({ length: 12 }, (_, j) => `g${j}`);
  const plain = await fit(noisy, b.y, { model: { type: "linear" }, featureNames: names, epochs: 40, batchSize: 50, learningRate: 0.05, optimizer: "sgd" });
  const l1 = await fit(noisy, b.y, { model: { type: "linear", l1: 0.5 }, featureNames: names, epochs: 40, batchSize: 50, learningRate: 0.05, optimizer: "sgd" });
  const noiseMass = (m: TrainedModel) => Array.from(kernelValues(m).slice(6)).reduce((s, v) => s + Math.abs(v), 0);
  assert.ok(noiseMass(l1) < noiseMass(plain) / 3, `L1 noise-weight mass ${noiseMass(l1)} vs ${noiseMass(plain)}`);
  plain.dispose(); l1.dispose();
  await assert.rejects(fit(b.x, b.y, { model: { type: "linear", hiddenLayerSizes: [4] }, featureNames: b.featureNames }), /linear' model has no hidden layers/);
});

test("the same seed repeats a run exactly (dropout and batch norm included); another seed differs", async () => {
  const b = binaryData(200);
  const opts = (seed: number) => ({ model: { type: "mlp" as const, hiddenLayerSizes: [8, 4], dropout: 0.2, batchNorm: true }, featureNames: b.featureNames, epochs: 4, batchSize: 32, seed, validationFraction: 0.2 });
  const m1 = await fit(b.x, b.y, opts(7));
  const m2 = await fit(b.x, b.y, opts(7));
  const m3 = await fit(b.x, b.y, opts(8));
  assert.deepEqual(m1.history, m2.history);
  assert.deepEqual(m1.predictProba(b.x), m2.predictProba(b.x));
  assert.notDeepEqual(m1.history.map((h) => h.metrics["loss"]), m3.history.map((h) => h.metrics["loss"]));
  [m1, m2, m3].forEach((m) => m.dispose());
});

test("early stopping stops after `patience` epochs without improvement and restores the best epoch's weights", async () => {
  const b = binaryData(300);
  const valid = binaryData(200, 4, 99);
  // A high learning rate overfits/oscillates quickly, so the best epoch is not the last.
  const m = await fit(b.x, b.y, { model: { type: "mlp", hiddenLayerSizes: [64, 64], l2: 0 }, featureNames: b.featureNames, epochs: 60, batchSize: 16, learningRate: 0.05, validationData: { x: valid.x, y: valid.y }, earlyStopping: { patience: 3 } });
  const losses = m.history.map((h) => h.metrics["val_loss"]!);
  const bestEpoch = losses.indexOf(Math.min(...losses));
  assert.equal(m.bestEpoch, bestEpoch);
  assert.ok(m.history.length < 60, "stopped early");
  assert.equal(m.history.length, bestEpoch + 1 + 3, "stopped exactly patience epochs after the best");
  // The restored weights give the best epoch's validation loss, not the last one's.
  const now = m.evaluate(valid.x, valid.y);
  assert.ok(Math.abs(now["loss"]! - losses[bestEpoch]!) < 1e-5, `${now["loss"]} vs best ${losses[bestEpoch]} (last ${losses[losses.length - 1]})`);
  assert.equal(m.metrics["loss"], losses[bestEpoch]);
  m.dispose();
});

test("learning-rate schedules: step, cosine and reduce-on-plateau, and the rate each epoch used is in the history", async () => {
  const step = new Scheduler(0.1, { type: "step", stepSize: 2, gamma: 0.5 });
  assert.deepEqual([0, 1, 2, 3, 4].map((e) => step.rate(e)), [0.1, 0.1, 0.05, 0.05, 0.025]);
  const cos = new Scheduler(1, { type: "cosine", tMax: 4, minLearningRate: 0 });
  assert.deepEqual([0, 2, 4, 9].map((e) => +cos.rate(e).toFixed(12)), [1, 0.5, 0, 0]);
  const plateau = new Scheduler(1, { type: "reduceOnPlateau", factor: 0.5, patience: 1, minDelta: 0 });
  for (const v of [3, 2, 2, 2]) plateau.observe(v);
  assert.equal(plateau.rate(4), 0.5, "halved after more than `patience` epochs without improvement");
  assert.throws(() => new Scheduler(1, { type: "step", stepSize: 0 }), /positive integer stepSize/);

  const b = binaryData(100);
  const m = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 5, batchSize: 50, learningRate: 0.1, schedule: { type: "step", stepSize: 2, gamma: 0.5 } });
  assert.deepEqual(m.history.map((h) => h.learningRate), [0.1, 0.1, 0.05, 0.05, 0.025]);
  m.dispose();
});

test("class weights: 'balanced' raises recall on the rare class", async () => {
  const b = binaryData(400, 4, 5, 0.1);
  const rare = b.y.filter((v) => v === "yes").length;
  assert.ok(rare > 20 && rare < 80, `rare class count ${rare}`);
  const opts = { model: { type: "linear" as const }, featureNames: b.featureNames, epochs: 3, batchSize: 50, learningRate: 0.02, seed: 3 };
  const plain = await fit(b.x, b.y, opts);
  const balanced = await fit(b.x, b.y, { ...opts, classWeight: "balanced" });
  const positives = (m: TrainedModel) => (m.predict(b.x) as string[]).filter((v) => v === "yes").length;
  assert.ok(positives(balanced) > positives(plain), `balanced predicts ${positives(balanced)} positives vs ${positives(plain)}`);
  plain.dispose(); balanced.dispose();
  await assert.rejects(fit(b.x, b.y, { ...opts, classWeight: { maybe: 2 } }), /classWeight names class 'maybe'/);
});

test("callbacks: batch and epoch hooks fire in order, stopTraining ends after the epoch", async () => {
  const b = binaryData(100);
  const events: string[] = [];
  const m = await fit(b.x, b.y, {
    model: { type: "linear" }, featureNames: b.featureNames, epochs: 10, batchSize: 40,
    callbacks: [{
      onTrainBegin: () => void events.push("begin"),
      onEpochBegin: (e) => void events.push(`e${e}`),
      onBatchEnd: (i, info) => void events.push(`b${info.epoch}.${i}:${info.size}`),
      onEpochEnd: (logs, control) => { events.push(`end${logs.epoch}`); if (logs.epoch === 1) control.stopTraining = true; },
      onTrainEnd: (h) => void events.push(`done${h.length}`),
    }],
  });
  assert.deepEqual(events, ["begin", "e0", "b0.0:40", "b0.1:40", "b0.2:20", "end0", "e1", "b1.0:40", "b1.1:40", "b1.2:20", "end1", "done2"]);
  m.dispose();
});

test("trackingCallback logs each epoch's metrics to the active run; pruningCallback stops a trial the tuner prunes", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  await labops.setExperiment("engine");
  const run = await labops.startRun();
  const b = binaryData(120);
  const reported: [number, number][] = [];
  const trial = { report: (v: number, s: number) => void reported.push([s, v]), shouldPrune: () => reported.length >= 3 };
  const m = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 8, batchSize: 40, validationFraction: 0.25, callbacks: [trackingCallback(), pruningCallback(trial)] });
  await labops.endRun();
  assert.equal(m.pruned, true);
  assert.equal(m.history.length, 3);
  assert.deepEqual(reported, m.history.map((h) => [h.epoch, h.metrics["val_loss"]]));
  const loss = await labops.getClient().getMetricHistory(run.runId, "val_accuracy");
  assert.deepEqual(loss.map((p) => p.step), [0, 1, 2]);
  assert.deepEqual(loss.map((p) => p.value), m.history.map((h) => h.metrics["val_accuracy"]));
  assert.equal((await labops.getClient().getMetricHistory(run.runId, "learning_rate")).length, 3);
  const tags = (await labops.getClient().getRun(run.runId)).data.tags;
  assert.equal(tags["labops.engine.backend"], "wasm", "the backend is recorded on the training run");
  assert.match(tags["labops.engine.tfjs"] ?? "", /^4\./);
  m.dispose();
});

test("schedules reach both optimizers: with sgd and a rate cut to 0 after epoch 0, later epochs change nothing", async () => {
  const b = binaryData(100);
  for (const optimizer of ["sgd", "adam"] as const) {
    const opts = (epochs: number) => ({ model: { type: "linear" as const }, featureNames: b.featureNames, epochs, batchSize: 25, optimizer, momentum: 0, seed: 4, schedule: { type: "step" as const, stepSize: 1, gamma: 0 } });
    const one = await fit(b.x, b.y, opts(1));
    const three = await fit(b.x, b.y, opts(3));
    assert.deepEqual(three.predictProba(b.x), one.predictProba(b.x), optimizer);
    one.dispose(); three.dispose();
  }
});
