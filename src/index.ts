// labops: the public API. Notebook cells, scripts and the CLI all use these names.
export * from "./entities";
export { LabopsError, isLabopsError, type ErrorCode } from "./core/errors";
export * from "./tracking";
export { artifactRepositoryFor, ContentStore, LocalArtifactRepository, type ArtifactRepository, type FileInfo } from "./artifacts";
export * from "./registry";
export { trackingStoreContract } from "./testing/tracking-store-contract";
export { registryStoreContract } from "./testing/registry-store-contract";
