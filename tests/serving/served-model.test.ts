// Serving loads models through the flavor seam: the logistic model answers with the predicted class's probability,
// an engine classifier serves as it predicts, and what cannot be served is refused with the reason.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { fit, initEngine, saveModel } from "../../src/engine";
import { registerModelFlavor, saveLogisticModel } from "../../src/models";
import { loadServedModel } from "../../src/serving";
import { multiclassData } from "../engine/engine-data";
import { tempDir } from "../helpers/temp-dir";

before(async () => { await initEngine({ backend: "wasm" }); });

test("a logistic model folder: class 1 or 0 with that class's probability, by the model's threshold", async () => {
  const dir = saveLogisticModel(path.join(tempDir(), "m"), { features: ["a", "b"], weights: [1.5, -2], bias: 0.25, threshold: 0.6 });
  const served = await loadServedModel(dir);
  assert.deepEqual(served.features, ["a", "b"]);
  for (const [a, b] of [[0, 0], [1, 0.3], [-1, 1], [2, -1]] as const) {
    const p = 1 / (1 + Math.exp(-(0.25 + 1.5 * a - 2 * b)));
    const want = p >= 0.6 ? { prediction: 1, confidence: p } : { prediction: 0, confidence: 1 - p };
    assert.deepEqual(await served.predict({ a, b, ignored: "x" }), want, `a=${a} b=${b}`);
  }
  await assert.rejects(served.predict({ a: 1, b: "2" }), /features\.b must be a finite number; got "2"/);
  await assert.rejects(served.predict({ a: 1 }), /features\.b must be a finite number; got undefined/);
});

test("an engine classifier serves what it predicts, with its probability of that class", async () => {
  const data = multiclassData(90);
  const m = await fit(data.x, data.y, { model: { type: "linear" }, featureNames: data.featureNames, epochs: 30, batchSize: 30, learningRate: 0.05 });
  const dir = path.join(tempDir(), "engine");
  saveModel(m, dir);
  const served = await loadServedModel(dir);
  assert.deepEqual(served.features, data.featureNames);
  const d = data.featureNames.length;
  const predicted = Array.from(m.predict(data.x) as ArrayLike<unknown>);
  const proba = m.predictProba(data.x);
  const classes = m.labels.classes!;
  for (let i = 0; i < 10; i++) {
    const features = Object.fromEntries(data.featureNames.map((f, j) => [f, data.x[i * d + j]!]));
    const out = await served.predict(features);
    assert.equal(out.prediction, predicted[i]);
    assert.ok(Math.abs(out.confidence - proba[i * classes.length + classes.indexOf(predicted[i] as string)]!) < 1e-6);
  }
  m.dispose();
});

test("a folder without a model, or a model without class probabilities, is refused with the reason", async () => {
  const empty = tempDir();
  await assert.rejects(loadServedModel(empty), /has no model\.json naming its flavor; .*known: .*labops\.logistic-regression/);
  registerModelFlavor("test.regressor", () => ({ flavor: "test.regressor", task: "regression", featureNames: ["x"], predict: (rows) => rows.map((r) => r[0]!) }));
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ flavor: "test.regressor" }));
  await assert.rejects(loadServedModel(dir), /The test\.regressor model in '.*' gives no class probabilities; .*serves classifiers only/);
});
