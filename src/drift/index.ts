// Public exports of drift detection: the tests (Evidently's catalogue), the automatic choice, reference profiles,
// the drift report, chunked monitoring and the multivariate domain classifier.

export { asCategorical, categoricalSample, numericSample, numericSampleFromSorted, type CategoricalSample, type ColumnKind, type ColumnSample, type NumericSample } from "./column-sample";
export { columnSpecs, rowsToColumns, toDataColumns, type ColumnMapping, type ColumnRole, type ColumnSpec, type DataColumns, type DriftInput } from "./data-columns";
export { runDriftTest, type DriftTest, type DriftTestOptions, type DriftTestOutput, type DriftTestResult, type ScoreKind } from "./drift-test";
export * from "./tests"; // DRIFT_TESTS, getDriftTest and each test
export { mmdPermutationTest, type MmdOptions } from "./tests/empirical-mmd";
export { twoProportionZ } from "./tests/z-test";
export { binnedShares, type BinnedShares } from "./binning";
export { chooseDriftTest, defaultDriftTestName, type DriftTestChoice } from "./auto-test";
export { fitReferenceProfile, parseProfile, profileToJSON, serializeProfile, PROFILE_FORMAT, PROFILE_VERSION, type ProfileColumn, type ProfileOptions, type ReferenceProfile } from "./profile";
export { checkDrift, driftReport, type ColumnDistribution, type ColumnDriftResult, type DriftOptions, type DriftReport } from "./report";
export { chunkRanges, monitorDrift, type ChunkDrift, type DriftMonitorResult, type MonitorOptions } from "./monitor";
export { domainClassifierDrift, rocAuc, type DomainClassifierOptions, type DomainClassifierResult } from "./domain-classifier";
export { checkDriftParallel, closeDriftWorkers, driftReportParallel, fitReferenceProfileParallel, type ParallelOptions } from "./parallel";
