// The demo rain model (src/demo/rain-model.ts) as a servable model folder, and replayable traffic: Seattle's 2015
// days as units with their features and the true outcome, for serving demos, tests and the serving bench.

import { readCsv } from "../data/csv";
import { datasetPath } from "../data/datasets";
import { FEATURES, fitStandardizer, LogisticRegression, standardize, toExamples, type Example } from "../demo/rain-model";
import { saveLogisticModel } from "../models";

function examples(): { train: Example[]; valid: Example[] } {
  const all = toExamples(readCsv(datasetPath("seattle-weather.csv")));
  return { train: all.filter((e) => e.date < "2015-01-01"), valid: all.filter((e) => e.date >= "2015-01-01") };
}

/** Trains the demo logistic regression for `epochs` on 2012-2014 and writes its model folder to dir. */
export function trainDemoRainModel(dir: string, o: { epochs?: number; learningRate?: number; l2?: number } = {}): { dir: string; validAccuracy: number } {
  const { train, valid } = examples();
  const scaler = fitStandardizer(train.map((e) => e.features));
  const xs = train.map((e) => standardize(e.features, scaler));
  const ys = train.map((e) => e.label);
  const model = new LogisticRegression(FEATURES.length);
  for (let i = 0; i < (o.epochs ?? 200); i++) model.step(xs, ys, o.learningRate ?? 0.5, o.l2 ?? 0.001);
  const correct = valid.filter((e) => (model.predictProba(standardize(e.features, scaler)) >= 0.5 ? 1 : 0) === e.label).length;
  saveLogisticModel(dir, { features: FEATURES, weights: model.weights, bias: model.bias, scaler });
  return { dir, validAccuracy: correct / valid.length };
}

export interface TrafficUnit {
  unit: string;
  features: Record<string, number>;
  label: 0 | 1;
}

/** `units` requests: the 2015 days in turn (cycling), unit ids `u0..`, with the day's true outcome. */
export function demoRainTraffic(units: number): TrafficUnit[] {
  const { valid } = examples();
  return Array.from({ length: units }, (_, i) => {
    const e = valid[i % valid.length]!;
    return { unit: `u${i}`, features: Object.fromEntries(FEATURES.map((f, j) => [f, e.features[j]!])), label: e.label };
  });
}
