// Evaluation metrics computed in JS from model outputs (one read from the device per evaluation, not per batch).

import type { LabelMapping } from "./target";
import { rankAuc } from "../stats/rank-auc";

/** Outputs: binary p(class 1) per row; multiclass probabilities row-major; regression predictions in target units. */
export function computeMetrics(mapping: LabelMapping, outputs: Float32Array, codes: Int32Array | undefined, values: Float32Array | undefined): Record<string, number> {
  if (mapping.task === "regression") {
    const n = outputs.length;
    const mean = mapping.mean ?? 0, std = mapping.std ?? 1;
    let se = 0, ae = 0, ym = 0;
    for (let i = 0; i < n; i++) ym += values![i]! * std + mean;
    ym /= n;
    let st = 0;
    for (let i = 0; i < n; i++) {
      const y = values![i]! * std + mean;
      const d = outputs[i]! - y;
      se += d * d; ae += Math.abs(d); st += (y - ym) ** 2;
    }
    return { loss: se / n / (std * std), mse: se / n, rmse: Math.sqrt(se / n), mae: ae / n, r2: st > 0 ? 1 - se / st : 0 };
  }
  const k = mapping.classes!.length;
  const n = codes!.length;
  const eps = Number.EPSILON; // scikit-learn 1.9 log_loss clips at float64 eps
  let ll = 0, correct = 0;
  if (mapping.task === "binary") {
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(outputs[i]!, eps), 1 - eps);
      const y = codes![i]!;
      ll -= y === 1 ? Math.log(p) : Math.log(1 - p);
      if ((p >= 0.5 ? 1 : 0) === y) correct++;
    }
    return { loss: ll / n, accuracy: correct / n, auc: rocAuc(outputs, codes!) };
  }
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (outputs[row + c]! > outputs[row + best]!) best = c;
    if (best === codes![i]) correct++;
    ll -= Math.log(Math.max(outputs[row + codes![i]!]!, eps));
  }
  return { loss: ll / n, accuracy: correct / n };
}

/** Area under the ROC curve by ranks (ties get their average rank), as scikit-learn's roc_auc_score. */
export function rocAuc(scores: Float32Array, labels: Int32Array): number {
  return rankAuc(scores, Array.from(labels, (l) => l === 1));
}
