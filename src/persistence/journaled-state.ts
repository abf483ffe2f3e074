// A state shared by many processes through one folder: a lowdb snapshot, an append-only journal of ops since
// it, and a lock for writers. The tracking store and the registry store are both built on it.
//
//   store.json         the snapshot (lowdb), as of the start of one journal segment
//   journal/<n>.jsonl  every op since that snapshot, one a line, appended under the lock
//   .lock              the cross-process lock writers take (see file-lock.ts)
//
// A write takes the lock, catches up with the journal, validates its op against the fresh state and appends one
// line, so no update is lost and nothing allocated under the lock (ids, version numbers) repeats. Readers never
// lock: they replay new journal lines. Past `compactBytes` the writer folds the journal into a new snapshot.
//
// A write is all or nothing: it counts once its journal line is whole on disk, and a failed append is cut back.
// Folding into a snapshot comes after that and never fails the write: a failure there is a warning, tried again
// later. A damaged journal line is skipped by readers, and writers refuse to write until it is repaired, since
// it may have given out ids that the state no longer knows.

import fs from "node:fs";
import path from "node:path";
import { LabopsError } from "../core/errors";
import { FileLock } from "./file-lock";
import { appendJournal, readJournal } from "./journal";
import { readSnapshot, SNAPSHOT_FORMAT, snapshotTempFile, snapshotVersion, writeSnapshot, type SnapshotVersion } from "./snapshot";
import { oneLine, systemFailure } from "../core/file-error";

/** A state changed only by ops; `apply` validates an op and throws, changing nothing, when it is invalid. */
export interface OpState<Op, Data> {
  apply(op: Op): void;
  toData(): Data;
}

export interface JournaledStateOptions<S, Data> {
  root: string;
  create(): S;
  fromData(data: Data): S;
  fsync: boolean;
  compactBytes: number;
  lockTimeoutMs?: number;
  warn(message: string): void;
}

interface Loaded<S> {
  state: S;
  segment: number;
  offset: number;
  /** Complete lines read from the segment's file so far. */
  lines: number;
  version: SnapshotVersion;
  /** Damaged lines met in the journal this state was built from. */
  damage: { file: string; line: number }[];
}

export class JournaledState<S extends OpState<Op, Data>, Op, Data> {
  private readonly snapshotFile: string;
  private readonly journalDir: string;
  private readonly lock: FileLock;
  private readonly reported = new Set<string>();
  private loaded: Loaded<S> | null = null;
  private staleChecked = false;
  /** After a failed compaction, the journal offset at which to try again. */
  private compactRetryAt = 0;

  constructor(private readonly options: JournaledStateOptions<S, Data>) {
    this.snapshotFile = path.join(options.root, "store.json");
    this.journalDir = path.join(options.root, "journal");
    this.lock = new FileLock(path.join(options.root, ".lock"), { timeoutMs: options.lockTimeoutMs, onWarning: options.warn });
  }

  /** The current state, for reading only. A folder that does not exist reads as empty and is not created. */
  read(): S {
    try {
      return this.catchUp().state;
    } catch (e) {
      throw systemFailure(e, "read", this.snapshotFile);
    }
  }

  /**
   * Under the lock, on the freshest state: each step builds an op (or null for none), which is applied, and so
   * validated, before the next step sees the state. Then `beforePersist` runs (a store's side files go there)
   * and the ops are appended. An invalid op throws before anything is written; so does a failed append, which
   * leaves nothing behind. Returns the state just after the write (for reading only).
   */
  commit(steps: ((state: S) => Op | null)[], beforePersist?: () => void): S {
    try {
      if (!fs.existsSync(this.options.root)) {
        // A store that does not exist yet: check the change first, so a refused one creates no folder.
        const scratch = this.options.create();
        for (const step of steps) {
          const op = step(scratch);
          if (op !== null) scratch.apply(op);
        }
      }
      fs.mkdirSync(this.journalDir, { recursive: true });
      return this.lock.withLock(() => this.commitLocked(steps, beforePersist));
    } catch (e) {
      throw systemFailure(e, "write", this.options.root);
    }
  }

  forget(): void {
    this.loaded = null;
  }

