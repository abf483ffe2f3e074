// Runs a notebook without Jupyter (`labops run`): cells in order through a NotebookSession, with magics,
// displays and top-level await, collecting Jupyter outputs. Stops at the first failing cell.

import { setDisplaySink, type DisplaySink } from "../../widgets";
import { NotebookSession, type CellError } from "../session";
import { sourceText, type CodeCell, type Notebook, type Output } from "./nbformat";

export interface CellFailure {
  /** Index of the cell among all cells, from 0. */
  index: number;
  firstLine: string;
  error: CellError;
}

export interface RunResult {
  notebook: Notebook;
  failure?: CellFailure;
  executed: number;
}

export interface RunOptions {
  /** Folder the cells run in (relative paths, module resolution). */
  cwd?: string;
  /** Called when a cell starts, e.g. for progress. */
  onCell?: (index: number, cell: CodeCell) => void;
  /** Where the session's source tags point (mlflow.source.name). */
  sourceName?: string;
}

class CellOutputs implements DisplaySink {
  outputs: Output[] = [];
  /** clear_output(wait=true): clear when the next output arrives. */
  private clearPending = false;

  private beforeOutput(): void {
    if (this.clearPending) (this.outputs = []), (this.clearPending = false);
  }

  stream(name: "stdout" | "stderr", text: string): void {
    this.beforeOutput();
    const last = this.outputs.at(-1);
    if (last?.output_type === "stream" && last.name === name) last.text = String(last.text) + text;
    else this.outputs.push({ output_type: "stream", name, text });
  }

  display(data: Record<string, unknown>, displayId?: string): void {
    this.beforeOutput();
    this.outputs.push({ output_type: "display_data", data, metadata: {}, ...(displayId ? { transient: { display_id: displayId } } : {}) });
  }

  result(data: Record<string, unknown>, executionCount: number): void {
    this.beforeOutput();
    this.outputs.push({ output_type: "execute_result", data, metadata: {}, execution_count: executionCount });
  }

  update(data: Record<string, unknown>, displayId: string): void {
    for (const o of this.outputs) if (o.output_type === "display_data" && o.transient?.display_id === displayId) o.data = data;
  }

  clear(wait = false): void {
    if (wait) this.clearPending = true;
    else this.outputs = [];
  }

  /** Display ids are for a live session only; nbformat keeps none. */
  finished(): Output[] {
    return this.outputs.map((o) => (o.output_type === "display_data" ? { output_type: o.output_type, data: o.data, metadata: o.metadata } : o));
  }
}

export async function runNotebook(input: Notebook, options: RunOptions = {}): Promise<RunResult> {
  const cwd = options.cwd ?? process.cwd();
  const previousCwd = process.cwd();
  const previousSource = process.env.LABOPS_SOURCE_NAME;
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.chdir(cwd);
  if (options.sourceName) process.env.LABOPS_SOURCE_NAME = options.sourceName;
  // Every code cell starts blank: outputs and counts left from an earlier run would pass for this run's,
  // after a failure as much as before it, and their counts would repeat the new ones.
  const notebook: Notebook = {
    ...input,
    metadata: { ...input.metadata, labops: withoutFailure(input.metadata.labops) },
    cells: input.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : { ...c })),
  };
  const session = new NotebookSession(cwd);
  let executed = 0;
  try {
    await session.start();
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const source = sourceText(cell.source);
      const collected = new CellOutputs();
      if (source.trim() === "") continue;
      options.onCell?.(index, cell);
      setDisplaySink(collected);
      process.stdout.write = capture("stdout", collected);
      process.stderr.write = capture("stderr", collected);
      let outcome;
      try {
        outcome = await session.execute(source);
      } finally {
        process.stdout.write = write.out;
        process.stderr.write = write.err;
        setDisplaySink(null);
      }
      cell.execution_count = ++executed;
      if (outcome.result) collected.result(outcome.result, executed);
      if (!outcome.ok) collected.outputs.push({ output_type: "error", ...outcome.error! });
      cell.outputs = collected.finished();
      if (!outcome.ok) {
        const failure = { index, firstLine: source.split("\n").find((l) => l.trim() !== "") ?? "", error: outcome.error! };
        // Kept in the notebook (as papermill's metadata.papermill.exception), so a report made from it says so.
        notebook.metadata.labops = { ...(notebook.metadata.labops as object), failure: { cell: index, executionCount: executed, ename: failure.error.ename, evalue: failure.error.evalue } };
        return { notebook, executed, failure };
      }
    }
    return { notebook, executed };
  } finally {
    session.close();
    process.chdir(previousCwd);
    if (previousSource === undefined) delete process.env.LABOPS_SOURCE_NAME;
    else process.env.LABOPS_SOURCE_NAME = previousSource;
  }
}

/** What `labops run` records in metadata.labops about a failed run. */
export interface RecordedFailure {
  /** Index of the failed cell among all cells. */
  cell: number;
  executionCount: number;
  ename: string;
  evalue: string;
}

/** A notebook re-run starts without the failure an earlier run recorded. */
function withoutFailure(meta: unknown): Record<string, unknown> | undefined {
  if (typeof meta !== "object" || meta === null) return undefined;
  const { failure: _, ...rest } = meta as Record<string, unknown>;
  return rest;
}

function capture(name: "stdout" | "stderr", into: CellOutputs): typeof process.stdout.write {
  return ((chunk: string | Uint8Array) => {
    into.stream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
}
