// Artifact repositories, chosen by the scheme of an artifact URI.
import { LabopsError } from "../errors";
import type { ArtifactRepository } from "./artifact-repository";
import { LocalArtifactRepository } from "./local-artifact-repository";

export type { ArtifactRepository, FileInfo } from "./artifact-repository";
export { LocalArtifactRepository } from "./local-artifact-repository";
export { safeArtifactPath } from "./artifact-path";

export function artifactRepositoryFor(artifactUri: string): ArtifactRepository {
  if (artifactUri.startsWith("file:") || !/^[a-z][\w+.-]*:/i.test(artifactUri)) return new LocalArtifactRepository(artifactUri);
  throw new LabopsError(
    "NOT_IMPLEMENTED",
    `Artifact URI '${artifactUri}' has a scheme labops cannot store artifacts in yet; only local (file:) artifact locations are supported.`,
  );
}