  /** Reports a problem once per (file, what), however often readers meet it. */
  report(file: string, what: string, message: string): void {
    const key = `${file}|${what}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.warn(message);
  }

  private commitLocked(steps: ((state: S) => Op | null)[], beforePersist?: () => void): S {
    if (!this.staleChecked) this.removeStaleFiles();
    let loaded = this.catchUp();
    if (loaded.damage.length > 0) {
      // It may have been repaired since this process read it: read the store again before refusing.
      this.loaded = null;
      loaded = this.catchUp();
    }
    const damaged = loaded.damage[0];
    if (damaged) {
      throw new LabopsError(
        "DATA_LOSS",
        `Line ${damaged.line} of ${damaged.file} is damaged (not valid JSON), so what it recorded is lost; labops will not write ` +
          `to this store until it is repaired, so that no id or version number it gave out is used again. Restore the file ` +
          `from a backup, or rewrite that line by hand.`,
      );
    }
    this.cutTornTail(loaded);
    const ops: Op[] = [];
    try {
      for (const step of steps) {
        const op = step(loaded.state);
        if (op === null) continue;
        loaded.state.apply(op);
        ops.push(op);
      }
      beforePersist?.();
      // One line for the whole commit: a process killed mid-commit leaves all of it or none.
      if (ops.length > 0) {
        const bytes = appendJournal(this.journalFile(loaded.segment), ops.length === 1 ? ops[0] : ops, this.options.fsync);
        loaded.offset += bytes;
        loaded.lines++;
      }
    } catch (e) {
      this.loaded = null; // memory may be ahead of disk now: reload on next use
      throw e;
    }
    // The write is done and durable: nothing from here on may fail it.
    if (loaded.offset >= Math.max(this.options.compactBytes, this.compactRetryAt)) this.tryCompact(loaded);
    return loaded.state;
  }

  private catchUp(): Loaded<S> {
    for (let attempt = 0; ; attempt++) {
      try {
        const version = snapshotVersion(this.snapshotFile);
        if (!this.loaded || this.loaded.version !== version) this.loaded = this.loadSnapshot(version);
        this.replay(this.loaded);
        // A writer may have compacted while we read: our segment's file was then gone (read as empty) and the
        // snapshot holds its ops. Start again from the new snapshot.
        if (snapshotVersion(this.snapshotFile) !== this.loaded.version) {
          if (attempt >= 5) throw new LabopsError("INTERNAL_ERROR", `The store at ${this.options.root} keeps changing under a reader; try again.`);
          this.loaded = null;
          continue;
        }
        return this.loaded;
      } catch (e) {
        this.loaded = null;
        // A writer compacted between our reads (the old segment is gone): start again from the new snapshot.
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw e;
      }
    }
  }

  private loadSnapshot(version: SnapshotVersion): Loaded<S> {
    if (version === "none") return this.loadWithoutSnapshot();
    const snap = readSnapshot<Data>(this.snapshotFile);
    const state = snap ? this.options.fromData(snap.state) : this.options.create();
    return { state, segment: snap?.segment ?? 0, offset: 0, lines: 0, version, damage: [] };
  }

  /**
   * No snapshot: a new store, or one whose snapshot was lost. The journal alone is the whole history only when
   * it starts at segment 0 with no segment missing; then replay it. Otherwise reading it as a fresh store would
   * give out ids again and truncate the journal at the next compaction: refuse instead.
   */
  private loadWithoutSnapshot(): Loaded<S> {
    const segments = this.journalSegments();
    if (segments.length === 0 && fs.lstatSync(this.options.root, { throwIfNoEntry: false })?.isSymbolicLink() && !fs.existsSync(this.options.root)) {
      // Not a store that does not exist yet: the path is there, but leads nowhere.
      throw systemFailure(Object.assign(new Error("broken symlink"), { code: "ENOENT", path: this.options.root }), "read", this.options.root);
    }
    const last = segments.at(-1) ?? 0;
    const whole = segments.length === 0 || (segments[0] === 0 && segments.length === last + 1);
    if (!whole) {
      // A first compaction may have renamed the snapshot into place and removed segment 0 since we looked.
      if (snapshotVersion(this.snapshotFile) !== "none") {
        throw Object.assign(new Error("snapshot appeared"), { code: "ENOENT" }); // catchUp starts again
      }
      throw new LabopsError(
        "DATA_LOSS",
        `The store snapshot ${this.snapshotFile} is missing, but the journal in ${this.journalDir} holds only segments ` +
          `${segments.join(", ")} (the history before them was in that snapshot). Restore ${path.basename(this.snapshotFile)} ` +
          `from a backup; labops will not read or write this store until then, so that no id is given out twice.`,
      );
    }
    const loaded: Loaded<S> = { state: this.options.create(), segment: 0, offset: 0, lines: 0, version: "none", damage: [] };
    // Earlier segments are left by compactions that died before their snapshot was written: replay them whole.
    for (let segment = 0; segment < last; segment++) {
      this.replay(loaded);
      loaded.segment = segment + 1;
      loaded.offset = 0;
      loaded.lines = 0;
    }
    return loaded;
  }

  private replay(loaded: Loaded<S>): void {
    const file = this.journalFile(loaded.segment);
    const read = readJournal<Op | Op[]>(file, loaded.offset, loaded.lines);
    for (const entry of read.entries) {
      for (const op of Array.isArray(entry) ? entry : [entry]) {
        try {
          loaded.state.apply(op);
        } catch (e) {
          this.report(file, `op:${loaded.offset}:${JSON.stringify(op).length}`, `skipped an op that no longer applies in ${file}: ${(e as Error).message}`);
        }
      }
    }
    for (const line of read.damagedLines) {
      loaded.damage.push({ file, line });
      this.report(file, `damaged:${line}`, `skipped line ${line} of ${file}: it is damaged (not valid JSON). Restore the file from a backup, or rewrite that line by hand.`);
    }
    loaded.offset = read.offset;
    loaded.lines = read.lines;
  }

  /** Under the lock, bytes past the last complete line were left by a writer that died mid-write. */
  private cutTornTail(loaded: Loaded<S>): void {
    const file = this.journalFile(loaded.segment);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > loaded.offset) {
      fs.truncateSync(file, loaded.offset);
      this.options.warn(`Dropped a torn last line (${size - loaded.offset} bytes) from ${file}, left by a process that died mid-write.`);
    }
  }

  /** Under the lock, a snapshot's temporary file can only be left by a writer that died mid-compaction. */
  private removeStaleFiles(): void {
    const temp = snapshotTempFile(this.snapshotFile);
    if (fs.existsSync(temp)) {
      fs.rmSync(temp, { force: true });
      this.options.warn(`Removed ${temp}, a snapshot left half-written by a process that died while writing it.`);
    }
    this.staleChecked = true;
  }

  /** Folds the journal into a new snapshot. A failure is a warning: the write that got here is already saved. */
  private tryCompact(loaded: Loaded<S>): void {
    try {
      this.compact(loaded);
      this.compactRetryAt = 0;
    } catch (e) {
      try {
        fs.rmSync(snapshotTempFile(this.snapshotFile), { force: true });
      } catch {
        // removed by the next writer (removeStaleFiles)
      }
      this.loaded = null; // the snapshot may or may not have moved: read again next time
      // Try again once the journal has grown some more, not on every write of a full disk.
      this.compactRetryAt = loaded.offset + Math.max(1024, this.options.compactBytes / 8);
      const failure = systemFailure(e, "write", this.snapshotFile);
      this.options.warn(
        `Could not fold the journal into a new snapshot (${oneLine((failure as Error).message ?? String(failure))}); ` +
          `the write itself is saved. labops tries again on a later write.`,
      );
    }
  }

  private compact(loaded: Loaded<S>): void {
    const next = loaded.segment + 1;
    fs.writeFileSync(this.journalFile(next), ""); // may exist, empty or partial, from a compaction that died here
    writeSnapshot<Data>(this.snapshotFile, { format: SNAPSHOT_FORMAT, segment: next, state: loaded.state.toData() }, this.options.fsync);
    loaded.segment = next;
    loaded.offset = 0;
    loaded.lines = 0;
    loaded.version = snapshotVersion(this.snapshotFile);
    // Every older segment is in the snapshot now, including any left by a compaction that died.
    for (const segment of this.journalSegments()) if (segment < next) fs.rmSync(this.journalFile(segment), { force: true });
  }

  private journalSegments(): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.journalDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    return names
      .map((n) => /^(\d+)\.jsonl$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private journalFile(segment: number): string {
    return path.join(this.journalDir, `${segment}.jsonl`);
  }
}
