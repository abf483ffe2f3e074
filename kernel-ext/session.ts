// One notebook session on tslab's compiler and executor: magics rewritten, results as MIME bundles, errors as
// Jupyter errors. The Jupyter kernel and the headless runner (`labops run`) both execute cells through it.

import path from "node:path";
import util from "node:util";
import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import { currentDisplaySink, toMimeBundle, type MimeBundle } from "../widgets";
import { blankMagics, hasMagic, preprocess } from "./magic-syntax";
import { defaultMagics } from "./magics";
import type { MagicRegistry } from "./magics/registry";
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
    let ok = await this.executor.execute(preprocess(code, (name) => this.registry.cellKind(name)));
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
    return { ok, result: await bundleOf(this.lastValue) };
  }

  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] } {
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
    this.executor.interrupt();
  }

  close(): void {
    this.executor.close();
  }

  private async display(value: unknown): Promise<void> {
    currentDisplaySink()?.display(await bundleOf(value));
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
  const interrupted = /interrupted (asynchronously|by `?SIGINT`?)/i.test(e.message);
  return {
    ename: interrupted ? "KeyboardInterrupt" : e.name,
    evalue: e.message,
    traceback: (e.stack ?? `${e.name}: ${e.message}`).split("\n"),
  };
}

async function bundleOf(value: unknown): Promise<MimeBundle> {
  return (await toMimeBundle(value)) ?? { "text/plain": util.inspect(value, { depth: 4, colors: false }) };
}
