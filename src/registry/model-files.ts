// A model version's files: snapshotted once from their source (through checked descriptors, into a private
// folder), then published by content into the registry's ArtifactRepository as `<digest>/`, with a manifest of
// every file's SHA-256 written last. A folder with a manifest is published: it is never removed or replaced,
// and its files are checked against the manifest's digests before a model is loaded, copied or promoted.

import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { childArtifactUri, listFilesInside, type ArtifactRepository } from "../artifacts";
import { copyOpenedFile, openLocalFile, withFileErrors, type OpenedFile } from "../artifacts/local-files";
import { invalidParameter, isLabopsError, LabopsError } from "../core/errors";

export const MANIFEST = ".labops-manifest.json";

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface StoredModel {
  storageLocation: string;
  dataDigest: string;
  files: ManifestEntry[];
  /** From a signature.json in the model folder, when there is one. */
  signature?: unknown;
}

/** One file of a staged model: small ones held in memory, large ones copied into the staging folder. */
export interface StagedFile extends ManifestEntry {
  mode: number;
  bytes?: Buffer;
}

/** A model's files read once, privately (`dir` holds the large ones); `dispose` removes the copy. */
export interface StagedModel {
  dir: string;
  files: StagedFile[];
  dispose(): void;
}

function stagingFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "labops-model-"));
}

/** Files up to this size are staged in memory: most models register without a temporary copy on disk. */
const IN_MEMORY_BYTES = 8 << 20;

/** Reads an opened file whole (up to IN_MEMORY_BYTES more than fstat said, in case it grows) and closes it. */
function readOpened(opened: OpenedFile): Buffer {
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 << 10, opened.stat.size + 1));
      const n = fs.readSync(opened.fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(opened.fd);
  }
}

/**
 * Reads a local model folder (or one file) once, each file through a descriptor opened without following
 * links: a file swapped for a link or a special file mid-way is refused, not copied.
 */
export async function stageLocalModel(source: string): Promise<StagedModel> {
  const st = fs.statSync(source, { throwIfNoEntry: false });
  if (!st) throw invalidParameter(`Model path '${source}' does not exist; give a model folder or file.`);
  const isDir = st.isDirectory();
  const rels = isDir ? listFilesInside(source) : [path.basename(source)];
  if (rels.length === 0) throw invalidParameter(`Model folder '${source}' is empty.`);
  const realRoot = isDir ? fs.realpathSync(source) : null; // a single file that is a link is refused
  let dir = "";
  const staged: StagedModel = { dir, files: [], dispose: () => dir && fs.rmSync(dir, { recursive: true, force: true }) };
  try {
    for (const rel of rels) {
      const from = isDir ? path.join(source, ...rel.split("/")) : source;
      const opened = openLocalFile(from, isDir ? `${rel}' in '${source}` : source, realRoot);
      const mode = opened.stat.mode & 0o777;
      if (opened.stat.size <= IN_MEMORY_BYTES) {
        const bytes = readOpened(opened);
        staged.files.push({ path: rel, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length, mode, bytes });
        continue;
      }
      if (!dir) staged.dir = dir = stagingFolder();
      const to = path.join(dir, ...rel.split("/"));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const copied = await copyOpenedFile(opened, to, mode);
      staged.files.push({ path: rel, sha256: copied.sha256, size: copied.size, mode });
    }
  } catch (e) {
    staged.dispose();
    throw e;
  }
  return staged;
}

