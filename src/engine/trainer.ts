// fit(): the engine-owned training loop (batches cut in JS, one loss read per epoch), with validation, early stopping,
// learning-rate schedules, class weights, seeds and callbacks.

import { invalidParameter } from "../core/errors";
import type { FeatureMatrix, FeaturePipeline } from "../data/features/feature-pipeline";
import { seededRandom } from "../data/random";
import { ensureEngine, type Tf } from "./backend";
import type { Callback, EpochLogs, TrainingControl } from "./callbacks";
import { checkFinite, type Matrix } from "./inputs";
import { lossFunction } from "./losses";
import { PackedAdam } from "./packed-adam";
import { computeMetrics } from "./metrics";
import { resolveConfig, type ModelConfig } from "./model-config";
import { createNetwork, forward, readWeights, assignWeights, trainableVariables, type NamedWeight, type Network } from "./network";
import { Scheduler, type LearningRateSchedule } from "./schedules";
import { shuffleInPlace, validationSplit } from "./split";
import { encodeTarget, keyOf, type EncodedTarget, type Label, type Task } from "./target";
import { TrainedModel } from "./trained-model";

type Tensor = import("@tensorflow/tfjs").Tensor;
type Scalar = import("@tensorflow/tfjs").Scalar;

export interface EarlyStopping {
  /** Epochs without improvement before stopping; default 10 (scikit-learn's n_iter_no_change). */
  patience?: number;
  /** Default val_loss (loss without validation). Metrics named accuracy, auc or r2 are maximised, others minimised. */
  monitor?: string;
  minDelta?: number;
  /** Default true: the model ends with the best epoch's weights. */
  restoreBestWeights?: boolean;
}

export interface FitOptions {
  model: ModelConfig;
  /** Default auto (see encodeTarget). */
  task?: Task | "auto";
  /** Features per row, for a bare Float32Array (or give featureNames). */
  featureNames?: string[];
  /** The fitted pipeline that produced the features: saved with the model so predict takes records. */
  pipeline?: FeaturePipeline;
  /** Default 200 (scikit-learn's max_iter). */
  epochs?: number;
  /** Default min(200, rows) (scikit-learn's 'auto'). */
  batchSize?: number;
  /** Default 1e-3 (Adam) or 1e-2 (sgd). */
  learningRate?: number;
  optimizer?: "adam" | "sgd";
  /** sgd only; default 0.9. */
  momentum?: number;
  schedule?: LearningRateSchedule;
  /** Held-out share of rows, stratified by class; default 0.1 when early stopping is on, else 0. */
  validationFraction?: number;
  /** Explicit validation rows instead of a split. */
  validationData?: { x: Float32Array | Matrix; y: ArrayLike<Label> };
  /** true for defaults, an object to tune, false (default) to train all epochs. */
  earlyStopping?: boolean | EarlyStopping;
  /** 'balanced' (n / (k * count)) or a weight per class label. */
  classWeight?: "balanced" | Record<string, number>;
  /** Seeds initial weights, the split, shuffling and dropout: the same seed repeats a run on one backend. Default 0. */
  seed?: number;
  /** Default true. */
  shuffle?: boolean;
  callbacks?: Callback[];
}

interface Prepared { x: Float32Array; y: EncodedTarget; rows: Int32Array }

function toMatrix(x: Float32Array | Matrix | FeatureMatrix, featureNames: string[] | undefined, what: string): { m: Matrix; names: string[] } {
  if (x instanceof Float32Array) {
    if (!featureNames?.length) throw invalidParameter(`${what} is a bare Float32Array: pass featureNames so the model knows how many features a row has.`);
    if (x.length % featureNames.length !== 0) throw invalidParameter(`${what} has ${x.length} values, not a whole number of rows of ${featureNames.length} features.`);
    return { m: { values: x, rowCount: x.length / featureNames.length }, names: featureNames };
  }
  if (!x || !(x.values instanceof Float32Array)) throw invalidParameter(`${what} must be a Float32Array or {values: Float32Array, rowCount, featureNames}.`);
  const names = (x as FeatureMatrix).featureNames ?? featureNames;
  if (!names?.length) throw invalidParameter(`${what} has no featureNames; pass them in the options.`);
  if (x.values.length !== x.rowCount * names.length) throw invalidParameter(`${what} has ${x.values.length} values, not ${x.rowCount} rows x ${names.length} features.`);
  return { m: { values: x.values, rowCount: x.rowCount }, names };
}

