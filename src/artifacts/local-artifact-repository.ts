// Artifacts in a local folder (file:// URIs). Each file is put whole (a reader never sees half of one); with a
// content store, a file is a hard link to its blob, so the same bytes logged twice are stored once.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { invalidParameter, notFound } from "../core/errors";
import type { ArtifactRepository, FileInfo } from "./artifact-repository";
import { joinArtifactPath, safeArtifactPath } from "./artifact-path";
import type { ContentStore } from "./content-store";

export class LocalArtifactRepository implements ArtifactRepository {
  private readonly root: string;

  constructor(
    readonly artifactUri: string,
    private readonly contentStore?: ContentStore,
  ) {
    this.root = artifactUri.startsWith("file:") ? fileURLToPath(artifactUri) : path.resolve(artifactUri);
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const st = fs.statSync(localFile, { throwIfNoEntry: false });
    if (!st?.isFile()) throw invalidParameter(`Cannot log artifact '${localFile}': no such file.`);
    await this.copyIn(localFile, joinArtifactPath(safeArtifactPath(artifactPath), path.basename(localFile)));
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const files = listFilesInside(localDir);
    const base = safeArtifactPath(artifactPath);
    for (const rel of files) await this.copyIn(path.join(localDir, ...rel.split("/")), joinArtifactPath(base, rel));
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void> {
    const rel = safeArtifactPath(artifactFile);
    if (rel === "") throw invalidParameter("An artifact file name is required.");
    const dst = this.resolve(rel);
    if (this.contentStore) return this.contentStore.linkTo(this.contentStore.putBytes(data).sha256, dst);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, dst);
  }

  async listArtifacts(artifactPath?: string): Promise<FileInfo[]> {
    const rel = safeArtifactPath(artifactPath);
    const dir = this.resolve(rel);
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.includes(".tmp-"))
      .map((e): FileInfo => {
        const p = joinArtifactPath(rel, e.name);
        return e.isDirectory() ? { path: p, isDir: true } : { path: p, isDir: false, fileSize: fs.statSync(path.join(dir, e.name)).size };
      })
      .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path));
  }

  async downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string> {
    const rel = safeArtifactPath(artifactPath);
    const src = this.resolve(rel);
    if (!fs.existsSync(src)) throw notFound(`No artifact '${artifactPath}' under ${this.artifactUri}.`);
    const target = dstDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "labops-artifacts-"));
    const dst = path.join(target, rel === "" ? path.basename(src) : path.basename(rel));
    fs.cpSync(src, dst, { recursive: true });
    return dst;
  }

  private async copyIn(localFile: string, rel: string): Promise<void> {
    const dst = this.resolve(rel);
    if (this.contentStore) return this.contentStore.linkTo((await this.contentStore.putFile(localFile)).sha256, dst);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    fs.copyFileSync(localFile, tmp); // streams in the kernel; the file is never read whole into memory
    fs.renameSync(tmp, dst);
  }

  /** The local path of an artifact; refuses one that a symbolic link inside the root leads out of it. */
  private resolve(rel: string): string {
    const target = rel === "" ? this.root : path.join(this.root, ...rel.split("/"));
    let existing = target;
    while (!fs.existsSync(existing) && existing !== this.root && existing !== path.dirname(existing)) existing = path.dirname(existing);
    if (fs.existsSync(existing) && fs.existsSync(this.root)) {
      const real = fs.realpathSync(existing);
      const realRoot = fs.realpathSync(this.root);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw invalidParameter(`Artifact path '${rel}' leads out of ${this.artifactUri} through a symbolic link; refused.`);
      }
    }
    return target;
  }
}

/**
 * The files under a local folder, as '/'-separated relative paths. A symbolic link that points outside the
 * folder is refused: logging it would copy files from elsewhere on the machine.
 */
export function listFilesInside(localDir: string): string[] {
  const st = fs.statSync(localDir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw invalidParameter(`Cannot log artifacts from '${localDir}': no such folder.`);
  const realRoot = fs.realpathSync(localDir);
  const files: string[] = [];
  for (const entry of fs.readdirSync(localDir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    const rel = path.relative(localDir, abs).split(path.sep).join("/");
    if (entry.isSymbolicLink()) {
      const real = fs.realpathSync(abs);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw invalidParameter(`'${rel}' in ${localDir} is a symbolic link to ${real}, outside the folder; refused.`);
      }
      if (fs.statSync(abs).isFile()) files.push(rel);
    } else if (entry.isFile()) {
      files.push(rel);
    }
  }
  return files.sort();
}
