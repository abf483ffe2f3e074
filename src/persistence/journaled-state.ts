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

import fs from "node:fs";
import path from "node:path";
import { FileLock } from "./file-lock";
import { appendJournal, readJournal } from "./journal";
import { readSnapshot, SNAPSHOT_FORMAT, snapshotVersion, writeSnapshot, type SnapshotVersion } from "./snapshot";

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
  version: SnapshotVersion;
}

export class JournaledState<S extends OpState<Op, Data>, Op, Data> {
  private readonly snapshotFile: string;
  private readonly lock: FileLock;
  private readonly reported = new Set<string>();
  private loaded: Loaded<S> | null = null;

  constructor(private readonly options: JournaledStateOptions<S, Data>) {
    this.snapshotFile = path.join(options.root, "store.json");
    this.lock = new FileLock(path.join(options.root, ".lock"), { timeoutMs: options.lockTimeoutMs, onWarning: options.warn });
  }

  /** The current state, for reading only. A folder that does not exist reads as empty and is not created. */
  read(): S {
    return this.catchUp().state;
  }

  /**
   * Under the lock, on the freshest state: each step builds an op (or null for none), which is applied, and so
   * validated, before the next step sees the state. Then `beforePersist` runs (a store's side files go there)
   * and the ops are appended. An invalid op throws before anything is written.
   */
  commit(steps: ((state: S) => Op | null)[], beforePersist?: () => void): void {
    if (!fs.existsSync(this.options.root)) {
      // A store that does not exist yet: check the change first, so a refused one creates no folder.
      const scratch = this.options.create();
      for (const step of steps) {
        const op = step(scratch);
        if (op !== null) scratch.apply(op);
      }
    }
    fs.mkdirSync(path.join(this.options.root, "journal"), { recursive: true });
    this.lock.withLock(() => {
      const loaded = this.catchUp();
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
        if (ops.length > 0) loaded.offset += appendJournal(this.journalFile(loaded.segment), ops.length === 1 ? ops[0] : ops, this.options.fsync);
      } catch (e) {
        this.loaded = null; // memory may be ahead of disk now: reload on next use
        throw e;
      }
      if (loaded.offset >= this.options.compactBytes) this.compact(loaded);
    });
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

  private catchUp(): Loaded<S> {
    for (let attempt = 0; ; attempt++) {
      try {
        const version = snapshotVersion(this.snapshotFile);
        if (!this.loaded || this.loaded.version !== version) this.loaded = this.loadSnapshot(version);
        this.replay(this.loaded);
        // A writer may have compacted while we read: our segment's file was then gone (read as empty) and the
        // snapshot holds its ops. Start again from the new snapshot.
        if (snapshotVersion(this.snapshotFile) !== this.loaded.version) {
          if (attempt >= 5) throw new Error(`The store at ${this.options.root} keeps changing under a reader; try again.`);
          this.loaded = null;
          continue;
        }
        return this.loaded;
      } catch (e) {
        // A writer compacted between our reads (the old segment is gone): start again from the new snapshot.
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw e;
        this.loaded = null;
      }
    }
  }

  private loadSnapshot(version: SnapshotVersion): Loaded<S> {
    const snap = version === "none" ? null : readSnapshot<Data>(this.snapshotFile);
    const state = snap ? this.options.fromData(snap.state) : this.options.create();
    return { state, segment: snap?.segment ?? 0, offset: 0, version };
  }

  private replay(loaded: Loaded<S>): void {
    const file = this.journalFile(loaded.segment);
    const read = readJournal<Op | Op[]>(file, loaded.offset);
    for (const entry of read.entries) {
      for (const op of Array.isArray(entry) ? entry : [entry]) {
        try {
          loaded.state.apply(op);
        } catch (e) {
          this.report(file, `op:${loaded.offset}:${JSON.stringify(op).length}`, `skipped an op that no longer applies in ${file}: ${(e as Error).message}`);
        }
      }
    }
    if (read.corruptLines > 0) this.report(file, `corrupt:${read.offset}`, `skipped ${read.corruptLines} unreadable lines in ${file}`);
    loaded.offset = read.offset;
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

  private compact(loaded: Loaded<S>): void {
    const next = loaded.segment + 1;
    fs.writeFileSync(this.journalFile(next), ""); // may exist, empty or partial, from a compaction that died here
    writeSnapshot<Data>(this.snapshotFile, { format: SNAPSHOT_FORMAT, segment: next, state: loaded.state.toData() }, this.options.fsync);
    fs.rmSync(this.journalFile(loaded.segment), { force: true });
    loaded.segment = next;
    loaded.offset = 0;
    loaded.version = snapshotVersion(this.snapshotFile);
  }

  private journalFile(segment: number): string {
    return path.join(this.options.root, "journal", `${segment}.jsonl`);
  }
}