function gather(x: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(x.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return out;
}

function classWeights(opt: FitOptions["classWeight"], y: EncodedTarget): Float32Array | null {
  if (!opt || y.mapping.task === "regression") {
    if (opt) throw invalidParameter(`classWeight applies to classification; this target is regression.`);
    return null;
  }
  const classes = y.mapping.classes!;
  const w = new Float32Array(classes.length);
  if (opt === "balanced") {
    const counts = new Float64Array(classes.length);
    for (const c of y.codes!) counts[c]!++;
    classes.forEach((_, c) => (w[c] = y.codes!.length / (classes.length * counts[c]!)));
    return w;
  }
  const known = new Set(classes.map((c) => String(c)));
  for (const k of Object.keys(opt)) if (!known.has(k)) throw invalidParameter(`classWeight names class '${k}', which the target does not have (${[...known].join(", ")}).`);
  classes.forEach((c, i) => {
    const v = opt[String(c)] ?? 1;
    if (!(v >= 0) || !Number.isFinite(v)) throw invalidParameter(`classWeight for '${String(c)}' must be a non-negative number, got ${v}.`);
    w[i] = v;
  });
  return w;
}

const MAXIMISED = /(accuracy|auc|r2)$/;

/**
 * Trains a linear model or MLP on a row-major Float32Array (or the feature pipeline's FeatureMatrix) and labels.
 * Nothing is left on the device but the returned model's weights.
 */
export async function fit(x: Float32Array | Matrix | FeatureMatrix, y: ArrayLike<Label | null | undefined>, options: FitOptions): Promise<TrainedModel> {
  const config = resolveConfig(options.model);
  const { m, names } = toMatrix(x, options.featureNames, "The training matrix");
  checkFinite(m, names);
  const target = encodeTarget(y, m.rowCount, options.task ?? "auto");
  const epochs = options.epochs ?? 200;
  if (!Number.isInteger(epochs) || epochs < 1) throw invalidParameter(`epochs must be a positive integer, got ${epochs}.`);
  const batchSize = options.batchSize ?? Math.min(200, m.rowCount);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidParameter(`batchSize must be a positive integer, got ${batchSize}.`);
  const optimizerName = options.optimizer ?? "adam";
  if (optimizerName !== "adam" && optimizerName !== "sgd") throw invalidParameter(`Unknown optimizer '${optimizerName}'; use adam or sgd.`);
  const baseLr = options.learningRate ?? (optimizerName === "adam" ? 1e-3 : 1e-2);
  if (!(baseLr > 0)) throw invalidParameter(`learningRate must be positive, got ${baseLr}.`);
  const scheduler = new Scheduler(baseLr, options.schedule);
  const es: Required<EarlyStopping> | null = options.earlyStopping
    ? { patience: 10, monitor: "", minDelta: 0, restoreBestWeights: true, ...(options.earlyStopping === true ? {} : options.earlyStopping) }
    : null;
  const weightsPerClass = classWeights(options.classWeight, target);
  const rng = seededRandom(options.seed ?? 0);
  const d = names.length;

  if (options.validationFraction !== undefined && options.validationData) throw invalidParameter(`Pass validationFraction or validationData, not both.`);
  // Split before anything touches the device, so bad input fails with nothing to clean up.
  let train: Prepared, valid: Prepared | null = null;
  const all = Int32Array.from({ length: m.rowCount }, (_, i) => i);
  const fraction = options.validationData ? 0 : options.validationFraction ?? (es ? 0.1 : 0);
  if (fraction > 0) {
    const s = validationSplit(m.rowCount, fraction, rng, target.codes, target.mapping.classes);
    train = { x: m.values, y: target, rows: s.train };
    valid = { x: m.values, y: target, rows: s.valid };
  } else {
    train = { x: m.values, y: target, rows: all };
    if (options.validationData) {
      const v = toMatrix(options.validationData.x, names, "validationData.x");
      checkFinite(v.m, names);
      const vy = encodeValidation(options.validationData.y, v.m.rowCount, target);
      valid = { x: v.m.values, y: vy, rows: Int32Array.from({ length: v.m.rowCount }, (_, i) => i) };
    }
  }

  const { tf } = await ensureEngine();
  const k = target.mapping.task === "multiclass" ? target.mapping.classes!.length : 1;
  const net = createNetwork(tf, config, d, k, rng);
  const model = new TrainedModel(net, config, target.mapping, names, options.pipeline ?? null);
  const vars = trainableVariables(net);
  const optimizer = optimizerName === "adam" ? new PackedAdam(tf, vars, baseLr) : tf.train.momentum(baseLr, options.momentum ?? 0.9);
  const callbacks = options.callbacks ?? [];
  const control: TrainingControl = { stopTraining: false, pruned: false };
  const validX = valid ? gather(valid.x, d, valid.rows) : null;
  let best: { value: number; epoch: number; weights: NamedWeight[]; metrics: Record<string, number> } | null = null;
  let waited = 0;
  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(control);
    const order = Int32Array.from(train.rows);
    const xb = new Float32Array(batchSize * d);
    const yb = new Float32Array(batchSize * k);
    const wb = weightsPerClass ? new Float32Array(batchSize) : null;
    for (let epoch = 0; epoch < epochs && !control.stopTraining; epoch++) {
      const lr = scheduler.rate(epoch);
      setLearningRate(optimizer, lr);
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, control);
      if (options.shuffle ?? true) shuffleInPlace(order, rng);
      const costs: Scalar[] = [];
      const sizes: number[] = [];
      let batch = 0;
      for (let start = 0; start < order.length; start += batchSize, batch++) {
        const size = Math.min(batchSize, order.length - start);
        fillBatch(train, order, start, size, d, k, xb, yb, wb, weightsPerClass);
        const masks = dropoutMasks(config.dropout, config.hiddenLayerSizes, size, rng);
        const cost = tf.tidy(() => {
          const xt = tf.tensor2d(xb.subarray(0, size * d), [size, d]);
          const yt = tf.tensor2d(yb.subarray(0, size * k), [size, k]);
          const wt = wb ? tf.tensor2d(wb.subarray(0, size), [size, 1]) : null;
          const mt = masks?.map((mask, i) => tf.tensor2d(mask, [size, config.hiddenLayerSizes[i]!]));
          const loss = () => lossOf(tf, net, xt, yt, wt, mt, target.mapping.task);
          return optimizer instanceof PackedAdam ? optimizer.minimize(loss) : optimizer.minimize(loss, true, vars)!;
        });
        costs.push(cost);
        sizes.push(size);
        for (const cb of callbacks) await cb.onBatchEnd?.(batch, { epoch, size }, control);
      }
      // One device read per epoch for the training loss.
      const stacked = tf.stack(costs);
      const batchLosses = stacked.dataSync();
      stacked.dispose();
      costs.forEach((c) => c.dispose());
      let loss = 0;
      batchLosses.forEach((l, i) => (loss += l * sizes[i]!));
      loss /= order.length;
      if (!Number.isFinite(loss)) throw invalidParameter(`Training diverged at epoch ${epoch} (loss ${loss}); lower learningRate (now ${lr}) or scale the features.`);
      const metrics: Record<string, number> = { loss };
      if (valid && validX) {
        const out = model.outputs({ values: validX, rowCount: valid.rows.length });
        const vm = computeMetrics(target.mapping, out, valid.y.codes && pick(valid.y.codes, valid.rows), valid.y.values && pickF(valid.y.values, valid.rows));
        for (const [key, v] of Object.entries(vm)) metrics[`val_${key}`] = v;
      }
      const logs: EpochLogs = { epoch, learningRate: lr, metrics };
      model.history.push(logs);
      const monitor = es?.monitor || (valid ? "val_loss" : "loss");
      const monitored = metrics[monitor];
      scheduler.observe(metrics[valid ? "val_loss" : "loss"]!);
      if (es) {
        if (monitored === undefined) throw invalidParameter(`earlyStopping.monitor '${monitor}' is not a logged metric (${Object.keys(metrics).join(", ")}).`);
        const sign = MAXIMISED.test(monitor) ? -1 : 1;
        if (!best || sign * monitored < sign * best.value - es.minDelta) {
          best = { value: monitored, epoch, weights: es.restoreBestWeights ? readWeights(net).map((w) => ({ ...w, values: Float32Array.from(w.values) })) : [], metrics: { ...metrics } };
          waited = 0;
        } else if (++waited >= es.patience) {
          control.stopTraining = true;
        }
      }
      for (const cb of callbacks) await cb.onEpochEnd?.(logs, control);
    }
    if (es && best && es.restoreBestWeights) {
      assignWeights(net, best.weights);
      model.bestEpoch = best.epoch;
      model.metrics = stripPrefix(best.metrics);
    } else {
      model.bestEpoch = model.history.length - 1;
      model.metrics = stripPrefix(model.history[model.history.length - 1]?.metrics ?? {});
    }
    model.pruned = control.pruned;
    for (const cb of callbacks) await cb.onTrainEnd?.(model.history, control);
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
    // MomentumOptimizer.dispose() forgets the learning-rate scalar its SGD base class keeps (tfjs 4.22).
    const c = (optimizer as unknown as { c?: { dispose?: () => void; isDisposed?: boolean } }).c;
    if (c && typeof c.dispose === "function" && !c.isDisposed) c.dispose();
  }
  return model;
}

