// The network's variables and forward pass, with a dense layer whose gradient avoids transposed matmuls (fast on wasm).

import type { Random } from "../data/random";
import type { Tf } from "./backend";
import type { ResolvedConfig } from "./model-config";

type Tensor = import("@tensorflow/tfjs").Tensor;
type Tensor2D = import("@tensorflow/tfjs").Tensor2D;
type Variable = import("@tensorflow/tfjs").Variable;

export interface Network {
  tf: Tf;
  config: ResolvedConfig;
  inputSize: number;
  outputSize: number;
  /** Per dense layer (hidden layers, then the output layer): kernel [in, out] and bias [out]. */
  dense: { kernel: Variable; bias: Variable }[];
  /** Per hidden layer when batchNorm is on. */
  batchNorm: { gamma: Variable; beta: Variable; movingMean: Variable; movingVariance: Variable }[];
}

export interface NamedWeight { name: string; shape: number[]; values: Float32Array }

type DenseFn = (x: Tensor, w: Tensor, b: Tensor, decay?: Tensor) => Tensor2D;
interface DenseOps { first: DenseFn; inner: DenseFn; firstDecay: DenseFn; innerDecay: DenseFn }
const denseCache = new WeakMap<Tf, DenseOps>();

/**
 * x·W + b as tf.customGrad. tfjs-backend-wasm sends any transposed matmul to a slow non-XNNPACK loop, and autodiff's
 * gradient of matMul uses transposed matmuls; transposing explicitly keeps every matmul on XNNPACK (1.6-2x per epoch,
 * engine-probe.md). The first layer skips the input's gradient, which nothing uses. The decay variants take a scalar
 * (l2 / batch rows) and add the L2 penalty's gradient, decay * W, to the kernel's gradient directly: 2 kernels
 * instead of about 8 through the loss.
 */
function denseOps(tf: Tf): DenseOps {
  let ops = denseCache.get(tf);
  if (ops) return ops;
  const make = (needInputGrad: boolean, withDecay: boolean): DenseFn => tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (t: Tensor[]) => void;
    const [x, w, b, decay] = args as [Tensor2D, Tensor2D, Tensor, Tensor | undefined];
    save(withDecay ? [x, w, decay!] : [x, w]);
    return {
      value: tf.add(tf.matMul(x, w), b),
      gradFunc: (dy: Tensor2D, saved: Tensor[]) => {
        const [sx, sw, sd] = saved as [Tensor2D, Tensor2D, Tensor | undefined];
        const dx = needInputGrad ? tf.matMul(dy, tf.transpose(sw)) : tf.zerosLike(sx);
        let dw = tf.matMul(tf.transpose(sx), dy);
        if (sd) dw = tf.add(dw, tf.mul(sw, sd));
        const grads = [dx, dw, tf.sum(dy, 0)];
        return sd ? [...grads, tf.zerosLike(sd)] : grads;
      },
    };
  }) as never) as unknown as DenseFn;
  ops = { first: make(false, false), inner: make(true, false), firstDecay: make(false, true), innerDecay: make(true, true) };
  denseCache.set(tf, ops);
  return ops;
}

function variableFrom(tf: Tf, values: Float32Array, shape: number[], trainable = true): Variable {
  const t = tf.tensor(values, shape, "float32");
  const v = tf.variable(t, trainable);
  t.dispose();
  return v;
}

/** Glorot-uniform kernels (as Keras and scikit-learn), zero biases; all drawn from the seeded generator. */
export function createNetwork(tf: Tf, config: ResolvedConfig, inputSize: number, outputSize: number, rng: Random): Network {
  const sizes = [inputSize, ...config.hiddenLayerSizes, outputSize];
  const dense: Network["dense"] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!, fanOut = sizes[i + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let j = 0; j < w.length; j++) w[j] = (rng.next() * 2 - 1) * limit;
    dense.push({ kernel: variableFrom(tf, w, [fanIn, fanOut]), bias: variableFrom(tf, new Float32Array(fanOut), [fanOut]) });
  }
  const batchNorm = config.batchNorm
    ? config.hiddenLayerSizes.map((h) => ({
        gamma: variableFrom(tf, new Float32Array(h).fill(1), [h]),
        beta: variableFrom(tf, new Float32Array(h), [h]),
        movingMean: variableFrom(tf, new Float32Array(h), [h], false),
        movingVariance: variableFrom(tf, new Float32Array(h).fill(1), [h], false),
      }))
    : [];
  return { tf, config, inputSize, outputSize, dense, batchNorm };
}

