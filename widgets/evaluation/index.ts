// Evaluation widgets: metrics with gates, confusion matrix, ROC / PR curves, calibration, importance, fairness.
export { metricsTable, PASS_MARK, FAIL_MARK, type MetricsTable } from "./metrics-table";
export { calibrationChart, confusionMatrixChart, confusionMatrixSpec, importanceChart, MAX_CURVE_POINTS, precisionRecallChart, rocCurveChart } from "./evaluation-charts";
export { fairnessTable } from "./fairness-table";