/** Adam reads `learningRate` at each step; SGD/momentum read a scalar that only setLearningRate rebuilds. */
function setLearningRate(optimizer: unknown, lr: number): void {
  const o = optimizer as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** Validation metrics without the val_ prefix when there was validation, else the training loss. */
function stripPrefix(metrics: Record<string, number>): Record<string, number> {
  const val = Object.entries(metrics).filter(([key]) => key.startsWith("val_"));
  if (!val.length) return { ...metrics };
  return Object.fromEntries(val.map(([key, v]) => [key.slice(4), v]));
}

function pick(a: Int32Array, rows: Int32Array): Int32Array { return Int32Array.from(rows, (r) => a[r]!); }
function pickF(a: Float32Array, rows: Int32Array): Float32Array { return Float32Array.from(rows, (r) => a[r]!); }

function encodeValidation(y: ArrayLike<Label>, rowCount: number, train: EncodedTarget): EncodedTarget {
  if (y.length !== rowCount) throw invalidParameter(`validationData has ${rowCount} rows but ${y.length} labels.`);
  const map = train.mapping;
  if (map.task === "regression") {
    const values = new Float32Array(rowCount);
    for (let i = 0; i < rowCount; i++) {
      if (typeof y[i] !== "number" || !Number.isFinite(y[i] as number)) throw invalidParameter(`validationData's target is ${JSON.stringify(y[i])} at row ${i}; regression needs finite numbers.`);
      values[i] = ((y[i] as number) - map.mean!) / map.std!;
    }
    return { mapping: map, values };
  }
  const index = new Map(map.classes!.map((c, i) => [keyOf(c), i]));
  const codes = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const c = index.get(keyOf(y[i]!));
    if (c === undefined) throw invalidParameter(`validationData has label ${JSON.stringify(y[i])} at row ${i}, which the training target does not have.`);
    codes[i] = c;
  }
  return { mapping: map, codes };
}

