// The embedded file store: many processes may read and write one folder at once.
//
//   store.json            snapshot of experiments and runs (lowdb), as of the start of one journal segment
//   journal/<n>.jsonl     every change since that snapshot, one op a line, appended under the store lock
//   metrics/<run id>.lbm  each run's metric points, append-only binary frames (see metric-log.ts)
//   artifacts/<exp id>/<run id>/artifacts/   logged files
//   .lock                 the cross-process lock writers take (see file-lock.ts)
//
// A write takes the lock, catches up with the journal, validates its op against the fresh state and appends one
// line, so no update is lost and ids never repeat. Readers never lock: they replay new journal lines. When a
// segment grows past `compactBytes`, the writer folds it into a new snapshot and starts the next segment.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Metric } from "../../entities";
import { LabopsError } from "../../errors";
import { LocalTrackingStore } from "../local-store";
import type { TrackingOp } from "../tracking-ops";
import { TrackingState } from "../tracking-state";
import { FileLock } from "./file-lock";
import { appendJournal, readJournal } from "./journal";
import { appendFrame, encodeFrame, readMetricLog } from "./metric-log";
import { readSnapshot, SNAPSHOT_FORMAT, snapshotVersion, writeSnapshot, type SnapshotVersion } from "./snapshot";

export interface FileTrackingStoreOptions {
  /** fsync every write: survives power loss, not only a killed process. Default: LABOPS_FSYNC=1. */
  fsync?: boolean;
  /** Journal size that triggers a new snapshot. */
  compactBytes?: number;
  lockTimeoutMs?: number;
  /** Where reports of torn or damaged writes go; default: process warnings on stderr. */
  onWarning?: (message: string) => void;
}

interface Loaded {
  state: TrackingState;
  segment: number;
  offset: number;
  version: SnapshotVersion;
}

const RUN_ID_PATTERN = /^[0-9a-f]{32}$/;

export class FileTrackingStore extends LocalTrackingStore {
  readonly root: string;
  private readonly snapshotFile: string;
  private readonly lock: FileLock;
  private readonly fsync: boolean;
  private readonly compactBytes: number;
  private readonly warn: (message: string) => void;
  private readonly reported = new Set<string>();
  private loaded: Loaded | null = null;

  constructor(root: string, options: FileTrackingStoreOptions = {}) {
    const abs = path.resolve(root);
    super(pathToFileURL(abs).href, path.join(abs, "artifacts"));
    this.root = abs;
    this.snapshotFile = path.join(abs, "store.json");
    this.fsync = options.fsync ?? process.env.LABOPS_FSYNC === "1";
    this.compactBytes = options.compactBytes ?? 16 * 1024 * 1024;
    this.warn = options.onWarning ?? ((m) => process.emitWarning(m, { code: "LABOPS_STORE" }));
    this.lock = new FileLock(path.join(abs, ".lock"), { timeoutMs: options.lockTimeoutMs, onWarning: this.warn });
  }

  protected readState(): TrackingState {
    return this.catchUp().state;
  }

  protected commit(build: (state: TrackingState) => TrackingOp, beforePersist?: () => void): void {
    this.ensureFolders();
    this.lock.withLock(() => {
      const loaded = this.catchUp();
      this.cutTornTail(loaded);
      if (!loaded.state.hasDefaultExperiment()) this.persist(loaded, this.defaultExperimentOp());
      const op = build(loaded.state);
      loaded.state.apply(op); // throws on an invalid op, before anything is written
      try {
        beforePersist?.();
        this.persist(loaded, op, true);
      } catch (e) {
        this.loaded = null; // memory is ahead of disk now: reload on next use
        throw e;
      }
      if (loaded.offset >= this.compactBytes) this.compact(loaded);
    });
  }

  protected appendHistory(runId: string, metrics: Metric[]): void {
    appendFrame(this.metricLogFile(runId), encodeFrame(metrics), this.fsync);
  }

