// Buffers metric points so a training loop never waits on storage; writes them in batches in the background.
//
// Durability: points are written by a background flush every `intervalMs`, when a run buffers `highWaterMark`
// points, on flush()/endRun(), and at process exit (also on process.exit(), for stores that write
// synchronously). A point is safe from a killed process once one of those writes has returned.

import type { Metric } from "../entities";
import { supportsSyncWrites, type TrackingStore } from "./store";

export interface MetricBufferOptions {
  intervalMs?: number;
  highWaterMark?: number;
}

export class MetricBuffer {
  private pending = new Map<string, Metric[]>();
  /** Taken by flush() but not yet handed to the store (waiting behind an earlier write): an exit writes them too. */
  private readonly queued = new Set<[string, Metric[]]>();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly intervalMs: number;
  private readonly highWaterMark: number;
  private readonly onExit = (): void => this.flushSync();

  constructor(
    private readonly store: TrackingStore,
    options: MetricBufferOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 200;
    this.highWaterMark = options.highWaterMark ?? 50_000;
    process.on("exit", this.onExit);
  }

  add(runId: string, metric: Metric): void {
    let points = this.pending.get(runId);
    if (!points) this.pending.set(runId, (points = []));
    points.push(metric);
    if (++this.count >= this.highWaterMark) this.drainEarly();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(() => {}), this.intervalMs).unref();
  }

  /** Writes everything buffered so far; rejects with the first failure of a background write since the last call. */
  async flush(): Promise<void> {
    this.clearTimer();
    const batches = [...this.take()];
    for (const b of batches) this.queued.add(b);
    this.inFlight = this.inFlight.then(async () => {
      for (const b of batches) {
        if (!this.queued.delete(b)) continue; // flushSync wrote it meanwhile
        const [runId, metrics] = b;
        try {
          await this.store.logBatch(runId, { metrics });
        } catch (e) {
          this.recordFailure(e, metrics.length);
        }
      }
    });
    await this.inFlight;
    if (this.failure !== null) {
      const e = this.failure;
      this.failure = null;
      throw e;
    }
  }

  close(): void {
    this.clearTimer();
    process.off("exit", this.onExit);
  }

  /** A tight synchronous loop never yields to timers: write now when the store can, else as soon as possible. */
  private drainEarly(): void {
    if (supportsSyncWrites(this.store)) {
      this.flushSync();
    } else if (!this.timer || this.count === this.highWaterMark) {
      this.clearTimer();
      this.timer = setTimeout(() => void this.flush().catch(() => {}), 0).unref();
    }
  }

  /** Writes everything buffered now, for stores that write synchronously (from an exit or signal handler). */
  flushSync(): void {
    if ((this.count === 0 && this.queued.size === 0) || !supportsSyncWrites(this.store)) return;
    this.clearTimer();
    const batches = [...this.queued, ...this.take()];
    this.queued.clear();
    for (const [runId, metrics] of batches) {
      try {
        this.store.logBatchSync(runId, { metrics });
      } catch (e) {
        this.recordFailure(e, metrics.length);
      }
    }
  }

  /** Kept for the next flush() to throw, and said at once: nobody may be awaiting a background write. */
  private recordFailure(error: unknown, points: number): void {
    this.failure ??= error;
    process.emitWarning(`labops could not write ${points} metric points: ${(error as Error).message}`, { code: "LABOPS_METRICS" });
  }

  private take(): Map<string, Metric[]> {
    const batches = this.pending;
    this.pending = new Map();
    this.count = 0;
    return batches;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
