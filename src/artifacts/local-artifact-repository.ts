// Artifacts in a local folder (file:// URIs). Writes go to a temporary file first, so a reader never sees half.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { invalidParameter, notFound } from "../errors";
import type { ArtifactRepository, FileInfo } from "./artifact-repository";
import { joinArtifactPath, safeArtifactPath } from "./artifact-path";

export class LocalArtifactRepository implements ArtifactRepository {
  private readonly root: string;

  constructor(readonly artifactUri: string) {
    this.root = artifactUri.startsWith("file:") ? fileURLToPath(artifactUri) : path.resolve(artifactUri);
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const st = fs.statSync(localFile, { throwIfNoEntry: false });
    if (!st?.isFile()) throw invalidParameter(`Cannot log artifact '${localFile}': no such file.`);
    this.copyIn(localFile, joinArtifactPath(safeArtifactPath(artifactPath), path.basename(localFile)));
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const st = fs.statSync(localDir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) throw invalidParameter(`Cannot log artifacts from '${localDir}': no such folder.`);
    const base = safeArtifactPath(artifactPath);
    for (const entry of fs.readdirSync(localDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const abs = path.join(entry.parentPath, entry.name);
      this.copyIn(abs, joinArtifactPath(base, path.relative(localDir, abs).split(path.sep).join("/")));
    }
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void> {
    const rel = safeArtifactPath(artifactFile);
    if (rel === "") throw invalidParameter("An artifact file name is required.");
    const dst = this.resolve(rel);
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

  private copyIn(localFile: string, rel: string): void {
    const dst = this.resolve(rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    fs.copyFileSync(localFile, tmp); // streams in the kernel; the file is never read whole into memory
    fs.renameSync(tmp, dst);
  }

  private resolve(rel: string): string {
    return rel === "" ? this.root : path.join(this.root, ...rel.split("/"));
  }
}
