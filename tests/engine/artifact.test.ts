// The model artifact: save/load gives bit-identical predictions, carries the pipeline (predict on records and columns),
// refuses other format versions and damaged weights, never leaves a half-written folder, and logs to a run.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import * as labops from "../../src";
import { isLabopsError } from "../../src/core/errors";
import { tableFromRecords } from "../../src/data/column-table";
import { fitPipeline } from "../../src/data/features/feature-pipeline";
import { ensureEngine, fit, initEngine, loadTrainedModel, logModel, saveModel } from "../../src/engine";
import { tempDir } from "../helpers/temp-dir";
import { binaryData, multiclassData, regressionData } from "./engine-data";

before(async () => { await initEngine({ backend: "wasm" }); });

test("save then load: identical predictions bit for bit, for each task, with batch norm", async () => {
  const { tf } = await ensureEngine();
  for (const data of [binaryData(100), multiclassData(100), regressionData(100)]) {
    const m = await fit(data.x, data.y as never, { model: { type: "mlp", hiddenLayerSizes: [6, 3], batchNorm: true }, featureNames: data.featureNames, epochs: 3, batchSize: 20, validationFraction: 0.2 });
    const dir = path.join(tempDir(), "model");
    saveModel(m, dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["model.json", "weights.bin"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    assert.equal(manifest.format, "labops.engine-model");
    assert.deepEqual(manifest.inputs.featureNames, data.featureNames);
    assert.equal(manifest.labels.task, m.task);
    assert.deepEqual(manifest.metrics, m.metrics);
    assert.equal(manifest.config.batchNorm, true);
    const start = tf.memory().numTensors;
    const loaded = await loadTrainedModel(dir);
    assert.equal(tf.memory().numTensors, start + 14);
    assert.deepEqual(loaded.predict(data.x), m.predict(data.x));
    if (m.task === "regression") assert.deepEqual(Buffer.from((loaded.predict(data.x) as Float32Array).buffer), Buffer.from((m.predict(data.x) as Float32Array).buffer));
    else assert.deepEqual(Buffer.from(loaded.predictProba(data.x).buffer), Buffer.from(m.predictProba(data.x).buffer));
    assert.deepEqual(loaded.labels, m.labels);
    assert.deepEqual(loaded.metrics, m.metrics);
    loaded.dispose(); m.dispose();
  }
});

test("a model with its feature pipeline predicts from records and from columns, after a reload too", async () => {
  const records = Array.from({ length: 120 }, (_, i) => ({ size: (i * 37) % 50, colour: ["red", "green", "blue"][i % 3]!, label: ((i * 37) % 50) > 25 ? "big" : "small" }));
  const table = tableFromRecords(records);
  const pipeline = fitPipeline({ steps: [{ type: "numeric", columns: ["size"], scale: "standard" }, { type: "oneHot", columns: ["colour"] }] }, table);
  const features = pipeline.transform(table);
  const m = await fit(features, records.map((r) => r.label), { model: { type: "linear" }, pipeline, epochs: 30, batchSize: 20, learningRate: 0.1 });
  const fromMatrix = m.predict(features);
  const fromRecords = m.predict(records.map(({ size, colour }) => ({ size, colour })));
  assert.deepEqual(fromRecords, fromMatrix);
  assert.deepEqual(m.predict({ size: records.map((r) => r.size), colour: records.map((r) => r.colour) }), fromMatrix);
  assert.ok((fromMatrix as string[]).filter((p, i) => p === records[i]!.label).length > 100);
  const dir = path.join(tempDir(), "with-pipeline");
  saveModel(m, dir);
  assert.ok(fs.existsSync(path.join(dir, "feature-pipeline.json")));
  const loaded = await loadTrainedModel(dir);
  assert.deepEqual(loaded.predict(records), fromMatrix);
  assert.deepEqual(loaded.featureNames, features.featureNames);
  const bare = await fit(features, records.map((r) => r.label), { model: { type: "linear" }, epochs: 1 });
  assert.throws(() => bare.predict(records), /Records need the model's feature pipeline/);
  assert.deepEqual(bare.predict(Object.fromEntries(features.featureNames.map((f, j) => [f, Array.from({ length: 120 }, (_, i) => features.values[i * features.featureNames.length + j]!)]))), bare.predict(features));
  [m, loaded, bare].forEach((x) => x.dispose());
});

test("loading refuses another format version, a foreign folder and damaged weights with one clear error each", async () => {
  const b = binaryData(60);
  const m = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 1 });
  const dir = path.join(tempDir(), "m");
  saveModel(m, dir);
  m.dispose();
  const manifestFile = path.join(dir, "model.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  const { tf } = await ensureEngine();
  const start = tf.memory().numTensors;
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, formatVersion: 2 }));
  await assert.rejects(loadTrainedModel(dir), (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && /format version 2; this labops reads version 1/.test((e as Error).message));
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, format: "keras" }));
  await assert.rejects(loadTrainedModel(dir), /holds a "keras" file, not a labops engine model/);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  const weights = fs.readFileSync(path.join(dir, "weights.bin"));
  weights[0] ^= 1;
  fs.writeFileSync(path.join(dir, "weights.bin"), weights);
  await assert.rejects(loadTrainedModel(dir), /do not match their checksum/);
  await assert.rejects(loadTrainedModel(tempDir()), (e: unknown) => isLabopsError(e, "RESOURCE_DOES_NOT_EXIST") && /model.json is missing/.test((e as Error).message));
  assert.equal(tf.memory().numTensors, start, "failed loads leave nothing on the device");
});