/** Weights in a fixed order with stable names (the artifact's manifest). */
export function networkWeights(net: Network): { name: string; variable: Variable }[] {
  const out: { name: string; variable: Variable }[] = [];
  net.dense.forEach((d, i) => out.push({ name: `dense_${i}/kernel`, variable: d.kernel }, { name: `dense_${i}/bias`, variable: d.bias }));
  net.batchNorm.forEach((b, i) => out.push(
    { name: `batch_norm_${i}/gamma`, variable: b.gamma }, { name: `batch_norm_${i}/beta`, variable: b.beta },
    { name: `batch_norm_${i}/moving_mean`, variable: b.movingMean }, { name: `batch_norm_${i}/moving_variance`, variable: b.movingVariance },
  ));
  return out;
}

export function trainableVariables(net: Network): Variable[] {
  return networkWeights(net).map((w) => w.variable).filter((v) => v.trainable);
}

export function readWeights(net: Network): NamedWeight[] {
  return networkWeights(net).map(({ name, variable }) => ({ name, shape: [...variable.shape], values: variable.dataSync() as Float32Array }));
}

export function assignWeights(net: Network, weights: NamedWeight[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const { name, variable } of networkWeights(net)) {
    const w = byName.get(name)!;
    const t = net.tf.tensor(w.values, w.shape, "float32");
    variable.assign(t);
    t.dispose();
  }
}

export function disposeNetwork(net: Network): void {
  for (const { variable } of networkWeights(net)) variable.dispose();
}

function activate(tf: Tf, h: Tensor, activation: ResolvedConfig["activation"]): Tensor {
  switch (activation) {
    case "relu": return tf.relu(h);
    case "tanh": return tf.tanh(h);
    case "sigmoid": return tf.sigmoid(h);
    case "elu": return tf.elu(h);
    case "linear": return h;
  }
}

const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-3;

/**
 * The logits. In training, batch norm uses batch statistics (and updates its moving averages) and dropout multiplies
 * by the given masks (one per hidden layer, already scaled by 1/(1-rate)).
 */
export function forward(net: Network, x: Tensor2D, training: boolean, dropoutMasks?: Tensor[], decay?: Tensor): Tensor2D {
  const tf = net.tf;
  const ops = denseOps(tf);
  let h: Tensor = x;
  const last = net.dense.length - 1;
  net.dense.forEach((layer, i) => {
    h = decay
      ? (i === 0 ? ops.firstDecay : ops.innerDecay)(h, layer.kernel, layer.bias, decay)
      : (i === 0 ? ops.first : ops.inner)(h, layer.kernel, layer.bias);
    if (i === last) return;
    const bn = net.batchNorm[i];
    if (bn) {
      let mean: Tensor, variance: Tensor;
      if (training) {
        const m = tf.moments(h, 0);
        mean = m.mean; variance = m.variance;
        bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, BN_MOMENTUM), tf.mul(mean, 1 - BN_MOMENTUM)) as never);
        bn.movingVariance.assign(tf.add(tf.mul(bn.movingVariance, BN_MOMENTUM), tf.mul(variance, 1 - BN_MOMENTUM)) as never);
      } else {
        mean = bn.movingMean; variance = bn.movingVariance;
      }
      h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, BN_EPSILON))), bn.gamma), bn.beta);
    }
    h = activate(tf, h, net.config.activation);
    const mask = dropoutMasks?.[i];
    if (training && mask) h = tf.mul(h, mask);
  });
  return h as Tensor2D;
}
