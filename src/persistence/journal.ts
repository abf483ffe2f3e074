// Append-only JSON-lines journal of operations: one line per op, written whole by one write(2).
// Readers take only complete lines; a torn last line (its writer died mid-write) is cut off by the next writer.
// A complete line that does not parse (damaged on disk) is skipped alone, and reported by its line number.

import fs from "node:fs";
import { appendWhole } from "./append-whole";
import { parseKeepingNumbers, stringifyKeepingNumbers } from "./json-numbers";

export interface JournalRead<T> {
  entries: T[];
  /** Offset just past the last complete line read. */
  offset: number;
  /** Complete lines read so far in the file, counting those before the start offset. */
  lines: number;
  /** Bytes after the last complete line: a line being written, or torn by a writer that died. */
  tailBytes: number;
  /** 1-based numbers of the complete lines that did not parse, skipped. */
  damagedLines: number[];
}

/**
 * Reads the complete lines from `offset` on; `linesBefore` is how many lines precede `offset`, for numbering.
 * A missing file reads as empty only when `offset` is 0.
 */
export function readJournal<T>(file: string, offset: number, linesBefore = 0): JournalRead<T> {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && offset === 0) {
      return { entries: [], offset: 0, lines: 0, tailBytes: 0, damagedLines: [] };
    }
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return { entries: [], offset, lines: linesBefore, tailBytes: 0, damagedLines: [] };
    const buf = Buffer.allocUnsafe(size - offset);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    const end = buf.lastIndexOf(0x0a, got - 1) + 1; // just past the last newline
    const entries: T[] = [];
    const damagedLines: number[] = [];
    let lines = linesBefore;
    if (end > 0) {
      for (const line of buf.toString("utf8", 0, end - 1).split("\n")) {
        lines++;
        if (line === "") continue;
        try {
          entries.push(parseKeepingNumbers<T>(line));
        } catch {
          damagedLines.push(lines);
        }
      }
    }
    return { entries, offset: offset + end, lines, tailBytes: got - end, damagedLines };
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends one entry as one line in a single write; with `fsync`, waits until it is on disk. */
export function appendJournal(file: string, entry: unknown, fsync: boolean): number {
  const line = Buffer.from(stringifyKeepingNumbers(entry) + "\n", "utf8");
  appendWhole(file, line, fsync);
  return line.length;
}
