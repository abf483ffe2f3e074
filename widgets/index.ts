// labops widgets: what renders in notebooks, headless runs and reports. The public names, in one place.
export { DISPLAY, DISPLAY_OUTPUTS, MIME, displayable, isDisplayable, textDisplay, toMimeBundle, toMimeBundles, type Displayable, type MimeBundle, type MultiOutputDisplayable } from "./mime-bundle";
export { clearOutput, currentDisplaySink, display, setDisplaySink, type DisplaySink } from "./display-sink";
export { escapeHtml, htmlTable, type HtmlTableOptions } from "./html";
export { renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./vega-svg";
export { vegaLiteChart, withChartOutput, type Chart } from "./chart";
export { experimentsTable, modelsTable, runsTable, type TableWidget } from "./tables";
export { runView } from "./run-view";
export { modelCard } from "./model-card";
export { auditTimeline, pointerHistorySpec, pointerSpans, type PointerSpan } from "./audit-timeline";
export { metricBarsSpec, runComparison } from "./run-comparison";
export { metricHistoryChart, metricHistorySpec, type MetricSeries } from "./metric-history-chart";
export { LiveDisplay, systemClock, type Clock, type LiveContent, type LiveDisplayOptions } from "./live-display";
export { ProgressBar, type ProgressBarOptions, type TextStream } from "./progress-bar";
export * from "./data";
export * from "./drift";
export * from "./evaluation";
export * from "./tune";
export * from "./abtest";
