// Reading local files to store them, safely: opened without following links, checked on the opened descriptor
// (so a file swapped for a symbolic link mid-way is caught), regular files only; and file-system errors turned
// into one clear LabopsError line naming the file.

import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { createHash } from "node:crypto";
import { invalidParameter } from "../core/errors";
import { fileError } from "../core/file-error";

const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0); // NONBLOCK: a FIFO must not hang the open

export interface OpenedFile {
  fd: number;
  stat: fs.Stats;
}

export interface CopiedFile {
  sha256: string;
  size: number;
  /** Permission bits of the source. */
  mode: number;
}

function isInside(file: string, realRoot: string): boolean {
  return file === realRoot || file.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return "FIFO (named pipe)";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "character device";
  if (st.isBlockDevice()) return "block device";
  if (st.isDirectory()) return "folder";
  return "special file";
}

/** Refuses anything but a regular file (devices, FIFOs, sockets), naming what it is. */
export function refuseSpecialFile(shown: string, st: fs.Stats): void {
  if (!st.isFile()) throw invalidParameter(`'${shown}' is a ${kindOf(st)}, not a regular file; refused: only regular files can be stored.`);
}

/** The path an open descriptor really points at (Linux), or null where the system cannot say. */
function openedPath(fd: number): string | null {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/**
 * Opens a local file for reading. `realRoot` (a real path) is the folder the file must stay inside: a symbolic
 * link is followed only when its target is inside it; with no root, a symbolic link is refused outright.
 */
export function openLocalFile(file: string, shown: string, realRoot: string | null): OpenedFile {
  let fd: number;
  try {
    fd = fs.openSync(file, READ_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENXIO") throw invalidParameter(`'${shown}' is a socket or device without a reader, not a regular file; refused: only regular files can be stored.`);
    if (code !== "ELOOP") throw fileError(e, file, "read");
    if (realRoot === null) throw invalidParameter(`'${shown}' is a symbolic link; refused: give the file it points to.`);
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      throw invalidParameter(`'${shown}' is a broken symbolic link; refused.`);
    }
    if (!isInside(real, realRoot)) throw invalidParameter(`'${shown}' is a symbolic link to ${real}, outside the folder; refused.`);
    try {
      fd = fs.openSync(real, READ_FLAGS);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === "ELOOP") throw invalidParameter(`'${shown}' changed into a symbolic link while it was being read; refused.`);
      throw fileError(e2, real, "read");
    }
  }
  try {
    const stat = fs.fstatSync(fd);
    refuseSpecialFile(shown, stat);
    // The descriptor says where the file really is: a folder on the way swapped for a link is caught here.
    const where = openedPath(fd);
    const allowed = realRoot ?? realDirOf(file);
    if (where !== null && allowed !== null && !isInside(where, allowed)) {
      throw invalidParameter(`'${shown}' leads to ${where}, outside ${allowed} (a link was swapped in while it was being read); refused.`);
    }
    return { fd, stat };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

function realDirOf(file: string): string | null {
  try {
    return fs.realpathSync(path.dirname(file));
  } catch {
    return null;
  }
}

/**
 * Streams an opened file to `dst` (created new, never replacing), hashing on the way; `dst` gets `mode`.
 * The descriptor is closed in all cases.
 */
export async function copyOpenedFile(src: OpenedFile, dst: string, mode: number): Promise<CopiedFile> {
  const hash = createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(fs.createReadStream("", { fd: src.fd, autoClose: true }), tap, fs.createWriteStream(dst, { flags: "wx", mode: 0o600 }));
    fs.chmodSync(dst, mode);
  } catch (e) {
    fs.rmSync(dst, { force: true });
    throw fileError(e, dst, "write");
  }
  return { sha256: hash.digest("hex"), size, mode: src.stat.mode & 0o777 };
}

/** Runs `body`, turning a raw file-system error into a LabopsError naming `file`. */
export async function withFileErrors<T>(file: string, doing: "read" | "write", body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw fileError(e, file, doing);
  }
}
