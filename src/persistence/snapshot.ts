// A journaled store's snapshot: its whole state as of the start of one journal segment, kept by lowdb.
// lowdb writes it to a temporary file and renames it into place, so readers see the old or the new one whole.
// A writer killed before the rename leaves that temporary file (see snapshotTempFile); the next writer removes it.

import fs from "node:fs";
import path from "node:path";
import { LowSync } from "lowdb";
import { DataFileSync } from "lowdb/node";
import { LabopsError } from "../core/errors";
import { oneLine } from "../core/file-error";
import { parseKeepingNumbers, stringifyKeepingNumbers } from "./json-numbers";

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotData<State = unknown> {
  format: number;
  /** The journal segment holding the ops made after this snapshot. */
  segment: number;
  state: State;
}

/** Identifies one version of the snapshot file without reading it. */
export type SnapshotVersion = string;

export function snapshotVersion(file: string): SnapshotVersion {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.mtimeMs}:${st.size}` : "none";
}

function open<State>(file: string): LowSync<SnapshotData<State> | null> {
  // Compact JSON: the snapshot is read by machines, and pretty-printing doubles its size.
  return new LowSync(new DataFileSync<SnapshotData<State> | null>(file, { parse: parseKeepingNumbers, stringify: stringifyKeepingNumbers }), null);
}

/** Where lowdb stages a new snapshot before renaming it into place. */
export function snapshotTempFile(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
}

export function readSnapshot<State>(file: string): SnapshotData<State> | null {
  const db = open<State>(file);
  try {
    db.read();
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw new LabopsError(
      "DATA_LOSS",
      `The store snapshot ${file} is damaged (${oneLine(e.message)}). Restore it from a backup; labops will not read or write this store until then.`,
      { cause: e },
    );
  }
  const data = db.data;
  if (data !== null && (typeof data !== "object" || typeof data.segment !== "number" || typeof data.state !== "object")) {
    throw new LabopsError("DATA_LOSS", `The store snapshot ${file} is not a labops snapshot (no segment or state). Restore it from a backup.`);
  }
  if (data && data.format !== SNAPSHOT_FORMAT) {
    throw new LabopsError("INVALID_STATE", `${file} has snapshot format ${data.format}; this labops reads format ${SNAPSHOT_FORMAT}. Upgrade labops.`);
  }
  return data;
}

export function writeSnapshot<State>(file: string, data: SnapshotData<State>, fsync = false): void {
  const db = open<State>(file);
  db.data = data;
  db.write();
  if (fsync) {
    // lowdb renames a temp file into place without fsync: make the new snapshot and the rename durable.
    for (const target of [file, path.dirname(file)]) {
      const fd = fs.openSync(target, "r");
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
  }
}