/** Copies an artifact (file or folder) of a repository aside and hashes it: a run's model, for one. */
export async function stageRepositoryModel(repo: ArtifactRepository, artifactPath: string): Promise<StagedModel> {
  const staging = stagingFolder();
  const dispose = () => fs.rmSync(staging, { recursive: true, force: true });
  try {
    const local = await repo.downloadArtifacts(artifactPath, staging);
    const isDir = fs.statSync(local).isDirectory();
    const dir = isDir ? local : staging;
    const rels = isDir ? listFilesInside(local) : [path.basename(local)];
    if (rels.length === 0) throw invalidParameter(`Artifact '${artifactPath}' under ${repo.artifactUri} is an empty folder.`);
    const files: StagedFile[] = [];
    for (const rel of rels) {
      const file = path.join(dir, ...rel.split("/"));
      files.push({ path: rel, ...(await digestOf(fs.createReadStream(file))), mode: fs.statSync(file).mode & 0o777 });
    }
    return { dir, files, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** Reads signature.json of a staged model, if any; a bad one is refused before anything is stored. */
export function readSignature(staged: StagedModel, source: string): unknown {
  const sig = staged.files.find((f) => f.path === "signature.json");
  if (!sig) return undefined;
  try {
    return JSON.parse((sig.bytes ?? fs.readFileSync(path.join(staged.dir, "signature.json"))).toString("utf8"));
  } catch (e) {
    throw invalidParameter(`signature.json in '${source}' is not valid JSON: ${(e as Error).message}`);
  }
}

/** The digest naming a set of files: their paths and contents. */
export function dataDigestOf(files: readonly ManifestEntry[]): string {
  return createHash("sha256").update(files.map((f) => `${f.path}\t${f.sha256}\n`).join("")).digest("hex");
}

/**
 * Publishes staged files under `<digest>/` of `repo`. Files go in without replacing any (the same digest
 * means the same bytes), the manifest last, so a folder with a manifest is complete; a folder without one
 * (a killed registration) is filled in, any file there checked first.
 */
export async function publishModel(staged: StagedModel, repo: ArtifactRepository): Promise<StoredModel> {
  const files = staged.files.map((f): ManifestEntry => ({ path: f.path, sha256: f.sha256, size: f.size }));
  const dataDigest = dataDigestOf(files);
  const storageLocation = childArtifactUri(repo.artifactUri, dataDigest);
  if ((await readManifest(repo, `${dataDigest}/${MANIFEST}`)) === null) {
    const leftOver = (await repo.listArtifacts(dataDigest)).length > 0;
    const put = async (f: StagedFile, overwrite: boolean) => {
      const target = `${dataDigest}/${f.path}`;
      if (f.bytes) await repo.writeArtifact(target, f.bytes, { overwrite, mode: f.mode });
      else await repo.logArtifact(path.join(staged.dir, ...f.path.split("/")), path.posix.dirname(target), { overwrite });
    };
    for (const f of staged.files) await put(f, false);
    if (leftOver) {
      // Not published yet, so a wrong file left there by an earlier attempt may be replaced.
      for (const f of staged.files) if ((await digestOf(await repo.openArtifact(`${dataDigest}/${f.path}`))).sha256 !== f.sha256) await put(f, true);
    }
    await repo.writeArtifact(`${dataDigest}/${MANIFEST}`, JSON.stringify({ dataDigest, files }, null, 1), { overwrite: false });
  }
  return { storageLocation, dataDigest, files };
}

async function readManifest(repo: ArtifactRepository, file: string): Promise<ManifestEntry[] | null> {
  try {
    return (JSON.parse((await repo.readArtifact(file)).toString("utf8")) as { files: ManifestEntry[] }).files;
  } catch (e) {
    if (isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) return null;
    if (e instanceof SyntaxError) throw new LabopsError("DATA_LOSS", `The manifest ${file} under ${repo.artifactUri} is damaged: ${e.message}. Register the model again.`);
    throw e;
  }
}

/** The manifest of a stored version: every file with its SHA-256 and size. */
export async function modelManifest(versionRepo: ArtifactRepository): Promise<ManifestEntry[]> {
  const files = await readManifest(versionRepo, MANIFEST);
  if (files === null) throw new LabopsError("DATA_LOSS", `The model files at ${versionRepo.artifactUri} are gone (no ${MANIFEST}). Register the model again.`);
  return files;
}

/** SHA-256 and size of a stream's bytes. */
export async function digestOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** What is missing or changed in a stored version's files (read through its repository); empty when whole. */
export async function checkModelFiles(versionRepo: ArtifactRepository): Promise<string[]> {
  const files = await readManifest(versionRepo, MANIFEST);
  if (files === null) return [`${versionRepo.artifactUri} (the version's folder or its manifest)`];
  const problems: string[] = [];
  for (const f of files) {
    let found: { sha256: string; size: number };
    try {
      found = await digestOf(await versionRepo.openArtifact(f.path));
    } catch (e) {
      if (isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) {
        problems.push(`${f.path} (missing)`);
        continue;
      }
      throw e;
    }
    if (found.sha256 !== f.sha256) problems.push(`${f.path} (sha256 ${found.sha256}, expected ${f.sha256})`);
  }
  return problems;
}

/** Checks a local copy of a version's files against its manifest; throws DATA_LOSS naming the first bad file. */
export async function verifyLocalCopy(dir: string, files: readonly ManifestEntry[], what: string): Promise<void> {
  for (const f of files) {
    const file = path.join(dir, ...f.path.split("/"));
    const found = await withFileErrors(file, "read", async () => (fs.existsSync(file) ? digestOf(fs.createReadStream(file)) : null));
    if (found === null) throw new LabopsError("DATA_LOSS", `${what}: file '${f.path}' is missing (expected sha256 ${f.sha256}). Register the model again.`);
    if (found.sha256 !== f.sha256) {
      throw new LabopsError("DATA_LOSS", `${what}: file '${f.path}' has sha256 ${found.sha256}, expected ${f.sha256} (${found.size} bytes, expected ${f.size}); it was edited or partly written. Register the model again.`);
    }
  }
}
