// Bad input to fit: each case is one clear LabopsError naming the value, and nothing stays on the device.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { ensureEngine, fit, initEngine } from "../../src/engine";
import { binaryData } from "./engine-data";

before(async () => { await initEngine({ backend: "wasm" }); });

const model = { type: "mlp" as const, hiddenLayerSizes: [4] };

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const { tf } = await ensureEngine();
  const start = tf.memory().numTensors;
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isLabopsError(e, "INVALID_PARAMETER_VALUE"), `a LabopsError, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
  assert.equal(tf.memory().numTensors, start, "nothing left on the device");
}

test("a missing target, a missing label, a constant target and a length mismatch", async () => {
  const b = binaryData(20);
  await rejects(fit(b.x, undefined as never, { model, featureNames: b.featureNames }), /target is missing: pass one label per row \(20 rows\)/);
  const holes: (string | null)[] = [...b.y]; holes[7] = null;
  await rejects(fit(b.x, holes, { model, featureNames: b.featureNames }), /target is missing at row 7/);
  await rejects(fit(b.x, b.y.map(() => "yes"), { model, featureNames: b.featureNames }), /target is constant \(every row is "yes"\)/);
  await rejects(fit(b.x, b.y.slice(1), { model, featureNames: b.featureNames }), /19 values but the features have 20 rows/);
  await rejects(fit(b.x, b.y.map((v, i) => (i % 3 === 0 ? "maybe" : v)), { model, featureNames: b.featureNames, task: "binary" }), /task 'binary' needs exactly two classes; the target has 3/);
});

test("NaN or infinite features name the row and the feature", async () => {
  const b = binaryData(20);
  const x = Float32Array.from(b.x);
  x[5 * 4 + 2] = NaN;
  await rejects(fit(x, b.y, { model, featureNames: b.featureNames }), /Feature 'f2' is NaN at row 5; impute/);
  x[5 * 4 + 2] = Infinity;
  await rejects(fit(x, b.y, { model, featureNames: b.featureNames }), /Feature 'f2' is Infinity at row 5/);
  await rejects(fit(b.x.subarray(1), b.y, { model, featureNames: b.featureNames }), /79 values, not a whole number of rows of 4 features/);
  await rejects(fit(b.x, b.y, { model }), /bare Float32Array: pass featureNames/);
});

test("a class with one example cannot be split stratified; options out of range are refused", async () => {
  const b = binaryData(30);
  const y = b.y.map((v, i) => (i === 4 ? "rare" : v));
  await rejects(fit(b.x, y, { model, featureNames: b.featureNames, validationFraction: 0.2 }), /Class "rare" has only 1 example; a stratified validation split needs at least 2/);
  await rejects(fit(b.x, b.y, { model, featureNames: b.featureNames, validationFraction: 1.5 }), /validationFraction must be between 0 and 1/);
  await rejects(fit(b.x, b.y, { model, featureNames: b.featureNames, epochs: 0 }), /epochs must be a positive integer, got 0/);
  await rejects(fit(b.x, b.y, { model: { type: "mlp", hiddenLayerSizes: [0] }, featureNames: b.featureNames }), /hiddenLayerSizes must be positive integers/);
  await rejects(fit(b.x, b.y, { model: { type: "mlp", activation: "swish" as never }, featureNames: b.featureNames }), /Unknown activation 'swish'/);
  await rejects(fit(b.x, b.y, { model: { type: "forest" as never }, featureNames: b.featureNames }), /Unknown model type "forest"/);
  await rejects(fit(b.x, b.y, { model, featureNames: b.featureNames, earlyStopping: { monitor: "val_f1" } }), /monitor 'val_f1' is not a logged metric/);
});
