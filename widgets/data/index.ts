// Data widgets: dataset summaries, validation reports, fitted feature pipelines (the integrator re-exports these).
export { datasetSummary } from "./dataset-summary";
export { validationReportView } from "./validation-report-view";
export { pipelineView } from "./pipeline-view";
export { sparkline } from "./sparkline";
