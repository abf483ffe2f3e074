// Public exports of serving: the prediction server and the predictor seam model formats plug into.

export { CHALLENGER_VARIANT, CHAMPION_VARIANT, rolloutStoreFor, startPredictionServer, type PredictionServer, type ServeOptions } from "./prediction-server";
export { loadServingPredictor, registerServingFlavor, servingFormats, type ServingFeatures, type ServingFlavor, type ServingPrediction, type ServingPredictor } from "./serving-flavors";
export { LOGISTIC_FORMAT, logisticPredictor, saveLogisticModel, type LogisticModelJson } from "./logistic-flavor";
export { LATENCY_BUCKETS_S, ServingMetrics } from "./serving-metrics";
export { readOutcomes, ROLLOUT_METRICS, rolloutMetrics, type RolloutMetricName, type RolloutMetricsResult } from "./rollout-metrics";
export { demoRainTraffic, trainDemoRainModel, type TrafficUnit } from "./demo-rain-serving";
