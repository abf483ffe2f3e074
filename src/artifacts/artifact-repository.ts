// The ArtifactRepository seam: where a run's files live, addressed by paths relative to its artifact URI.

export interface FileInfo {
  /** Path relative to the artifact root, '/'-separated. */
  path: string;
  isDir: boolean;
  /** Bytes; absent for folders. */
  fileSize?: number;
}

export interface ArtifactRepository {
  readonly artifactUri: string;
  /** Copies a local file to `artifactPath/<its name>` (or the root). */
  logArtifact(localFile: string, artifactPath?: string): Promise<void>;
  /** Copies a local folder's content under `artifactPath` (or the root). */
  logArtifacts(localDir: string, artifactPath?: string): Promise<void>;
  /** Writes bytes to one artifact file, replacing it whole. */
  writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void>;
  /** The direct children of `artifactPath` (or the root), folders first, then by name. */
  listArtifacts(artifactPath?: string): Promise<FileInfo[]>;
  /** Copies an artifact file or folder into `dstDir` (a new temporary folder if omitted); returns the local path. */
  downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string>;
}
