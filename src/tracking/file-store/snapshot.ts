// The store's snapshot: the whole tracking state as of the start of one journal segment, kept by lowdb.
// lowdb writes it to a temporary file and renames it into place, so readers see the old or the new one whole.

import fs from "node:fs";
import { LowSync } from "lowdb";
import { DataFileSync } from "lowdb/node";
import type { TrackingStateData } from "../tracking-state";

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotData {
  format: number;
  /** The journal segment holding the ops made after this snapshot. */
  segment: number;
  state: TrackingStateData;
}

/** Identifies one version of the snapshot file without reading it. */
export type SnapshotVersion = string;

export function snapshotVersion(file: string): SnapshotVersion {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.mtimeMs}:${st.size}` : "none";
}

function open(file: string): LowSync<SnapshotData | null> {
  // Compact JSON: the snapshot is read by machines, and pretty-printing doubles its size.
  return new LowSync(new DataFileSync<SnapshotData | null>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), null);
}

export function readSnapshot(file: string): SnapshotData | null {
  const db = open(file);
  db.read();
  const data = db.data;
  if (data && data.format !== SNAPSHOT_FORMAT) {
    throw new Error(`${file} has snapshot format ${data.format}; this labops reads format ${SNAPSHOT_FORMAT}. Upgrade labops.`);
  }
  return data;
}

export function writeSnapshot(file: string, data: SnapshotData): void {
  const db = open(file);
  db.data = data;
  db.write();
}
