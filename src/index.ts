// labops: the public API. Notebook cells, scripts and the CLI all use these names.
export * from "./entities";
export { LabopsError, isLabopsError, type ErrorCode } from "./core/errors";
export * from "./tracking";
export {
  artifactRepositoryFor,
  ContentStore,
  LocalArtifactRepository,
  MemoryArtifactRepository,
  registerArtifactRepository,
  type ArtifactRepository,
  type ArtifactRepositoryFactory,
  type FileInfo,
  type WriteOptions,
} from "./artifacts";
export * from "./registry";
export * from "./data";
export * from "./drift";
export * from "./evaluation";
export * as stats from "./stats";
export { SeededRandom, type RandomAlgorithm } from "./stats";
export * as tune from "./tune";
export * as abtest from "./abtest";
export * as engine from "./engine";
export { engineInfo, fit, initEngine, loadTrainedModel, logModel, pruningCallback, saveModel, trackingCallback, TrainedModel } from "./engine";
/** The demo's Seattle rain classifier (features, standardizer, logistic regression), for tutorials and notebooks. */
export * as rainDemo from "./demo/rain-model";
export { trackingStoreContract } from "./testing/tracking-store-contract";
export { registryStoreContract, type RegistryContractOptions } from "./testing/registry-store-contract";
export { artifactRepositoryContract } from "./testing/artifact-repository-contract";
export {
  MlflowRestClient,
  MlflowServerError,
  RestTrackingStore,
  RestRegistryStore,
  MlflowArtifactRepository,
  syncStore,
  type RestClientOptions,
  type RestTrackingStoreOptions,
  type SyncOptions,
  type SyncReport,
  type SyncProgress,
} from "./mlflow";
export * as serving from "./serving";
export * as models from "./models";
