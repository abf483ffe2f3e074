// Artifact repositories, chosen by the scheme of an artifact URI.
import { LabopsError } from "../core/errors";
import type { ArtifactRepository } from "./artifact-repository";
import type { ContentStore } from "./content-store";
import { LocalArtifactRepository } from "./local-artifact-repository";

export type { ArtifactRepository, FileInfo } from "./artifact-repository";
export { LocalArtifactRepository, listFilesInside } from "./local-artifact-repository";
export { ContentStore, type StoredBlob } from "./content-store";
export { safeArtifactPath } from "./artifact-path";

/** The repository for an artifact URI; local ones share `contentStore`, when given, to store bytes once. */
export function artifactRepositoryFor(artifactUri: string, contentStore?: ContentStore): ArtifactRepository {
  if (artifactUri.startsWith("file:") || !/^[a-z][\w+.-]*:/i.test(artifactUri)) return new LocalArtifactRepository(artifactUri, contentStore);
  throw new LabopsError(
    "NOT_IMPLEMENTED",
    `Artifact URI '${artifactUri}' has a scheme labops cannot store artifacts in yet; only local (file:) artifact locations are supported.`,
  );
}
