// A trained model: predictions, probabilities and evaluation in chunks, over tensors it disposes itself.

import { invalidParameter } from "../core/errors";
import type { FeaturePipeline } from "../data/features/feature-pipeline";
import type { EpochLogs } from "./callbacks";
import { matrixOf, type Matrix, type ModelInput } from "./inputs";
import { computeMetrics } from "./metrics";
import type { ResolvedConfig } from "./model-config";
import { disposeNetwork, forward, type Network } from "./network";
import { keyOf, type Label, type LabelMapping } from "./target";

/** Rows per forward pass at prediction time: big enough to amortise kernel dispatch, small enough for the heap. */
const PREDICT_CHUNK = 8192;

export class TrainedModel {
  /** Per-epoch logs of the fit that made it (empty for a loaded model). */
  history: EpochLogs[] = [];
  /** Evaluation metrics (validation metrics of the kept epoch, when there was validation). */
  metrics: Record<string, number> = {};
  /** True when a pruning callback stopped training. */
  pruned = false;
  /** The epoch whose weights the model holds (early stopping restores the best one). */
  bestEpoch = -1;
  private disposed = false;

  constructor(
    readonly network: Network,
    readonly config: ResolvedConfig,
    readonly labels: LabelMapping,
    readonly featureNames: string[],
    readonly pipeline: FeaturePipeline | null,
  ) {}

  get task(): LabelMapping["task"] { return this.labels.task; }
  get backend(): string { return this.network.tf.getBackend(); }

  /** Raw outputs: binary p(class 1) per row, multiclass probabilities [n, k], regression predictions in target units. */
  outputs(m: Matrix): Float32Array {
    this.checkAlive();
    const tf = this.network.tf;
    const d = this.featureNames.length;
    const k = this.network.outputSize;
    const out = new Float32Array(m.rowCount * k);
    for (let start = 0; start < m.rowCount; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, m.rowCount - start);
      const chunk = m.values.subarray(start * d, (start + rows) * d);
      const y = tf.tidy(() => {
        const logits = forward(this.network, tf.tensor2d(chunk, [rows, d]), false);
        if (this.labels.task === "binary") return tf.sigmoid(logits);
        if (this.labels.task === "multiclass") return tf.softmax(logits);
        return tf.add(tf.mul(logits, this.labels.std ?? 1), this.labels.mean ?? 0);
      });
      out.set(y.dataSync() as Float32Array, start * k);
      y.dispose();
    }
    return out;
  }

  /** Class probabilities [n, k] row-major (binary: k = 2, as scikit-learn's predict_proba). */
  predictProba(input: ModelInput): Float32Array {
    if (this.labels.task === "regression") throw invalidParameter(`predictProba needs a classifier; this model does regression. Use predict.`);
    const out = this.outputs(matrixOf(input, this.featureNames, this.pipeline));
    if (this.labels.task === "multiclass") return out;
    const p = new Float32Array(out.length * 2);
    for (let i = 0; i < out.length; i++) { p[2 * i] = 1 - out[i]!; p[2 * i + 1] = out[i]!; }
    return p;
  }

  /** Class labels (classification) or numbers (regression), one per row. */
  predict(input: ModelInput): Label[] | Float32Array {
    const out = this.outputs(matrixOf(input, this.featureNames, this.pipeline));
    if (this.labels.task === "regression") return out;
    const classes = this.labels.classes!;
    if (this.labels.task === "binary") return Array.from(out, (p) => classes[p >= 0.5 ? 1 : 0]!);
    const k = classes.length, n = out.length / k;
    const labels: Label[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (out[i * k + c]! > out[i * k + best]!) best = c;
      labels[i] = classes[best]!;
    }
    return labels;
  }

  /** loss plus accuracy/auc (binary), accuracy (multiclass) or mse/rmse/mae/r2 (regression). */
  evaluate(input: ModelInput, y: ArrayLike<Label>): Record<string, number> {
    const m = matrixOf(input, this.featureNames, this.pipeline);
    if (y.length !== m.rowCount) throw invalidParameter(`evaluate got ${y.length} labels for ${m.rowCount} rows.`);
    const out = this.outputs(m);
    if (this.labels.task === "regression") {
      const values = new Float32Array(m.rowCount);
      for (let i = 0; i < m.rowCount; i++) {
        if (typeof y[i] !== "number" || !Number.isFinite(y[i] as number)) throw invalidParameter(`The target is ${JSON.stringify(y[i])} at row ${i}; regression needs finite numbers.`);
        values[i] = ((y[i] as number) - (this.labels.mean ?? 0)) / (this.labels.std ?? 1);
      }
      return computeMetrics(this.labels, out, undefined, values);
    }
    const index = new Map(this.labels.classes!.map((c, i) => [keyOf(c), i]));
    const codes = new Int32Array(m.rowCount);
    for (let i = 0; i < m.rowCount; i++) {
      const c = index.get(keyOf(y[i]!));
      if (c === undefined) throw invalidParameter(`Label ${JSON.stringify(y[i])} at row ${i} is not a class the model knows (${this.labels.classes!.map(String).join(", ")}).`);
      codes[i] = c;
    }
    return computeMetrics(this.labels, out, codes, undefined);
  }

  /** Frees the weights; the model cannot predict afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeNetwork(this.network);
  }

  private checkAlive(): void {
    if (this.disposed) throw invalidParameter(`This model was disposed; load it again with loadTrainedModel.`);
  }
}
