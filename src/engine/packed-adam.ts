// Adam over all parameters packed in one flat vector: one set of element-wise kernels per step instead of one per
// weight tensor (tfjs' Adam runs ~15 kernels for each of them; on wasm, per-kernel dispatch is the cost, not the math).

import type { Tf } from "./backend";

type Scalar = import("@tensorflow/tfjs").Scalar;
type Variable = import("@tensorflow/tfjs").Variable;

/** scikit-learn's and Kingma & Ba's update: lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t); w -= lr_t * m / (sqrt(v) + eps). */
export class PackedAdam {
  learningRate: number;
  private readonly m: Variable;
  private readonly v: Variable;
  private readonly sizes: number[];
  private t = 0;

  constructor(private readonly tf: Tf, private readonly vars: Variable[], learningRate: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8) {
    this.learningRate = learningRate;
    this.sizes = vars.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  /** One step on the loss `f`; returns the loss (the caller disposes it). */
  minimize(f: () => Scalar): Scalar {
    const tf = this.tf;
    this.t++;
    const lrT = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(f, this.vars);
      const flat = tf.concat(this.vars.map((v) => tf.reshape(grads[v.name]!, [-1])));
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(flat, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(flat), 1 - this.beta2));
      this.m.assign(m);
      this.v.assign(v);
      const step = tf.div(tf.mul(m, lrT), tf.add(tf.sqrt(v), this.epsilon));
      const parts = tf.split(step, this.sizes);
      this.vars.forEach((variable, i) => variable.assign(tf.sub(variable, tf.reshape(parts[i]!, variable.shape))));
      return value;
    });
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
