// Artifact paths are relative and stay inside their root: checked once, here, for every repository.

import { invalidParameter } from "../core/errors";

/** Normalises a user-given artifact path to '/'-separated parts; refuses absolute paths and '..'. */
export function safeArtifactPath(artifactPath: string | undefined): string {
  if (artifactPath === undefined || artifactPath === "" || artifactPath === ".") return "";
  if (artifactPath.includes("\0")) throw invalidParameter(`Invalid artifact path ${JSON.stringify(artifactPath)}: it contains a NUL byte.`);
  const slashed = artifactPath.replaceAll("\\", "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) {
    throw invalidParameter(`Invalid artifact path '${artifactPath}': artifact paths are relative to the run's artifact root.`);
  }
  const parts = slashed.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) {
    throw invalidParameter(`Invalid artifact path '${artifactPath}': '..' would leave the run's artifact root.`);
  }
  return parts.join("/");
}

export function joinArtifactPath(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("/");
}
