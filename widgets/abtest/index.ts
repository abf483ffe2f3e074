// Public exports of the A/B widgets: the read-out (badge, recommendation, metric table, forest plot), the
// sequential p-value path and the rollout's traffic timeline.

export { abReportWidget, metricRows, recommendationText, recommendationWidget, srmBadge, srmText } from "./ab-report-widget";
export { liftForestChart, liftForestSpec, sequentialPathChart, sequentialPathSpec, trafficTimelineChart, trafficTimelineSpec } from "./ab-charts";
