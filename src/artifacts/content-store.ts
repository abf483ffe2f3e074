// Content-addressed blobs: the same bytes are stored once, under their SHA-256, however often they are logged.
// Artifact trees hold hard links to blobs, so they stay ordinary folders to browse and copy.

import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";

export interface StoredBlob {
  sha256: string;
  size: number;
}

export class ContentStore {
  constructor(readonly root: string) {}

  blobPath(sha256: string): string {
    return path.join(this.root, "sha256", sha256.slice(0, 2), sha256);
  }

  /** Streams a file in (never whole in memory), hashing on the way. */
  async putFile(localFile: string): Promise<StoredBlob> {
    const tmp = this.tempPath();
    const hash = createHash("sha256");
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(fs.createReadStream(localFile), tap, fs.createWriteStream(tmp));
    return this.settle(tmp, hash.digest("hex"), size);
  }

  putBytes(data: string | Uint8Array): StoredBlob {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const tmp = this.tempPath();
    fs.writeFileSync(tmp, bytes);
    return this.settle(tmp, createHash("sha256").update(bytes).digest("hex"), bytes.length);
  }

  /** Puts the blob at `dest` (replacing what is there) as a hard link, or a copy across file systems. */
  linkTo(sha256: string, dest: string): void {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${randomBytes(4).toString("hex")}`;
    try {
      fs.linkSync(this.blobPath(sha256), tmp);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV" && (e as NodeJS.ErrnoException).code !== "EPERM") throw e;
      fs.copyFileSync(this.blobPath(sha256), tmp);
    }
    fs.renameSync(tmp, dest);
  }

  private tempPath(): string {
    fs.mkdirSync(path.join(this.root, "tmp"), { recursive: true });
    return path.join(this.root, "tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);
  }

  /** Moves a hashed temp file to its blob, or drops it when the blob is already stored. */
  private settle(tmp: string, sha256: string, size: number): StoredBlob {
    const blob = this.blobPath(sha256);
    if (fs.existsSync(blob)) {
      fs.rmSync(tmp, { force: true });
    } else {
      fs.mkdirSync(path.dirname(blob), { recursive: true });
      fs.chmodSync(tmp, 0o444); // shared by every tree that links it: never edited in place
      fs.renameSync(tmp, blob);
    }
    return { sha256, size };
  }
}
