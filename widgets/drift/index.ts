// Public exports of the drift widgets: the report display, per-column charts, sparklines and the HTML page writer.

export { driftColumnChart, driftColumnSpec, driftReportHtmlPage, driftReportWidget, driftSeverity, sortColumnsForDisplay, writeDriftReportHtml, type DriftReportWidgetOptions } from "./drift-report-widget";
export { sparklineSvg, type SparklineOptions } from "./sparkline";
