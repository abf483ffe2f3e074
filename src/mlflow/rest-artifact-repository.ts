// The ArtifactRepository over an MLflow server's artifact proxy (--serve-artifacts): mlflow-artifacts: URIs and
// http(s)://.../api/2.0/mlflow-artifacts/artifacts/... URIs; uploads and downloads are streamed.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { invalidParameter, LabopsError, notFound } from "../core/errors";
import type { ArtifactRepository, FileInfo, WriteOptions } from "../artifacts/artifact-repository";
import { joinArtifactPath, safeArtifactPath } from "../artifacts/artifact-path";
import { listFilesInside } from "../artifacts/local-artifact-repository";
import { openLocalFile } from "../artifacts/local-files";
import { MlflowServerError, type MlflowRestClient } from "./rest-client";

const PROXY = "/api/2.0/mlflow-artifacts/artifacts";

/** The path under the server's artifact destination that an artifact URI names. */
export function proxyPathOf(artifactUri: string): string {
  if (artifactUri.startsWith("mlflow-artifacts:")) {
    const rest = artifactUri.slice("mlflow-artifacts:".length);
    const p = rest.startsWith("//") ? rest.slice(2).replace(/^[^/]*/, "") : rest; // mlflow-artifacts://host:port/p
    return p.replace(/^\/+|\/+$/g, "");
  }
  const url = new URL(artifactUri);
  const i = url.pathname.indexOf(PROXY);
  if (i < 0) throw invalidParameter(`Artifact URI '${url.origin}${url.pathname}' is not on an MLflow artifact proxy (${PROXY}/...).`);
  return decodeURIComponent(url.pathname.slice(i + PROXY.length)).replace(/^\/+|\/+$/g, "");
}

/**
 * MLflow's artifact proxy keeps bytes only: permission bits other than 0644 are kept in this hidden file at the
 * repository's root (path -> mode), so a private file comes back private and a script stays executable.
 */
export const MODES_FILE = ".labops-modes.json";
const DEFAULT_MODE = 0o644;

const encodePath = (p: string): string => p.split("/").map(encodeURIComponent).join("/");

export class MlflowArtifactRepository implements ArtifactRepository {
  private readonly root: string;

  constructor(
    readonly artifactUri: string,
    private readonly client: MlflowRestClient,
  ) {
    this.root = proxyPathOf(artifactUri);
  }

  private url(rel: string): string {
    return `${PROXY}/${encodePath(joinArtifactPath(this.root, rel))}`;
  }

  async logArtifact(localFile: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const st = fs.lstatSync(localFile, { throwIfNoEntry: false });
    if (!st) throw invalidParameter(`Cannot log artifact '${localFile}': no such file.`);
    if (st.isDirectory()) throw invalidParameter(`Cannot log artifact '${localFile}': it is a folder; use logArtifacts.`);
    const opened = openLocalFile(localFile, localFile, null); // refuses links and special files before sending
    fs.closeSync(opened.fd);
    const rel = joinArtifactPath(safeArtifactPath(artifactPath), path.basename(localFile));
    const mode = await this.upload(localFile, localFile, null, rel, options);
    if (mode !== null) await this.recordModes(new Map([[rel, mode]]));
  }

  async logArtifacts(localDir: string, artifactPath?: string, options?: WriteOptions): Promise<void> {
    const files = listFilesInside(localDir);
    const realRoot = fs.realpathSync(localDir);
    const base = safeArtifactPath(artifactPath);
    // Every file is checked before the first byte is sent, so a refused folder stores nothing.
    for (const rel of files) fs.closeSync(openLocalFile(path.join(localDir, ...rel.split("/")), `${rel}' in '${localDir}`, realRoot).fd);
    const modes = new Map<string, number>();
    for (const rel of files) {
      const dst = joinArtifactPath(base, rel);
      const mode = await this.upload(path.join(localDir, ...rel.split("/")), `${rel}' in '${localDir}`, realRoot, dst, options);
      if (mode !== null) modes.set(dst, mode);
    }
    await this.recordModes(modes);
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
    const rel = safeArtifactPath(artifactFile);
    if (rel === "") throw invalidParameter("An artifact file name is required.");
    if (options.overwrite === false && (await this.exists(rel))) return;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    await (await this.client.raw("PUT", this.url(rel), () => bytes, bytes.length)).body.dump();
    await this.recordModes(new Map([[rel, (options.mode ?? DEFAULT_MODE) & 0o777]]));
  }

