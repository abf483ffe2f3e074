// The hand-written gradients (fused losses, dense layers with explicit transposes and L2 decay) equal autodiff's.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { ensureEngine, initEngine } from "../../src/engine";
import { lossFunction } from "../../src/engine/losses";
import { resolveConfig } from "../../src/engine/model-config";
import { createNetwork, disposeNetwork, forward } from "../../src/engine/network";
import { seededRandom } from "../../src/data/random";

before(async () => { await initEngine({ backend: "wasm" }); });

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol * (1 + Math.abs(b[i]!)), `${i}: ${a[i]} vs ${b[i]}`);
}

test("fused loss values and logit gradients match the plain formulas, weighted and not", async () => {
  const { tf } = await ensureEngine();
  const rng = seededRandom(1);
  const n = 6;
  for (const [task, k] of [["binary", 1], ["multiclass", 3], ["regression", 1]] as const) {
    const z = tf.tensor2d(Array.from({ length: n * k }, () => rng.normal() * 3), [n, k]);
    const yv = Array.from({ length: n * k }, (_, i) => (task === "multiclass" ? (i % k === Math.floor(i / k) % k ? 1 : 0) : task === "binary" ? i % 2 : rng.normal()));
    const y = tf.tensor2d(yv, [n, k]);
    const w = tf.tensor2d(Array.from({ length: n }, (_, i) => 0.5 + i), [n, 1]);
    const plain = (zz: import("@tensorflow/tfjs").Tensor, weighted: boolean) => {
      const rows = task === "binary" ? tf.add(tf.mul(tf.neg(y), tf.log(tf.sigmoid(zz))), tf.mul(tf.sub(1, y), tf.neg(tf.log(tf.sub(1, tf.sigmoid(zz))))))
        : task === "multiclass" ? tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(zz)), 1, true)) : tf.square(tf.sub(zz, y));
      return weighted ? tf.div(tf.sum(tf.mul(rows, w)), tf.sum(w)) : tf.mean(rows);
    };
    for (const weighted of [false, true]) {
      const fused = lossFunction(tf, task, weighted);
      const f = (zz: import("@tensorflow/tfjs").Tensor) => (weighted ? fused(zz, y, w) : fused(zz, y));
      close(f(z).dataSync(), plain(z, weighted).dataSync());
      close(tf.grad(f)(z).dataSync(), tf.grad((zz) => plain(zz, weighted) as never)(z).dataSync());
    }
    tf.dispose([z, y, w]);
  }
});

test("the explicit-transpose dense layers with L2 decay give autodiff's gradients of loss + 0.5 * l2 * sum(W^2) / n", async () => {
  const { tf } = await ensureEngine();
  const net = createNetwork(tf, resolveConfig({ type: "mlp", hiddenLayerSizes: [5, 3], activation: "tanh" }), 4, 1, seededRandom(2));
  const x = tf.randomNormal([7, 4], 0, 1, "float32", 3) as import("@tensorflow/tfjs").Tensor2D;
  const l2 = 0.3;
  const vars = net.dense.flatMap((d) => [d.kernel, d.bias]);
  const ours = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.square(forward(net, x, true, undefined, tf.scalar(l2 / 7))))) as never, vars);
  const reference = tf.variableGrads(() => tf.tidy(() => {
    let h: import("@tensorflow/tfjs").Tensor = x;
    net.dense.forEach((d, i) => { h = tf.add(tf.matMul(h, d.kernel), d.bias); if (i < net.dense.length - 1) h = tf.tanh(h); });
    let loss = tf.sum(tf.square(h));
    for (const d of net.dense) loss = tf.add(loss, tf.mul(tf.sum(tf.square(d.kernel)), (0.5 * l2) / 7));
    return loss;
  }) as never, vars);
  for (const v of vars) close(ours.grads[v.name]!.dataSync(), reference.grads[v.name]!.dataSync(), 1e-4);
  tf.dispose([x, ours.value, reference.value, ...Object.values(ours.grads), ...Object.values(reference.grads)]);
  disposeNetwork(net);
});
