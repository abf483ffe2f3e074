// Artifact repositories, chosen by the scheme of an artifact URI (registerArtifactRepository adds a scheme).
import { SchemeRegistry } from "../core/uri-scheme";
import type { ArtifactRepository } from "./artifact-repository";
import type { ContentStore } from "./content-store";
import { LocalArtifactRepository } from "./local-artifact-repository";
import { MemoryArtifactRepository } from "./memory-artifact-repository";

export type { ArtifactRepository, FileInfo, WriteOptions } from "./artifact-repository";
export { childArtifactUri } from "./artifact-repository";
export { LocalArtifactRepository, listFilesInside } from "./local-artifact-repository";
export { MemoryArtifactRepository } from "./memory-artifact-repository";
export { ContentStore, type StoredBlob } from "./content-store";
export { safeArtifactPath } from "./artifact-path";

/** Makes the repository for an artifact URI; local backends may share a content store to keep bytes once. */
export type ArtifactRepositoryFactory = (artifactUri: string, contentStore?: ContentStore) => ArtifactRepository;

const artifactRepositories = new SchemeRegistry<ArtifactRepository, [ContentStore?]>("artifact repository", () =>
  "labops stores artifacts in local folders (file: URIs or paths), memory: and an MLflow server's artifact proxy (mlflow-artifacts:); registerArtifactRepository adds a scheme.",
);
artifactRepositories.register("file", (uri, contentStore) => new LocalArtifactRepository(uri, contentStore));
artifactRepositories.register("memory", (uri) => new MemoryArtifactRepository(uri));
artifactRepositories.registerLazy(["http", "https", "mlflow-artifacts"], () => require("../mlflow")); // MLflow's artifact proxy

/** Lets a backend (S3, the MLflow artifact proxy...) serve an artifact URI scheme without callers changing. */
export function registerArtifactRepository(scheme: string, factory: ArtifactRepositoryFactory): void {
  artifactRepositories.register(scheme, factory);
}

/** The repository for an artifact URI; local ones share `contentStore`, when given, to store bytes once. */
export function artifactRepositoryFor(artifactUri: string, contentStore?: ContentStore): ArtifactRepository {
  return artifactRepositories.open(artifactUri, contentStore);
}
