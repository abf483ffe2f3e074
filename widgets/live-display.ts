// One output that changes in place (progress, live charts), with its updates throttled for the frontend's sake.

import { randomUUID } from "node:crypto";
import { currentDisplaySink, type DisplaySink } from "./display-sink";
import type { MimeBundle } from "./mime-bundle";

/** Time and timers, injectable so tests run on a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LiveDisplayOptions {
  /** Default 4: each update is a message to every open frontend, and a tight loop can send thousands. */
  maxUpdatesPerSecond?: number;
  clock?: Clock;
  displayId?: string;
  /** Default: the host's sink at the time of each show(). */
  sink?: DisplaySink | null;
}

/** A bundle, or a function that builds it: built only when it is actually sent, so dropped updates cost nothing. */
export type LiveContent = MimeBundle | (() => MimeBundle);

export class LiveDisplay {
  readonly displayId: string;
  private readonly interval: number;
  private readonly clock: Clock;
  private readonly fixedSink: DisplaySink | null | undefined;
  private shown = false;
  private lastSent = -Infinity;
  /** The newest content not yet sent, and the sink it was meant for (the cell may have ended since). */
  private pending: { content: LiveContent; sink: DisplaySink } | null = null;
  private timer: unknown = null;

  constructor(options: LiveDisplayOptions = {}) {
    const rate = options.maxUpdatesPerSecond ?? 4;
    if (!(rate > 0)) throw new RangeError(`maxUpdatesPerSecond must be a positive number, got ${rate}.`);
    this.interval = 1000 / rate;
    this.clock = options.clock ?? systemClock;
    this.displayId = options.displayId ?? `labops-${randomUUID()}`;
    this.fixedSink = options.sink;
  }

  /** The first call displays; later calls update the same output, at most maxUpdatesPerSecond, the last one always. */
  show(content: LiveContent): void {
    const sink = this.fixedSink === undefined ? currentDisplaySink() : this.fixedSink;
    if (!sink) return;
    if (!this.shown) {
      this.shown = true;
      this.lastSent = this.clock.now();
      sink.display(build(content), this.displayId);
      return;
    }
    this.pending = { content, sink };
    if (this.timer !== null) return; // the scheduled send will take the newest content
    const wait = this.lastSent + this.interval - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Sends the pending update now, if there is one. */
  flush(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.lastSent = this.clock.now();
    pending.sink.update(build(pending.content), this.displayId);
  }

  /** Delivers the last update; the output stays as it is. */
  close(): void {
    this.flush();
  }
}

function build(content: LiveContent): MimeBundle {
  return typeof content === "function" ? content() : content;
}
