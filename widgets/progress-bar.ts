// A progress bar: live HTML in a notebook, a redrawn line on a terminal, a line every 10% in a log.

import { formatDuration, formatNumber } from "../src/present/format";
import { invalidParameter } from "../src/core/errors";
import { currentDisplaySink } from "./display-sink";
import { escapeHtml, htmlBlock } from "./html";
import { LiveDisplay, systemClock, type Clock } from "./live-display";
import type { MimeBundle } from "./mime-bundle";

export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBarOptions {
  total: number;
  label?: string;
  /** Where the bar goes when no display sink is installed; default process.stderr, so stdout stays the script's. */
  stream?: TextStream;
  clock?: Clock;
  /** Notebook updates a second (default 4). */
  maxUpdatesPerSecond?: number;
}

const BAR_WIDTH = 24;
/** Terminal redraws a second: more is invisible and slows a tight loop down. */
const TTY_REDRAWS_PER_SECOND = 10;

export class ProgressBar {
  readonly total: number;
  readonly label: string;
  done = 0;
  extra: Record<string, number> = {};
  private readonly clock: Clock;
  private readonly started: number;
  private readonly live: LiveDisplay | null;
  private readonly stream: TextStream;
  private closed = false;
  private lastDraw = -Infinity;
  private lastLine = "";
  private printedDecile = 0;
  private printedDone = 0;

  constructor(options: ProgressBarOptions) {
    const { total, label = "", clock = systemClock } = options;
    if (!(Number.isFinite(total) && total > 0)) throw invalidParameter(`ProgressBar total must be a positive number, got ${total}.`);
    this.total = total;
    this.label = label;
    this.clock = clock;
    this.started = clock.now();
    this.stream = options.stream ?? process.stderr;
    // Chosen once: a bar that started on the terminal stays there.
    const sink = currentDisplaySink();
    // A sink that never shows updates (an exported script's) would freeze the bar at 0%: the terminal gets it.
    this.live = sink && sink.live !== false ? new LiveDisplay({ sink, clock, maxUpdatesPerSecond: options.maxUpdatesPerSecond }) : null;
    this.render();
  }

  /** Moves the bar to `done` of `total` (a position, not an increment); `extra` values are shown beside it, e.g. { loss }. */
  update(done: number, extra?: Record<string, number>): void {
    if (this.closed) throw invalidParameter(`ProgressBar '${this.label}' is closed; start a new one.`);
    if (!(Number.isFinite(done) && done >= 0)) throw invalidParameter(`ProgressBar position must be a number >= 0, got ${done}.`);
    this.done = done;
    if (extra) this.extra = { ...this.extra, ...extra };
    this.render();
  }

  /** Draws the final state: the last notebook update is delivered, the terminal line ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.render();
    this.live?.close();
  }

  /** The bar as one line of text, as the terminal shows it. */
  text(): string {
    const filled = Math.round(this.fraction() * BAR_WIDTH);
    const bar = `|${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}|`;
    return [this.label, `${Math.floor(this.fraction() * 100)}%`.padStart(4), bar, this.status()].filter((part) => part !== "").join(" ");
  }

  private fraction(): number {
    return Math.min(1, this.done / this.total);
  }

  /** Position, time so far and to go, extra values. */
  private status(): string {
    const elapsed = this.clock.now() - this.started;
    const eta = this.done > 0 && this.done < this.total ? ` eta ${formatDuration(0, (elapsed * (this.total - this.done)) / this.done)}` : "";
    const extra = Object.entries(this.extra).map(([k, v]) => ` ${k}=${formatNumber(v)}`);
    return `${formatNumber(this.done)}/${formatNumber(this.total)} ${formatDuration(0, elapsed)}${eta}${extra.join("")}`;
  }

  bundle(): MimeBundle {
    const percent = 100 * this.fraction();
    const color = !this.closed ? "#1f6feb" : this.done >= this.total ? "#1a7f37" : "#9a6700";
    const track = "display:inline-block;vertical-align:middle;width:240px;height:10px;background:var(--jp-layout-color3, #e6e6e6);border-radius:3px;overflow:hidden;margin:0 6px";
    return {
      "text/plain": this.text(),
      "text/html": htmlBlock(
        `${escapeHtml(this.label)}<span style="${track}"><span style="display:block;height:100%;width:${percent.toFixed(1)}%;background:${color}"></span></span>` +
          `${Math.floor(percent)}% ${escapeHtml(this.status())}`,
      ),
    };
  }

  private render(): void {
    if (this.live) return this.live.show(() => this.bundle());
    if (this.stream.isTTY) return this.redraw();
    // A log gets a line each time another tenth is done, and the final state if it was not just printed.
    const decile = Math.floor(10 * this.fraction());
    if (decile > this.printedDecile || (this.closed && this.done !== this.printedDone)) {
      this.printedDecile = decile;
      this.printedDone = this.done;
      this.stream.write(this.text() + "\n");
    }
  }

  private redraw(): void {
    const now = this.clock.now();
    if (!this.closed && this.done < this.total && now - this.lastDraw < 1000 / TTY_REDRAWS_PER_SECOND) return;
    this.lastDraw = now;
    const line = this.text();
    // Padding erases what a longer previous line left behind, without terminal escape codes.
    this.stream.write(`\r${line.padEnd(this.lastLine.length)}${this.closed ? "\n" : ""}`);
    this.lastLine = line;
  }
}
