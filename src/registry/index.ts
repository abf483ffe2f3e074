// The model registry: versions, aliases, stages, audit history, model URIs.
export * from "./entities";
export type { ChangeOptions, CreateModelVersionRequest, RegistryStore, SearchRequest } from "./store";
export { FileRegistryStore, type FileRegistryStoreOptions } from "./file-registry-store";
export { MemoryRegistryStore } from "./memory-registry-store";
export { ModelRegistryClient, type LoadedModel, type RegisterModelRequest } from "./registry-client";
export { parseModelUri, type ModelUri } from "./model-uri";
export { defaultRegistryUri, openRegistryStore, registerRegistryStore, type RegistryStoreFactory } from "./registry-uri";
export { downloadArtifacts, getRegistryClient, loadModel, registerModel } from "./fluent";
