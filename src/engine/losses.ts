// Training losses as tf.customGrad: the gradient with respect to the logits is written out ((p - y) / n, or
// 2 (z - y) / n), a few kernels instead of autodiff's dozen through the loss formula.

import type { Tf } from "./backend";
import type { Task } from "./target";

type Tensor = import("@tensorflow/tfjs").Tensor;
type Scalar = import("@tensorflow/tfjs").Scalar;

/** (logits [n, k], targets [n, k], optional row weights [n, 1]) -> the (weighted) mean loss. */
export type LossFn = (z: Tensor, y: Tensor, w?: Tensor) => Scalar;

const cache = new WeakMap<Tf, Map<string, LossFn>>();

function perRow(tf: Tf, task: Task, z: Tensor, y: Tensor): Tensor {
  // Binary log-loss from logits, stable for large |z|: max(z,0) - z*y + log(1 + exp(-|z|)).
  if (task === "binary") return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  if (task === "multiclass") return tf.sub(tf.logSumExp(z, 1, true), tf.sum(tf.mul(z, y), 1, true));
  return tf.squaredDifference(z, y);
}

/** d loss / d z for one unit of upstream gradient, before the per-row weighting. */
function residual(tf: Tf, task: Task, z: Tensor, y: Tensor): Tensor {
  if (task === "binary") return tf.sub(tf.sigmoid(z), y);
  if (task === "multiclass") return tf.sub(tf.softmax(z), y);
  return tf.mul(tf.sub(z, y), 2);
}

export function lossFunction(tf: Tf, task: Task, weighted: boolean): LossFn {
  let byKey = cache.get(tf);
  if (!byKey) cache.set(tf, (byKey = new Map()));
  const key = `${task}:${weighted}`;
  let fn = byKey.get(key);
  if (fn) return fn;
  fn = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (t: Tensor[]) => void;
    const [z, y, w] = args as [Tensor, Tensor, Tensor | undefined];
    const rows = perRow(tf, task, z, y);
    if (w) {
      const total = tf.sum(w);
      save([z, y, w, total]);
      return { value: tf.div(tf.sum(tf.mul(rows, w)), total), gradFunc: (dy: Tensor, s: Tensor[]) => [tf.mul(residual(tf, task, s[0]!, s[1]!), tf.div(tf.mul(s[2]!, dy), s[3]!)), tf.zerosLike(s[1]!), tf.zerosLike(s[2]!)] };
    }
    save([z, y]);
    const n = z.shape[0]!;
    return { value: tf.mean(rows), gradFunc: (dy: Tensor, s: Tensor[]) => [tf.mul(residual(tf, task, s[0]!, s[1]!), tf.div(dy, n)), tf.zerosLike(s[1]!)] };
  }) as never) as unknown as LossFn;
  byKey.set(key, fn);
  return fn;
}
