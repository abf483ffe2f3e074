// Public exports of serving: the prediction server and the served model (any model flavor, src/models).

export { CHALLENGER_VARIANT, CHAMPION_VARIANT, rolloutStoreFor, startPredictionServer, type PredictionServer, type ServeOptions } from "./prediction-server";
export { loadServedModel, type ServedModel, type ServingFeatures, type ServingPrediction } from "./served-model";
export { LATENCY_BUCKETS_S, ServingMetrics } from "./serving-metrics";
export { readOutcomes, ROLLOUT_METRICS, rolloutMetrics, type RolloutMetricName, type RolloutMetricsResult } from "./rollout-metrics";
export { demoRainTraffic, trainDemoRainModel, type TrafficUnit } from "./demo-rain-serving";
