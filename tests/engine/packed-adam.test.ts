// PackedAdam follows Adam's update (Kingma & Ba, as scikit-learn writes it) for every variable it packs.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { ensureEngine, initEngine } from "../../src/engine";
import { PackedAdam } from "../../src/engine/packed-adam";

before(async () => { await initEngine({ backend: "wasm" }); });

test("three steps on sum((w - c)^2) over two variables of different shapes equal a scalar reference", async () => {
  const { tf } = await ensureEngine();
  const start = tf.memory().numTensors;
  const a = tf.tidy(() => tf.variable(tf.tensor2d([[1, -2], [0.5, 3]])));
  const b = tf.tidy(() => tf.variable(tf.tensor1d([4, -1, 0])));
  const c = [0.2, 0.1, -0.3, 1, 2, 2, -2];
  const opt = new PackedAdam(tf, [a, b], 0.1);
  const w = [1, -2, 0.5, 3, 4, -1, 0];
  const m = w.map(() => 0), v = w.map(() => 0);
  for (let t = 1; t <= 3; t++) {
    const loss = opt.minimize(() => tf.tidy(() => tf.sum(tf.square(tf.sub(tf.concat([tf.reshape(a, [-1]), b]), tf.tensor1d(c))))) as never);
    assert.ok(Math.abs(loss.dataSync()[0]! - w.reduce((s, x, i) => s + (x - c[i]!) ** 2, 0)) < 1e-4);
    loss.dispose();
    const lrT = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    w.forEach((x, i) => {
      const g = 2 * (x - c[i]!);
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      w[i] = x - (lrT * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
    });
    const got = [...a.dataSync(), ...b.dataSync()];
    got.forEach((x, i) => assert.ok(Math.abs(x - w[i]!) < 1e-5, `step ${t}, weight ${i}: ${x} vs ${w[i]}`));
  }
  assert.deepEqual(a.shape, [2, 2]);
  opt.dispose(); a.dispose(); b.dispose();
  assert.equal(tf.memory().numTensors, start);
});
