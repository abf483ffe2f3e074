// Experiment tracking: the fluent API, the explicit client and the stores behind them.
export * from "./fluent";
export { LabopsClient } from "./client";
export type { CreateRunOptions, ExperimentsPage, RunsPage, SearchExperimentsOptions, SearchRunsOptions } from "./client";
export type {
  CreateExperimentRequest,
  CreateRunRequest,
  LogBatchRequest,
  Page,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
  UpdateRunRequest,
} from "./store";
export { FileTrackingStore, type FileTrackingStoreOptions } from "./file-store/file-store";
export { MemoryTrackingStore } from "./memory-store";
export { MetricBuffer, type MetricBufferOptions } from "./metric-buffer";
export { DEFAULT_STORE_FOLDER, defaultTrackingUri, openTrackingStore, registerTrackingStore } from "./tracking-uri";
export { SYSTEM_TAGS } from "./system-tags";
export { LIMITS } from "./validation";
export type { TableRows } from "./table-artifact";
export { compareRuns, type RunComparison } from "./compare-runs";
