// Content-addressed blobs: the same bytes are stored once, under their SHA-256, however often they are logged.
// Artifact trees hold hard links to blobs, so they stay ordinary folders to browse and copy. Blobs are
// read-only and keep their source's permission bits (never wider): a blob is keyed by content and mode, so a
// private file's bytes never share an inode with a world-readable copy.

import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileError } from "../core/file-error";
import { copyOpenedFile, type OpenedFile } from "./local-files";

export interface StoredBlob {
  sha256: string;
  size: number;
  /** Permission bits of the blob (read-only). */
  mode: number;
}

/** The mode a stored file gets: the source's read and execute bits, never write. */
export const storedMode = (sourceMode: number): number => sourceMode & 0o555;

export class ContentStore {
  constructor(readonly root: string) {}

  blobPath(sha256: string, mode = 0o444): string {
    const name = mode === 0o444 ? sha256 : `${sha256}-${mode.toString(8)}`;
    return path.join(this.root, "sha256", sha256.slice(0, 2), name);
  }

  /** Streams an opened local file in (never whole in memory), hashing on the way; closes it. */
  async putOpened(source: OpenedFile): Promise<StoredBlob> {
    const tmp = this.tempPath();
    const mode = storedMode(source.stat.mode);
    const copied = await copyOpenedFile(source, tmp, mode);
    return this.settle(tmp, copied.sha256, copied.size, mode);
  }

  putBytes(data: string | Uint8Array, mode = 0o444): StoredBlob {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const tmp = this.tempPath();
    try {
      fs.writeFileSync(tmp, bytes, { mode: 0o600 });
      fs.chmodSync(tmp, mode);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw fileError(e, tmp, "write");
    }
    return this.settle(tmp, createHash("sha256").update(bytes).digest("hex"), bytes.length, mode);
  }

  /**
   * Puts the blob at `dest` as a hard link (a copy across file systems). With `overwrite`, what is there is
   * replaced in one step; without, a file already at `dest` is kept (published files are never replaced).
   */
  linkTo(blob: StoredBlob, dest: string, overwrite = true): void {
    const src = this.blobPath(blob.sha256, blob.mode);
    try {
      fs.mkdirSync(path.dirname(dest), { recursive: true });
    } catch (e) {
      throw fileError(e, path.dirname(dest), "write");
    }
    if (!overwrite) {
      // Linked straight to its name: a file already there (published) stays; nothing half-made is ever visible.
      try {
        return fs.linkSync(src, dest);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST") return;
        if (code !== "EXDEV" && code !== "EPERM") throw fileError(e, dest, "write");
      }
    }
    const tmp = `${dest}.tmp-${randomBytes(4).toString("hex")}`;
    try {
      try {
        fs.linkSync(src, tmp);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EXDEV" && (e as NodeJS.ErrnoException).code !== "EPERM") throw e;
        fs.copyFileSync(src, tmp);
        fs.chmodSync(tmp, blob.mode);
      }
      if (overwrite) fs.renameSync(tmp, dest);
      else {
        try {
          fs.linkSync(tmp, dest); // fails when a file is there: it stays as it is
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        fs.rmSync(tmp, { force: true });
      }
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw fileError(e, dest, "write");
    }
  }

  private tempPath(): string {
    const dir = path.join(this.root, "tmp");
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw fileError(e, dir, "write");
    }
    return path.join(dir, `${process.pid}-${randomBytes(6).toString("hex")}`);
  }

  /** Moves a hashed temp file to its blob, or drops it when the blob is already stored. */
  private settle(tmp: string, sha256: string, size: number, mode: number): StoredBlob {
    const blob = this.blobPath(sha256, mode);
    try {
      if (fs.existsSync(blob)) {
        fs.rmSync(tmp, { force: true });
      } else {
        fs.mkdirSync(path.dirname(blob), { recursive: true });
        fs.renameSync(tmp, blob); // same bytes under the same name: a racing writer's rename is harmless
      }
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw fileError(e, blob, "write");
    }
    return { sha256, size, mode };
  }
}
