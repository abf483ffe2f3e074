// One notebook session on tslab's compiler and executor: magics rewritten, results as MIME bundles, errors as
// Jupyter errors. The Jupyter kernel and the headless runner (`labops run`) both execute cells through it.

import path from "node:path";
import util from "node:util";
import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import { activeRun, endRun } from "../src/tracking/fluent";
import { currentDisplaySink, toMimeBundles, type MimeBundle } from "../widgets";
import { blankMagics, hasMagic, preprocess } from "./magic-syntax";
import { completeMagic, defaultMagics } from "./magics";
import type { MagicRegistry } from "./magics/registry";
import type { InterruptWatchdog } from "./interrupt-watchdog";
import { MagicRuntime } from "./runtime";

export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface CellOutcome {
  ok: boolean;
  error?: CellError;
  /** The cell's last value, as a bundle (Jupyter's execute_result). */
  result?: MimeBundle;
}

/** The compiled library and widgets the prelude imports, so every notebook has them without installing labops. */
const LIBRARY = path.resolve(__dirname, "../src/index");
const WIDGETS = path.resolve(__dirname, "../widgets/index");

class LazyConverters implements ConverterSet {
  private nodeConverter: Converter | null = null;
  private browserConverter: Converter | null = null;
  get node(): Converter {
    return (this.nodeConverter ??= createConverter({ isJS: false, isBrowser: false }));
  }
  get browser(): Converter {
    return (this.browserConverter ??= createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.nodeConverter?.close();
    this.browserConverter?.close();
  }
}

export class NotebookSession {
  readonly runtime: MagicRuntime;
  private readonly executor: Executor;
  private lastValue: unknown = undefined;
  private errors: unknown[][] = [];
  /** The kernel's: stops a cell stuck in a loop after an await, which SIGINT alone cannot reach. */
  watchdog: InterruptWatchdog | null = null;

  constructor(
    readonly rootDir: string = process.cwd(),
    readonly registry: MagicRegistry = defaultMagics(),
  ) {
    this.runtime = new MagicRuntime(registry);
    this.executor = createExecutor(rootDir, new LazyConverters(), {
      log: (value: unknown) => (this.lastValue = value), // tslab calls log only with the cell's last value
      error: (...args: unknown[]) => void this.errors.push(args),
    });
  }

  /** Installs the magic runtime and imports `labops` and `widgets` into the notebook's scope. */
  async start(): Promise<void> {
    this.runtime.install();
    const prelude = await this.execute(`import * as labops from ${JSON.stringify(LIBRARY)};\nimport * as widgets from ${JSON.stringify(WIDGETS)};`);
    if (!prelude.ok) throw new Error(`labops could not load into the notebook: ${prelude.error?.evalue}`);
  }

  async execute(code: string): Promise<CellOutcome> {
    this.lastValue = undefined;
    this.errors = [];
    let ok: boolean;
    // The cell starts from a macrotask of its own, after the kernel's pending promise jobs ran: if an interrupt
    // has to terminate it while it loops, V8 drops the jobs queued beside it, and they must be the cell's only.
    if (this.watchdog) await new Promise((resolve) => setImmediate(resolve));
    this.watchdog?.cellStarted();
    try {
      ok = await this.executor.execute(preprocess(code, (name) => this.registry.cellKind(name)));
    } finally {
      this.watchdog?.cellEnded();
    }
    let error = ok ? undefined : withMagicHint(this.cellError(), code);
    try {
      const shown = await this.runtime.cellEnd(ok ? null : (error ?? new Error("cell failed")));
      if (shown !== undefined) await this.display(shown);
    } catch (e) {
      ok = false;
      error ??= errorOf(e);
    }
    if (!ok) return { ok, error };
    if (this.lastValue === undefined) return { ok };
    // A value of several outputs: all but the last are displayed, the last is the cell's result.
    const bundles = await bundlesOf(this.lastValue);
    for (const b of bundles.slice(0, -1)) currentDisplaySink()?.display(b);
    return { ok, result: bundles.at(-1)! };
  }

  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] } {
    const magic = completeMagic(code, cursor, this.registry); // `%tr` + Tab offers magic names
    if (magic) return magic;
    const blank = blankMagics(code);
    return blank === null ? { start: cursor, end: cursor, candidates: [] } : this.executor.complete(blank, cursor);
  }

  inspect(code: string, cursor: number): ReturnType<Executor["inspect"]> | null {
    const blank = blankMagics(code);
    return blank === null ? null : this.executor.inspect(blank, cursor);
  }

  isComplete(code: string): { completed: boolean; indent?: string } {
    const blank = blankMagics(code);
    return blank === null ? { completed: true } : isCompleteCode(blank);
  }

  interrupt(): void {
    this.watchdog?.sigintSeen();
    this.executor.interrupt();
  }

  /** Ends the runs left active (a %%track cell cut short, a startRun never ended) with `status`, innermost first. */
  async endActiveRuns(status: "KILLED" | "FAILED" | "FINISHED"): Promise<number> {
    let ended = 0;
    for (let run = activeRun(); run; ended++) {
      await endRun(status);
      if (activeRun() === run) break; // could not be ended: do not spin
      run = activeRun();
    }
    return ended;
  }

  close(): void {
    this.watchdog?.close();
    this.executor.close();
  }

  private async display(value: unknown): Promise<void> {
    for (const b of await bundlesOf(value)) currentDisplaySink()?.display(b);
  }

  /** What tslab reported through console.error during the cell: runtime exceptions or compile diagnostics. */
  private cellError(): CellError {
    const first = this.errors[0];
    if (first && first.length === 1 && first[0] instanceof Error) return errorOf(first[0]);
    if (first && first.length === 1) return errorOf(first[0]);
    const lines = this.errors.map((args) => util.format(...args));
    return { ename: "TSError", evalue: lines.join("\n"), traceback: lines };
  }
}

