// Tuning charts: each a pure function computing its data and one drawing it (Vega-Lite v5 + SVG bundles).

export { optimizationHistoryData, optimizationHistorySpec, plotOptimizationHistory, type OptimizationHistoryPoint } from "./optimization-history";
export { parallelCoordinateData, parallelCoordinateSpec, plotParallelCoordinate, type ParallelCoordinateData } from "./parallel-coordinate";
export { paramImportancesData, paramImportancesSpec, plotParamImportances, type ParamImportanceData } from "./param-importances";
export { plotSlice, sliceData, sliceSpec, type SliceData } from "./slice-plot";
export { contourData, contourSpec, plotContour, type ContourData } from "./contour-plot";
export { paretoFrontData, paretoFrontSpec, plotParetoFront, type ParetoPoint } from "./pareto-front";
export type { StudyLike } from "./study-data";
export { LiveTuning, statusLine, tuningStatus, type LiveTuningOptions, type TuningStatus } from "./live-tuning";
export { tuningCharts, tuningReport } from "./tuning-report";
export { tuningSummary, tuningSummaryText, type TuningOutcome } from "./tuning-summary";