test("saving never half-writes: a non-empty target is refused, a failed write leaves no folder", async () => {
  const b = binaryData(60);
  const m = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 1 });
  const root = tempDir();
  fs.writeFileSync(path.join(root, "taken.txt"), "x");
  assert.throws(() => saveModel(m, root), /exists and is not an empty folder/);
  assert.deepEqual(fs.readdirSync(root), ["taken.txt"]);
  const readOnly = path.join(root, "ro");
  fs.mkdirSync(readOnly);
  fs.chmodSync(readOnly, 0o555);
  try {
    if (process.getuid?.() !== 0) {
      assert.throws(() => saveModel(m, path.join(readOnly, "model")), /Could not save the model/);
      assert.deepEqual(fs.readdirSync(readOnly), []);
    }
  } finally { fs.chmodSync(readOnly, 0o755); }
  // A write that fails midway (the pipeline cannot serialise) removes its temp folder and creates no target.
  const broken = Object.create(m) as typeof m;
  Object.defineProperty(broken, "pipeline", { value: { toJSON() { throw new Error("disk full"); } } });
  assert.throws(() => saveModel(broken, path.join(root, "half")), /Could not save the model .*disk full/);
  assert.deepEqual(fs.readdirSync(root).sort(), ["ro", "taken.txt"]);
  m.dispose();
});

test("logModel saves the model under the active run's artifacts, where it loads from", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  await labops.setExperiment("engine-artifacts");
  const b = binaryData(60);
  const m = await fit(b.x, b.y, { model: { type: "linear" }, featureNames: b.featureNames, epochs: 2 });
  await assert.rejects(logModel(m), /needs an active run/);
  const run = await labops.startRun();
  assert.equal(await logModel(m), "model");
  await labops.endRun();
  const files = (await labops.getClient().listArtifacts(run.runId, "model")).map((f) => f.path).sort();
  assert.deepEqual(files, ["model/model.json", "model/weights.bin"]);
  const local = await labops.getClient().downloadArtifacts(run.runId, "model", tempDir());
  const loaded = await loadTrainedModel(local);
  assert.deepEqual(loaded.predictProba(b.x), m.predictProba(b.x));
  loaded.dispose(); m.dispose();
});

test("a saved engine model is a model flavor: evaluation loads it and predicts what the model predicts", async () => {
  const { loadPredictor, evaluateClassifier } = await import("../../src/evaluation/index.js");
  const data = multiclassData(120);
  const m = await fit(data.x, data.y, { model: { type: "linear" }, featureNames: data.featureNames, epochs: 100, batchSize: 20, learningRate: 0.05 });
  const dir = path.join(tempDir(), "model");
  saveModel(m, dir);
  const predictor = (await loadPredictor(dir))!;
  assert.equal(predictor.flavor, "labops.engine-model");
  assert.equal(predictor.task, "classification");
  assert.deepEqual(predictor.featureNames, data.featureNames);
  const d = data.featureNames.length;
  const rows = Array.from({ length: 120 }, (_, i) => Array.from(data.x.subarray(i * d, (i + 1) * d)));
  assert.deepEqual(await predictor.predict(rows), m.predict(data.x));
  const proba = (await predictor.predictProba!(rows)) as number[][];
  assert.equal(proba.length, 120);
  assert.ok(proba.every((p) => Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5));
  const evaluation = evaluateClassifier({ yTrue: data.y, yProba: proba, labels: predictor.classes });
  assert.ok(evaluation.accuracy > 0.85, `accuracy ${evaluation.accuracy}`);
  m.dispose();
});
