// The engine's saved models as a model flavor, so `labops evaluate` (and anything using loadPredictor) reads them.

import { registerModelFlavor, type ModelPredictor } from "../models/model-flavors";
import type { Label } from "../evaluation/labels";
import { MODEL_FORMAT, loadTrainedModel } from "./model-artifact";

// Evaluation's labels are strings or numbers; the engine also keeps booleans.
const asLabel = (l: unknown): Label => (typeof l === "boolean" ? String(l) : (l as Label));

registerModelFlavor(MODEL_FORMAT, async (dir): Promise<ModelPredictor> => {
  const model = await loadTrainedModel(dir);
  // With a fitted pipeline attached the model reads the raw columns; without, its own feature matrix.
  const columns = model.pipeline ? [...new Set(model.pipeline.spec.steps.flatMap((s) => s.columns))] : model.featureNames;
  const input = (rows: number[][]) =>
    model.pipeline
      ? rows.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j]])))
      : { values: Float32Array.from(rows.flat()), rowCount: rows.length };
  const classification = model.task !== "regression";
  const k = model.labels.classes?.length ?? 0;
  return {
    flavor: MODEL_FORMAT,
    task: classification ? "classification" : "regression",
    featureNames: columns,
    classes: model.labels.classes?.map(asLabel),
    predict: (rows) => Array.from(model.predict(input(rows)) as ArrayLike<unknown>, asLabel),
    predictProba: classification
      ? (rows) => {
          const p = model.predictProba(input(rows));
          if (model.task === "binary") return Array.from(p, (q) => [1 - q, q]);
          return Array.from({ length: rows.length }, (_, i) => Array.from(p.subarray(i * k, (i + 1) * k)));
        }
      : undefined,
  };
});
