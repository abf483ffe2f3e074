// No leaks: the tensor count after fit is the count before plus the model's weights, and predict/evaluate/dispose
// leave it where it was, for every task and option that adds tensors (batch norm, dropout, weights, validation).

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { ensureEngine, fit, initEngine } from "../../src/engine";
import { networkWeights } from "../../src/engine/network";
import { binaryData, multiclassData, regressionData } from "./engine-data";

before(async () => { await initEngine({ backend: "wasm" }); });

test("fit, predict, predictProba, evaluate and dispose leave no tensors behind", async () => {
  const { tf } = await ensureEngine();
  const cases = [
    { data: binaryData(120), extra: { classWeight: "balanced" as const, earlyStopping: { patience: 2 } } },
    { data: multiclassData(120), extra: { validationFraction: 0.2, schedule: { type: "reduceOnPlateau" as const, patience: 1 } } },
    { data: regressionData(120), extra: { optimizer: "sgd" as const } },
  ];
  for (const { data, extra } of cases) {
    const start = tf.memory().numTensors;
    const m = await fit(data.x, data.y as never, { model: { type: "mlp", hiddenLayerSizes: [8, 4], batchNorm: true, dropout: 0.1 }, featureNames: data.featureNames, epochs: 4, batchSize: 32, ...extra });
    const weights = networkWeights(m.network).length;
    assert.equal(weights, 6 + 8);
    assert.equal(tf.memory().numTensors, start + weights, `only the model's variables remain after fit (${m.task})`);
    const afterFit = tf.memory().numTensors;
    m.predict(data.x);
    if (m.task !== "regression") m.predictProba(data.x);
    m.evaluate(data.x, data.y as never);
    assert.equal(tf.memory().numTensors, afterFit, "predict and evaluate release their tensors");
    m.dispose();
    assert.equal(tf.memory().numTensors, start, "dispose releases the weights");
  }
});

test("a fit that fails midway (diverging loss) releases everything it made", async () => {
  const { tf } = await ensureEngine();
  const r = regressionData(100);
  const huge = r.x.map((v) => v * 1e30);
  const start = tf.memory().numTensors;
  await assert.rejects(fit(huge, r.y, { model: { type: "linear" }, featureNames: r.featureNames, epochs: 3, learningRate: 10, optimizer: "sgd" }), /diverged at epoch 0.*lower learningRate/);
  assert.equal(tf.memory().numTensors, start);
});
