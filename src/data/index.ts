// labops' data capability: typed column tables, readers, shipped datasets, synthetic data, prediction logs,
// validation and feature pipelines. The public names, in one place (src/index.ts re-exports them).
export * from "./column-table";
export { filterIndices, filterTable, type ColumnCondition, type Where } from "./row-filter";
export { formatOf, readTable, type FileFormat, type ReadOptions } from "./readers";
export { datasetFile, datasetInfo, datasetManifest, datasetPath, datasetsDir, fileDigest, listDatasets, loadColumns, loadDataset, type DatasetEntry, type LoadOptions, type ManifestColumn } from "./datasets";
export { fromDataFrame, toDataFrame } from "./data-frame";
export { seededRandom, type Random } from "./random";
export type { DatePart, DatetimeStepSpec, FrequencyStepSpec, NumericStepSpec, OneHotStepSpec, OrdinalStepSpec, PassthroughStepSpec, PipelineSpec, StepSpec, TargetStepSpec } from "./features/feature-spec";
export { FeaturePipeline, fitPipeline, fitTransform, type FeatureMatrix, type FeaturePipelineJson, type FitOptions } from "./features/feature-pipeline";
export { datePart } from "./features/datetime-step";
export { makeSyntheticData, type SyntheticOptions, type SyntheticTruth } from "./synthetic";
export { appendPredictionLog, checkPredictionRecord, FEATURE_PREFIX, flattenPredictionRecord, formatPredictionRecord, PREDICTION_LOG_COLUMNS, readPredictionLog, type FeatureValue, type PredictionRecord } from "./prediction-log";
export { collectPredictions, INPUT_TAG_PREFIX, logCollectedInput, writeFileAtomic, type CollectOptions, type CollectResult, type LogInputOptions } from "./collector";
export type { Expectation, ExpectationResult, ExpectationSuite, ExpectationType, FailingExample, ValidationReport } from "./validation/expectation";
export { assertValid, describeExpectation, failureLines, learnSuite, validate, validationGate, type LearnSuiteOptions, type ValidateOptions } from "./validation/validate";
export { logValidationReport, type LogReportOptions } from "./validation/log-report";
export { profileTable, type ColumnProfile, type TableProfile } from "./profile";
