// A model version's files: stored by content (blobs shared with run artifacts), one folder per distinct set
// of files, with a manifest so that missing or changed files are noticed before a promotion.

import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listFilesInside } from "../artifacts";
import type { ContentStore } from "../artifacts/content-store";
import { invalidParameter } from "../core/errors";

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

/** Stores a model folder (or one file) under `modelsRoot/<digest>/`; the same files twice are stored once. */
export async function storeModelFiles(source: string, modelsRoot: string, content: ContentStore): Promise<StoredModel> {
  const st = fs.statSync(source, { throwIfNoEntry: false });
  if (!st) throw invalidParameter(`Model path '${source}' does not exist; give a model folder or file.`);
  const dir = st.isDirectory() ? source : path.dirname(source);
  const rels = st.isDirectory() ? listFilesInside(source) : [path.basename(source)];
  if (rels.length === 0) throw invalidParameter(`Model folder '${source}' is empty.`);
  let signature: unknown; // read first: a bad signature.json stores nothing
  const sigFile = rels.includes("signature.json") ? path.join(dir, "signature.json") : null;
  if (sigFile) {
    try {
      signature = JSON.parse(fs.readFileSync(sigFile, "utf8"));
    } catch (e) {
      throw invalidParameter(`signature.json in '${source}' is not valid JSON: ${(e as Error).message}`);
    }
  }
  const files: ManifestEntry[] = [];
  for (const rel of rels) {
    const blob = await content.putFile(path.join(dir, ...rel.split("/")));
    files.push({ path: rel, sha256: blob.sha256, size: blob.size });
  }
  const dataDigest = createHash("sha256").update(files.map((f) => `${f.path}\t${f.sha256}\n`).join("")).digest("hex");
  const target = path.join(modelsRoot, dataDigest);
  if (!fs.existsSync(path.join(target, MANIFEST))) {
    // Built aside and renamed into place, so a folder with a manifest is always complete.
    const tmp = path.join(modelsRoot, `.tmp-${randomBytes(6).toString("hex")}`);
    for (const f of files) content.linkTo(f.sha256, path.join(tmp, ...f.path.split("/")));
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify({ dataDigest, files }, null, 1));
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(path.join(target, MANIFEST))) throw e; // another process stored the same files first
    }
  }
  return { storageLocation: pathToFileURL(target).href, dataDigest, files, signature };
}

/** What is missing or changed in a stored version's files; empty when all are there. */
export function checkModelFiles(storageLocation: string): string[] {
  const dir = fileURLToPath(storageLocation);
  const manifestFile = path.join(dir, MANIFEST);
  if (!fs.existsSync(manifestFile)) return [`${dir} (the version's folder or its manifest)`];
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { files: ManifestEntry[] };
  const problems: string[] = [];
  for (const f of manifest.files) {
    const st = fs.statSync(path.join(dir, ...f.path.split("/")), { throwIfNoEntry: false });
    if (!st) problems.push(`${f.path} (missing)`);
    else if (st.size !== f.size) problems.push(`${f.path} (${st.size} bytes, expected ${f.size})`);
  }
  return problems;
}

export function modelFileList(storageLocation: string): ManifestEntry[] {
  const manifestFile = path.join(fileURLToPath(storageLocation), MANIFEST);
  return (JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { files: ManifestEntry[] }).files;
}
