// Appends bytes to a file in one write(2) call (O_APPEND), so appenders in other processes never interleave.

import fs from "node:fs";

/** With `fsync`, returns only once the bytes are on disk, not just with the operating system. */
export function appendWhole(file: string, bytes: Uint8Array, fsync: boolean): void {
  const fd = fs.openSync(file, "a");
  try {
    // One call writes it all on local file systems; the loop only guards against a short write.
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done);
    if (fsync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