/** A compile error in a cell whose magics hold braces is most likely JSON taken for `{expr}`: say so. */
function withMagicHint(error: CellError, code: string): CellError {
  if (error.ename !== "TSError" || !hasMagic(code) || !/%.*\{/.test(code)) return error;
  const hint = "In magic arguments, {expr} takes a notebook value; write {{ and }} for literal braces (e.g. JSON).";
  return { ...error, evalue: `${error.evalue}\n${hint}`, traceback: [...error.traceback, hint] };
}

function errorOf(e: unknown): CellError {
  if (!(e instanceof Error)) return { ename: "Error", evalue: util.inspect(e), traceback: [util.inspect(e)] };
  const interrupted = isInterrupt(e);
  return {
    ename: interrupted ? "KeyboardInterrupt" : e.name,
    evalue: e.message,
    traceback: userTraceback(withoutSourceLine(e)),
  };
}

/**
 * Node puts the failing line of the compiled cell (`evalmachine.<anonymous>:3`, the JavaScript, a caret) before
 * the stack of an error thrown in a vm script: the user wrote TypeScript, so it starts at the error's own line.
 */
function withoutSourceLine(e: Error): string {
  const stack = e.stack ?? `${e.name}: ${e.message}`;
  const own = stack.indexOf(e.message ? `${e.name}: ${e.message}` : e.name);
  return own > 0 && /^evalmachine\.<anonymous>:\d+\n/.test(stack) ? stack.slice(own) : stack;
}

/** What tslab's executor throws when SIGINT stops a cell (synchronously or while it awaits). */
function isInterrupt(e: unknown): boolean {
  return e instanceof Error && (e.name === "KeyboardInterrupt" || /interrupted (asynchronously|by `?SIGINT`?)/i.test(e.message));
}

/** Where labops itself is installed (dist/ when built here, node_modules/labops/dist/ as a dependency). */
const LABOPS_DIST = path.resolve(__dirname, "..") + path.sep;

/**
 * A stack with the user's frames only: the cell's (tslab runs it as `evalmachine.<anonymous>`) and the user's
 * own modules. Frames of Node, of packages in node_modules (tslab included) and of labops say nothing about
 * the user's mistake; the message line(s) stay as they are.
 */
export function userTraceback(stack: string): string[] {
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  if (firstFrame < 0) return lines;
  const frames = lines.slice(firstFrame).filter((l) => {
    if (!/^\s+at /.test(l)) return false;
    if (l.includes("evalmachine.<anonymous>")) return true;
    return !/\((node:|internal\/)|at (node:|internal\/)|[\\/]node_modules[\\/]/.test(l) && !l.includes(LABOPS_DIST) && /[\\/]/.test(l);
  });
  return [...lines.slice(0, firstFrame), ...frames];
}

async function bundlesOf(value: unknown): Promise<MimeBundle[]> {
  return (await toMimeBundles(value)) ?? [{ "text/plain": util.inspect(value, { depth: 4, colors: false }) }];
}
