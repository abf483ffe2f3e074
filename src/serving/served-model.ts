// A model as serving answers with it: one instance's named features in, the prediction and its confidence out.
// Any model flavor (src/models) serves: serving loads models through the seam evaluation uses.

import { invalidParameter, LabopsError } from "../core/errors";
import type { FeatureValue } from "../data/prediction-log";
import { loadPredictor, modelFlavors } from "../models";

export type ServingFeatures = Record<string, FeatureValue>;

export interface ServingPrediction {
  prediction: number | string;
  /** 0..1: the predicted class's probability. */
  confidence: number;
}

export interface ServedModel {
  /** The feature names the model reads, in order. */
  readonly features: readonly string[];
  /** Throws a LabopsError naming the bad feature (serving answers it with 400). */
  predict(features: ServingFeatures): Promise<ServingPrediction>;
}

/** Loads a model folder for serving: a classifier of any registered flavor. */
export async function loadServedModel(folder: string): Promise<ServedModel> {
  const model = await loadPredictor(folder);
  if (!model) throw invalidParameter(`'${folder}' has no model.json naming its flavor; serving reads a model folder saved with one (known: ${modelFlavors().join(", ")}).`);
  const { predictProba, classes } = model;
  if (model.task !== "classification" || !predictProba || !classes) throw invalidParameter(`The ${model.flavor} model in '${folder}' gives no class probabilities; serving answers with the predicted class's probability, so it serves classifiers only.`);
  return {
    features: model.featureNames,
    async predict(features: ServingFeatures): Promise<ServingPrediction> {
      const row = model.featureNames.map((name) => {
        const v = features[name];
        if (typeof v !== "number" || !Number.isFinite(v)) throw invalidParameter(`features.${name} must be a finite number; got ${JSON.stringify(v)}.`);
        return v;
      });
      const [prediction] = await model.predict([row]);
      const [proba] = await predictProba([row]);
      const k = classes.indexOf(prediction!);
      if (k < 0) throw new LabopsError("INTERNAL_ERROR", `The ${model.flavor} model predicted ${JSON.stringify(prediction)}, which is not one of its classes ${JSON.stringify(classes)}.`);
      return { prediction: prediction!, confidence: proba![k]! };
    },
  };
}