function fillBatch(p: Prepared, order: Int32Array, start: number, size: number, d: number, k: number, xb: Float32Array, yb: Float32Array, wb: Float32Array | null, classW: Float32Array | null): void {
  const task = p.y.mapping.task;
  if (task === "multiclass") yb.fill(0, 0, size * k);
  for (let i = 0; i < size; i++) {
    const r = order[start + i]!;
    xb.set(p.x.subarray(r * d, r * d + d), i * d);
    if (task === "regression") yb[i] = p.y.values![r]!;
    else if (task === "binary") yb[i] = p.y.codes![r]!;
    else yb[i * k + p.y.codes![r]!] = 1;
    if (wb) wb[i] = classW![p.y.codes![r]!]!;
  }
}

/** Inverted dropout masks from the seeded generator, so dropout repeats with the seed. */
function dropoutMasks(rate: number, hidden: number[], size: number, rng: { next(): number }): Float32Array[] | null {
  if (!(rate > 0)) return null;
  const keep = 1 / (1 - rate);
  return hidden.map((h) => {
    const mask = new Float32Array(size * h);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < rate ? 0 : keep;
    return mask;
  });
}

function lossOf(tf: Tf, net: Network, x: Tensor, y: Tensor, w: Tensor | null, masks: Tensor[] | undefined, task: Task): Scalar {
  const rows = x.shape[0]!;
  const { l1, l2 } = net.config;
  // scikit-learn's convention (alpha): the penalty is 0.5 * l2 * sum(w^2) / batch rows, so the same value means the
  // same model. Its gradient (l2 / rows) * W goes straight into the dense layers' kernel gradients; the reported
  // loss is the data loss.
  const decay = l2 > 0 ? tf.scalar(l2 / rows) : undefined;
  const z = forward(net, x as never, true, masks, decay);
  let loss: Tensor = w ? lossFunction(tf, task, true)(z, y, w) : lossFunction(tf, task, false)(z, y);
  if (l1 > 0) for (const { kernel } of net.dense) loss = tf.add(loss, tf.mul(tf.sum(tf.abs(kernel)), l1 / rows));
  return loss as Scalar;
}