  async listArtifacts(artifactPath?: string): Promise<FileInfo[]> {
    const rel = safeArtifactPath(artifactPath);
    const r = await this.client.json<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }>("GET", PROXY, {
      query: { path: joinArtifactPath(this.root, rel) },
    });
    return (r.files ?? [])
      .filter((f) => !(rel === "" && f.path.split("/").pop() === MODES_FILE))
      .map((f): FileInfo => {
        const p = joinArtifactPath(rel, f.path.split("/").pop()!);
        return f.is_dir ? { path: p, isDir: true } : { path: p, isDir: false, fileSize: Number(f.file_size ?? 0) };
      })
      .sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readArtifact(artifactFile: string): Promise<Buffer> {
    const stream = await this.openArtifact(artifactFile);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async openArtifact(artifactFile: string): Promise<Readable> {
    const rel = safeArtifactPath(artifactFile);
    try {
      // MLflow answers a missing file with a 500 (FileNotFoundError): tried once, so that is not retried.
      return (await this.client.raw("GET", this.url(rel), undefined, undefined, 0)).body;
    } catch (e) {
      if (e instanceof MlflowServerError && e.unavailable && !/No such file or directory|FileNotFoundError/.test(e.message)) {
        try {
          return (await this.client.raw("GET", this.url(rel))).body;
        } catch (again) {
          throw this.missing(again, artifactFile);
        }
      }
      throw this.missing(e, artifactFile);
    }
  }

  async downloadArtifacts(artifactPath: string, dstDir?: string): Promise<string> {
    const rel = safeArtifactPath(artifactPath);
    const target = dstDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "labops-artifacts-"));
    const name = rel === "" ? path.basename(this.root) || "artifacts" : path.basename(rel);
    const dst = path.join(target, name);
    const files = await this.filesUnder(rel);
    const modes = await this.readModes();
    if (files === null) {
      await this.fetchTo(rel, dst, artifactPath, modes.get(rel) ?? DEFAULT_MODE);
      return dst;
    }
    if (files.length === 0 && !(await this.isDir(rel))) throw notFound(`No artifact '${artifactPath}' under ${this.artifactUri}.`);
    fs.mkdirSync(dst, { recursive: true });
    for (const f of files) await this.fetchTo(f, path.join(dst, ...f.slice(rel === "" ? 0 : rel.length + 1).split("/")), f, modes.get(f) ?? DEFAULT_MODE);
    return dst;
  }

  localPath(): string | null {
    return null;
  }

  /** Every file under a folder (relative to the root), or null when `rel` is a file. */
  private async filesUnder(rel: string): Promise<string[] | null> {
    if (rel !== "") {
      const parent = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
      const entry = (await this.listArtifacts(parent)).find((f) => f.path === rel);
      if (entry && !entry.isDir) return null;
      if (!entry) return [];
    }
    const out: string[] = [];
    for (const f of await this.listArtifacts(rel)) {
      if (f.isDir) out.push(...((await this.filesUnder(f.path)) ?? []));
      else out.push(f.path);
    }
    return out;
  }

  private async isDir(rel: string): Promise<boolean> {
    return rel === "" || (await this.listArtifacts(rel)).length > 0;
  }

  private async exists(rel: string): Promise<boolean> {
    const parent = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
    return (await this.listArtifacts(parent)).some((f) => f.path === rel);
  }

  private async readModes(): Promise<Map<string, number>> {
    try {
      const parsed = JSON.parse((await this.readArtifact(MODES_FILE)).toString("utf8")) as Record<string, number>;
      return new Map(Object.entries(parsed).filter(([, m]) => Number.isInteger(m)));
    } catch (e) {
      if (e instanceof LabopsError && e.code === "RESOURCE_DOES_NOT_EXIST") return new Map();
      throw e;
    }
  }

  /** Records modes other than the default (and forgets a default one written over a recorded file). */
  private async recordModes(changes: Map<string, number>): Promise<void> {
    if (![...changes.values()].some((m) => m !== DEFAULT_MODE)) {
      if (changes.size === 0 || !(await this.exists(MODES_FILE))) return;
    }
    const modes = await this.readModes();
    for (const [rel, mode] of changes) {
      if (mode === DEFAULT_MODE) modes.delete(rel);
      else modes.set(rel, mode);
    }
    const bytes = Buffer.from(JSON.stringify(Object.fromEntries(modes)));
    await (await this.client.raw("PUT", this.url(MODES_FILE), () => bytes, bytes.length)).body.dump();
  }

  private async fetchTo(rel: string, dst: string, shown: string, mode: number): Promise<void> {
    const body = await this.openArtifact(rel).catch((e) => {
      throw this.missing(e, shown);
    });
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = `${dst}.tmp-${process.pid}`;
    await pipeline(body, fs.createWriteStream(tmp, { mode: 0o600 }));
    fs.chmodSync(tmp, mode & 0o777);
    fs.renameSync(tmp, dst);
  }

  /** Streams a local file up, opened without following links (re-opened for a retry). */
  /** Returns the source's permission bits, or null when nothing was sent (overwrite false, file there). */
  private async upload(localFile: string, shown: string, realRoot: string | null, rel: string, options: WriteOptions = {}): Promise<number | null> {
    if (options.overwrite === false && (await this.exists(rel))) return null;
    let size = 0;
    let mode = DEFAULT_MODE;
    const open = () => {
      const opened = openLocalFile(localFile, shown, realRoot);
      size = opened.stat.size;
      mode = opened.stat.mode & 0o777;
      return fs.createReadStream("", { fd: opened.fd, autoClose: true });
    };
    const first = open();
    let used = false;
    const body = () => (used ? open() : ((used = true), first)); // a retry reads the file again
    await (await this.client.raw("PUT", this.url(rel), body, size)).body.dump();
    return mode;
  }

  private missing(e: unknown, shown: string): unknown {
    const gone = e instanceof MlflowServerError && /No such file or directory|FileNotFoundError/.test(e.message);
    if (gone || (e instanceof LabopsError && (e.code === "RESOURCE_DOES_NOT_EXIST" || e.code === "NOT_IMPLEMENTED"))) {
      return notFound(`No artifact '${shown}' under ${this.artifactUri}.`);
    }
    return e;
  }
}
