// Appends bytes to a file in one write(2) call (O_APPEND), so appenders in other processes never interleave.
// A failed append (a full disk, a failed fsync) is undone, so no partial record stays behind for a reader.

import fs from "node:fs";

/** With `fsync`, returns only once the bytes are on disk, not just with the operating system. */
export function appendWhole(file: string, bytes: Uint8Array, fsync: boolean): void {
  const fd = fs.openSync(file, "a");
  let start = -1;
  try {
    start = fs.fstatSync(fd).size;
    // One call writes it all on local file systems; the loop only guards against a short write.
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done);
    if (fsync) fs.fsyncSync(fd);
  } catch (e) {
    // Callers hold the file's lock, so nobody appended after us: cut back to where we started.
    if (start >= 0) {
      try {
        fs.ftruncateSync(fd, start);
      } catch {
        // Left for the next writer, which cuts bytes past the last whole record before it appends.
      }
    }
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}
