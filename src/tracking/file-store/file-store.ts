// The embedded file store for tracking: experiments and runs in a JournaledState (see journaled-state.ts),
// and beside it
//   metrics/<run id>.lbm  each run's metric points, append-only binary frames (see metric-log.ts); a batch's
//                         frame is written first and counts once its logBatch op, which records the log's new
//                         length, is in the journal, so history and latest values always agree
//   artifacts/<exp id>/<run id>/artifacts/   logged files

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Metric } from "../../entities";
import { LabopsError } from "../../core/errors";
import { LocalTrackingStore } from "../local-store";
import type { TrackingOp } from "../tracking-ops";
import { TrackingState, type TrackingStateData } from "../tracking-state";
import { JournaledState } from "../../persistence/journaled-state";
import { appendWhole } from "../../persistence/append-whole";
import { systemFailure } from "../../core/file-error";
import { storeWarning } from "../../persistence/store-warning";
import { encodeFrame, readMetricLog, validEnd } from "./metric-log";

export interface FileTrackingStoreOptions {
  /** fsync every write: survives power loss, not only a killed process. Default: LABOPS_FSYNC=1. */
  fsync?: boolean;
  /** Journal size that triggers a new snapshot. */
  compactBytes?: number;
  lockTimeoutMs?: number;
  /** Where reports of torn or damaged writes go; default: process warnings on stderr. */
  onWarning?: (message: string) => void;
}

const RUN_ID_PATTERN = /^[0-9a-f]{32}$/;

export class FileTrackingStore extends LocalTrackingStore {
  readonly root: string;
  private readonly journaled: JournaledState<TrackingState, TrackingOp, TrackingStateData>;
  private readonly fsync: boolean;
  private readonly warn: (message: string) => void;

  constructor(root: string, options: FileTrackingStoreOptions = {}) {
    const abs = path.resolve(root);
    super(pathToFileURL(abs).href, path.join(abs, "artifacts"), path.join(abs, "blobs"));
    this.root = abs;
    this.fsync = options.fsync ?? process.env.LABOPS_FSYNC === "1";
    this.warn = options.onWarning ?? storeWarning;
    this.journaled = new JournaledState({
      root: abs,
      create: () => new TrackingState(),
      fromData: (data) => TrackingState.fromData(data),
      fsync: this.fsync,
      compactBytes: options.compactBytes ?? 16 * 1024 * 1024,
      lockTimeoutMs: options.lockTimeoutMs,
      warn: this.warn,
    });
  }

  protected readState(): TrackingState {
    return this.journaled.read();
  }

  protected commit(build: (state: TrackingState) => TrackingOp): TrackingState {
    // Every store has experiment 0: the first write creates it, before ids are given out.
    return this.journaled.commit([(state) => (state.hasDefaultExperiment() ? null : this.defaultExperimentOp()), build]);
  }

  /**
   * Runs under the store's lock, so bytes past the committed end belong to a writer that died or whose journal
   * write failed: cut them off, then append this batch's frame.
   */
  protected appendHistory(state: TrackingState, runId: string, metrics: Metric[]): number {
    fs.mkdirSync(path.join(this.root, "metrics"), { recursive: true });
    const file = this.metricLogFile(runId);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    // A run from an older store has no committed end yet: whole frames then count, as they did.
    const end = state.historyEnd(runId) ?? validEnd(file, 0);
    if (end < size) {
      fs.truncateSync(file, end);
      this.warn(`Dropped a torn metric frame (${size - end} bytes) from ${file}, left by a write that failed or a process that died mid-write.`);
    } else if (end > size) {
      this.journaled.report(file, `short:${end}`, `${file} is shorter (${size} bytes) than its committed ${end} bytes: metric history was lost from it.`);
    }
    const frame = encodeFrame(metrics);
    appendWhole(file, frame, this.fsync);
    return size >= end ? end + frame.length : size + frame.length;
  }

  protected readHistory(state: TrackingState, runId: string): Metric[] {
    const file = this.metricLogFile(runId);
    let read;
    try {
      read = readMetricLog(file, state.historyEnd(runId));
    } catch (e) {
      throw systemFailure(e, "read", file);
    }
    if (read.skippedBytes > 0) this.journaled.report(file, `${read.skippedBytes}`, `skipped ${read.skippedBytes} bytes of torn or damaged metric frames in ${file}`);
    return read.metrics;
  }

  async close(): Promise<void> {
    this.journaled.forget();
  }

  private metricLogFile(runId: string): string {
    if (!RUN_ID_PATTERN.test(runId)) {
      throw new LabopsError("INVALID_PARAMETER_VALUE", `Invalid run id '${runId}': run ids are 32 hexadecimal characters.`);
    }
    return path.join(this.root, "metrics", `${runId}.lbm`);
  }
}