  protected readHistory(runId: string): Metric[] {
    const file = this.metricLogFile(runId);
    const read = readMetricLog(file);
    if (read.skippedBytes > 0) this.report(file, `${read.skippedBytes}`, `skipped ${read.skippedBytes} bytes of torn or damaged metric frames in ${file}`);
    return read.metrics;
  }

  async close(): Promise<void> {
    this.loaded = null;
  }

  // -- state --------------------------------------------------------------------------------------------------

  private catchUp(): Loaded {
    for (let attempt = 0; ; attempt++) {
      try {
        const version = snapshotVersion(this.snapshotFile);
        if (!this.loaded || this.loaded.version !== version) this.loaded = this.loadSnapshot(version);
        this.replay(this.loaded);
        return this.loaded;
      } catch (e) {
        // A writer compacted between our reads (the old segment is gone): start again from the new snapshot.
        if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw e;
        this.loaded = null;
      }
    }
  }

  private loadSnapshot(version: SnapshotVersion): Loaded {
    const snap = version === "none" ? null : readSnapshot(this.snapshotFile);
    const state = snap ? TrackingState.fromData(snap.state) : new TrackingState();
    return { state, segment: snap?.segment ?? 0, offset: 0, version };
  }

  private replay(loaded: Loaded): void {
    const file = this.journalFile(loaded.segment);
    const read = readJournal<TrackingOp>(file, loaded.offset);
    for (const op of read.entries) {
      try {
        loaded.state.apply(op);
      } catch (e) {
        this.report(file, `op:${loaded.offset}:${JSON.stringify(op).length}`, `skipped an op that no longer applies in ${file}: ${(e as Error).message}`);
      }
    }
    if (read.corruptLines > 0) this.report(file, `corrupt:${read.offset}`, `skipped ${read.corruptLines} unreadable lines in ${file}`);
    loaded.offset = read.offset;
  }

  private persist(loaded: Loaded, op: TrackingOp, alreadyApplied = false): void {
    if (!alreadyApplied) loaded.state.apply(op);
    loaded.offset += appendJournal(this.journalFile(loaded.segment), op, this.fsync);
  }

  /** Under the lock, bytes past the last complete line were left by a writer that died mid-write. */
  private cutTornTail(loaded: Loaded): void {
    const file = this.journalFile(loaded.segment);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > loaded.offset) {
      fs.truncateSync(file, loaded.offset);
      this.warn(`Dropped a torn last line (${size - loaded.offset} bytes) from ${file}, left by a process that died mid-write.`);
    }
  }

  private compact(loaded: Loaded): void {
    const next = loaded.segment + 1;
    fs.writeFileSync(this.journalFile(next), ""); // may exist, empty or partial, from a compaction that died here
    writeSnapshot(this.snapshotFile, { format: SNAPSHOT_FORMAT, segment: next, state: loaded.state.toData() });
    fs.rmSync(this.journalFile(loaded.segment), { force: true });
    loaded.segment = next;
    loaded.offset = 0;
    loaded.version = snapshotVersion(this.snapshotFile);
  }

  // -- files --------------------------------------------------------------------------------------------------

  private ensureFolders(): void {
    fs.mkdirSync(path.join(this.root, "journal"), { recursive: true });
    fs.mkdirSync(path.join(this.root, "metrics"), { recursive: true });
  }

  private journalFile(segment: number): string {
    return path.join(this.root, "journal", `${segment}.jsonl`);
  }

  private metricLogFile(runId: string): string {
    if (!RUN_ID_PATTERN.test(runId)) {
      throw new LabopsError("INVALID_PARAMETER_VALUE", `Invalid run id '${runId}': run ids are 32 hexadecimal characters.`);
    }
    return path.join(this.root, "metrics", `${runId}.lbm`);
  }

  private report(file: string, what: string, message: string): void {
    const key = `${file}|${what}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.warn(message);
  }
}
