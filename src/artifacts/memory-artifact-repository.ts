// Artifacts kept in this process's memory (URI `memory://<name>/<path>`), for tests and the memory stores;
// every repository of the process sees the same files, as repositories of one folder do.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { invalidParameter, notFound } from "../core/errors";
import type { ArtifactRepository, FileInfo, WriteOptions } from "./artifact-repository";
import { joinArtifactPath, safeArtifactPath } from "./artifact-path";
import { copyOpenedFile, openLocalFile, withFileErrors } from "./local-files";
import { listFilesInside } from "./local-artifact-repository";

interface MemoryFile {
  data: Buffer;
  mode: number;
}

/** Every memory artifact of the process, by '/'-joined path (the URI without `memory:` and its slashes). */
const files = new Map<string, MemoryFile>();

export class MemoryArtifactRepository implements ArtifactRepository {
  private readonly prefix: string;

  constructor(readonly artifactUri: string) {
    const rest = artifactUri.replace(/^memory:/i, "");
    this.prefix = safeArtifactPath(decodeURIComponent(rest.replace(/^\/+/, "")));
  }

  async logArtifact(localFile: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const st = fs.lstatSync(localFile, { throwIfNoEntry: false });
    if (!st) throw invalidParameter(`Cannot log artifact '${localFile}': no such file.`);
    if (st.isDirectory()) throw invalidParameter(`Cannot log artifact '${localFile}': it is a folder; use logArtifacts.`);
    await this.copyIn(localFile, localFile, null, joinArtifactPath(safeArtifactPath(artifactPath), path.basename(localFile)), options);
  }

  async logArtifacts(localDir: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const rels = listFilesInside(localDir);
    const realRoot = fs.realpathSync(localDir);
    const base = safeArtifactPath(artifactPath);
    for (const rel of rels) await this.copyIn(path.join(localDir, ...rel.split("/")), `${rel}' in '${localDir}`, realRoot, joinArtifactPath(base, rel), options);
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
    const rel = safeArtifactPath(artifactFile);
    if (rel === "") throw invalidParameter("An artifact file name is required.");
    this.put(rel, { data: Buffer.from(typeof data === "string" ? Buffer.from(data, "utf8") : data), mode: (options.mode ?? 0o644) & 0o777 }, options);
  }

  async listArtifacts(artifactPath?: string): Promise<FileInfo[]> {
    const rel = safeArtifactPath(artifactPath);
    const dir = this.key(rel);
    const start = dir === "" ? "" : `${dir}/`;
    const children = new Map<string, FileInfo>();
    for (const [key, file] of files) {
      if (!key.startsWith(start)) continue;
      const [name, ...deeper] = key.slice(start.length).split("/");
      const p = joinArtifactPath(rel, name!);
      children.set(name!, deeper.length > 0 ? { path: p, isDir: true } : { path: p, isDir: false, fileSize: file.data.length });
    }
    return [...children.values()].sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path));
  }

  async readArtifact(artifactFile: string): Promise<Buffer> {
    return Buffer.from(this.file(artifactFile).data);
  }

  async openArtifact(artifactFile: string): Promise<Readable> {
    return Readable.from([Buffer.from(this.file(artifactFile).data)]);
  }

  async downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string> {
    const rel = safeArtifactPath(artifactPath);
    const key = this.key(rel);
    const under = [...files.keys()].filter((k) => key === "" || k === key || k.startsWith(`${key}/`));
    if (under.length === 0) throw notFound(`No artifact '${artifactPath}' under ${this.artifactUri}.`);
    const target = dstDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "labops-artifacts-"));
    const dst = path.join(target, rel === "" ? path.basename(key) || "artifacts" : path.basename(rel));
    for (const k of under) {
      const file = files.get(k)!;
      const to = k === key ? dst : path.join(dst, ...k.slice(key === "" ? 0 : key.length + 1).split("/"));
      await withFileErrors(to, "write", () => {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.rmSync(to, { force: true });
        fs.writeFileSync(to, file.data, { mode: 0o600 });
        fs.chmodSync(to, file.mode);
      });
    }
    return dst;
  }

  localPath(): string | null {
    return null; // nothing of it is on disk
  }

  private async copyIn(localFile: string, shown: string, realRoot: string | null, rel: string, options?: WriteOptions): Promise<void> {
    const opened = openLocalFile(localFile, shown, realRoot);
    // Read through the checked descriptor, via a private temp copy (the source may change afterwards).
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-memory-"));
    try {
      const tmp = path.join(tmpDir, "f");
      const copied = await copyOpenedFile(opened, tmp, 0o600);
      this.put(rel, { data: fs.readFileSync(tmp), mode: copied.mode }, options);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  }

  private put(rel: string, file: MemoryFile, options: WriteOptions = {}): void {
    const key = this.key(rel);
    if (options.overwrite === false && files.has(key)) return;
    for (const k of files.keys()) if (k.startsWith(`${key}/`)) throw invalidParameter(`Artifact '${rel}' under ${this.artifactUri} is a folder.`);
    files.set(key, file);
  }

  private file(artifactFile: string): MemoryFile {
    const file = files.get(this.key(safeArtifactPath(artifactFile)));
    if (!file) throw notFound(`No artifact '${artifactFile}' under ${this.artifactUri}.`);
    return file;
  }

  private key(rel: string): string {
    return joinArtifactPath(this.prefix, rel);
  }
}
