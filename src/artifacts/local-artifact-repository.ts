// Artifacts in a local folder (file:// URIs). Each file is put whole (a reader never sees half of one); with a
// content store, a file is a hard link to its blob, so the same bytes logged twice are stored once. Local
// files are read through local-files.ts: no link followed out of the folder, regular files only.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { invalidParameter, notFound } from "../core/errors";
import type { ArtifactRepository, FileInfo, WriteOptions } from "./artifact-repository";
import { joinArtifactPath, safeArtifactPath } from "./artifact-path";
import { storedMode, type ContentStore } from "./content-store";
import { fileError } from "../core/file-error";
import { copyOpenedFile, openLocalFile, refuseSpecialFile, withFileErrors } from "./local-files";

export class LocalArtifactRepository implements ArtifactRepository {
  private readonly root: string;

  constructor(
    readonly artifactUri: string,
    private readonly contentStore?: ContentStore,
  ) {
    this.root = artifactUri.startsWith("file:") ? fileURLToPath(artifactUri) : path.resolve(artifactUri);
  }

  async logArtifact(localFile: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const st = fs.lstatSync(localFile, { throwIfNoEntry: false });
    if (!st) throw invalidParameter(`Cannot log artifact '${localFile}': no such file.`);
    if (st.isDirectory()) throw invalidParameter(`Cannot log artifact '${localFile}': it is a folder; use logArtifacts.`);
    const rel = joinArtifactPath(safeArtifactPath(artifactPath), path.basename(localFile));
    await this.copyIn(localFile, localFile, null, rel, options);
  }

  async logArtifacts(localDir: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const files = listFilesInside(localDir);
    const realRoot = fs.realpathSync(localDir);
    const base = safeArtifactPath(artifactPath);
    for (const rel of files) await this.copyIn(path.join(localDir, ...rel.split("/")), `${rel}' in '${localDir}`, realRoot, joinArtifactPath(base, rel), options);
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
    const rel = safeArtifactPath(artifactFile);
    if (rel === "") throw invalidParameter("An artifact file name is required.");
    const dst = this.resolve(rel);
    if (this.contentStore) return this.contentStore.linkTo(this.contentStore.putBytes(data, storedMode(options.mode ?? 0o644)), dst, options.overwrite ?? true);
    const tmp = this.tempBeside(dst);
    await withFileErrors(dst, "write", () => {
      fs.writeFileSync(tmp, data, { flag: "wx", mode: 0o600 });
      fs.chmodSync(tmp, options.mode ?? 0o644);
    });
    this.place(tmp, dst, options.overwrite ?? true);
  }

  async listArtifacts(artifactPath?: string): Promise<FileInfo[]> {
    const rel = safeArtifactPath(artifactPath);
    const dir = this.resolve(rel);
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) return [];
    return withFileErrors(dir, "read", () =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => !e.name.includes(".tmp-"))
        .map((e): FileInfo => {
          const p = joinArtifactPath(rel, e.name);
          return e.isDirectory() ? { path: p, isDir: true } : { path: p, isDir: false, fileSize: fs.statSync(path.join(dir, e.name)).size };
        })
        .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.path.localeCompare(b.path)),
    );
  }

  async readArtifact(artifactFile: string): Promise<Buffer> {
    const file = this.existingFile(artifactFile);
    return withFileErrors(file, "read", () => fs.readFileSync(file));
  }

  async openArtifact(artifactFile: string): Promise<Readable> {
    const file = this.existingFile(artifactFile);
    const opened = openLocalFile(file, artifactFile, fs.realpathSync(this.root));
    return fs.createReadStream("", { fd: opened.fd, autoClose: true });
  }

  async downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string> {
    const rel = safeArtifactPath(artifactPath);
    const src = this.resolve(rel);
    const st = fs.statSync(src, { throwIfNoEntry: false });
    if (!st) throw notFound(`No artifact '${artifactPath}' under ${this.artifactUri}.`);
    const target = dstDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "labops-artifacts-"));
    const dst = path.join(target, rel === "" ? path.basename(src) : path.basename(rel));
    const realRoot = fs.realpathSync(this.root);
    const files = st.isDirectory() ? listFilesInside(src).map((f) => [path.join(src, ...f.split("/")), path.join(dst, ...f.split("/"))] as const) : [[src, dst] as const];
    for (const [from, to] of files) {
      const opened = openLocalFile(from, path.relative(this.root, from).split(path.sep).join("/"), realRoot);
      await withFileErrors(path.dirname(to), "write", () => fs.mkdirSync(path.dirname(to), { recursive: true }));
      const tmp = this.tempBeside(to);
      await copyOpenedFile(opened, tmp, opened.stat.mode & 0o777);
      this.place(tmp, to, true);
    }
    return dst;
  }

  localPath(artifactPath: string): string | null {
    const p = this.resolve(safeArtifactPath(artifactPath));
    return fs.existsSync(p) ? p : null;
  }

  /** Copies a local file in, read through a descriptor checked for links and special files. */
  private async copyIn(localFile: string, shown: string, realRoot: string | null, rel: string, options: WriteOptions = {}): Promise<void> {
    const dst = this.resolve(rel);
    const opened = openLocalFile(localFile, shown, realRoot);
    if (this.contentStore) return this.contentStore.linkTo(await this.contentStore.putOpened(opened), dst, options.overwrite ?? true);
    await withFileErrors(path.dirname(dst), "write", () => fs.mkdirSync(path.dirname(dst), { recursive: true }));
    const tmp = this.tempBeside(dst);
    await copyOpenedFile(opened, tmp, opened.stat.mode & 0o777); // streamed: the file is never read whole into memory
    this.place(tmp, dst, options.overwrite ?? true);
  }

  private tempBeside(dst: string): string {
    try {
      fs.mkdirSync(path.dirname(dst), { recursive: true });
    } catch (e) {
      throw fileError(e, path.dirname(dst), "write");
    }
    return `${dst}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  }

  /** Moves a finished temp file to `dst`: replacing in one step, or (no overwrite) keeping a file already there. */
  private place(tmp: string, dst: string, overwrite: boolean): void {
    try {
      if (overwrite) fs.renameSync(tmp, dst);
      else {
        try {
          fs.linkSync(tmp, dst);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        fs.rmSync(tmp, { force: true });
      }
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw fileError(e, dst, "write");
    }
  }

  private existingFile(artifactFile: string): string {
    const rel = safeArtifactPath(artifactFile);
    const file = this.resolve(rel);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) throw notFound(`No artifact '${artifactFile}' under ${this.artifactUri}.`);
    if (!st.isFile()) throw invalidParameter(`Artifact '${artifactFile}' under ${this.artifactUri} is not a file.`);
    return file;
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
 * folder is refused: logging it would copy files from elsewhere on the machine; so are special files.
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
      let real: string;
      try {
        real = fs.realpathSync(abs);
      } catch {
        throw invalidParameter(`'${rel}' in ${localDir} is a broken symbolic link; refused.`);
      }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw invalidParameter(`'${rel}' in ${localDir} is a symbolic link to ${real}, outside the folder; refused.`);
      }
      const target = fs.statSync(abs);
      if (target.isFile()) files.push(rel);
      else if (!target.isDirectory()) refuseSpecialFile(`${rel}' in '${localDir}`, target);
    } else if (entry.isFile()) {
      files.push(rel);
    } else if (!entry.isDirectory()) {
      refuseSpecialFile(`${rel}' in '${localDir}`, fs.lstatSync(abs));
    }
  }
  return files.sort();
}
