// The ArtifactRepository seam: where a run's (or a model version's) files live, addressed by paths relative
// to its artifact URI. Backends are chosen by the URI's scheme (see index.ts).

import type { Readable } from "node:stream";

export interface FileInfo {
  /** Path relative to the artifact root, '/'-separated. */
  path: string;
  isDir: boolean;
  /** Bytes; absent for folders. */
  fileSize?: number;
}

export interface WriteOptions {
  /**
   * When false, a file already at the path is kept as it is (content-addressed publishing: what is published
   * is never replaced). Default true: the file is replaced whole, in one step.
   */
  overwrite?: boolean;
  /**
   * Permission bits for a file written from bytes (writeArtifact), e.g. those of the file it was read from;
   * stores may narrow them (a content store drops write bits), never widen them. Default 0o644.
   */
  mode?: number;
}

export interface ArtifactRepository {
  readonly artifactUri: string;
  /** Copies a local file to `artifactPath/<its name>` (or the root). Symbolic links and special files are refused. */
  logArtifact(localFile: string, artifactPath?: string, options?: WriteOptions): Promise<void>;
  /** Copies a local folder's content under `artifactPath` (or the root); links leading out of it are refused. */
  logArtifacts(localDir: string, artifactPath?: string, options?: WriteOptions): Promise<void>;
  /** Writes bytes to one artifact file, replacing it whole (unless `overwrite` is false). */
  writeArtifact(artifactFile: string, data: string | Uint8Array, options?: WriteOptions): Promise<void>;
  /** The direct children of `artifactPath` (or the root), folders first, then by name. */
  listArtifacts(artifactPath?: string): Promise<FileInfo[]>;
  /** One artifact file's bytes; RESOURCE_DOES_NOT_EXIST when there is none. */
  readArtifact(artifactFile: string): Promise<Buffer>;
  /** One artifact file as a stream (for files too large to hold in memory). */
  openArtifact(artifactFile: string): Promise<Readable>;
  /** Copies an artifact file or folder into `dstDir` (a new temporary folder if omitted); returns the local path. */
  downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string>;
  /**
   * Where an artifact already lies on this machine, for backends that keep files locally (so nothing is
   * copied); null when it is not there or the backend is remote.
   */
  localPath(artifactPath: string): string | null;
}

/** `artifactUri/relative` for any scheme. */
export function childArtifactUri(artifactUri: string, relative: string): string {
  return relative === "" ? artifactUri : `${artifactUri.replace(/\/+$/, "")}/${relative}`;
}
