// Jupyter notebooks (nbformat 4): reading with clear errors, writing as 4.5 with cell ids.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { invalidParameter } from "../../src/core/errors";

export type MultilineString = string | string[];

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: { display_id?: string } }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: { tags?: string[]; [key: string]: unknown };
  execution_count: number | null;
  outputs: Output[];
}

export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: { tags?: string[]; [key: string]: unknown };
  attachments?: Record<string, unknown>;
}

export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name: string; display_name?: string; language?: string };
    language_info?: Record<string, unknown>;
    [key: string]: unknown;
  };
  cells: Cell[];
}

/** Kernels whose notebooks labops runs: its own, and stock tslab's TypeScript kernel. */
export const RUNNABLE_KERNELS = ["labops", "tslab"];

export function sourceText(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw invalidParameter(`Cannot read notebook ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalidParameter(`${file} is not a notebook: it is not valid JSON (${(e as Error).message}).`);
  }
  return validateNotebook(raw, file);
}

export function validateNotebook(raw: unknown, file: string): Notebook {
  const nb = raw as Partial<Notebook>;
  if (typeof nb !== "object" || nb === null || Array.isArray(nb)) throw invalidParameter(`${file} is not a notebook: its JSON is not an object.`);
  if (nb.nbformat !== 4) throw invalidParameter(`${file} has nbformat ${JSON.stringify(nb.nbformat)}; labops reads nbformat 4 notebooks (convert it with 'jupyter nbconvert --to notebook').`);
  if (!Array.isArray(nb.cells)) throw invalidParameter(`${file} is not a valid notebook: 'cells' is missing or not a list.`);
  nb.cells.forEach((cell, i) => {
    const c = cell as Partial<Cell>;
    if (typeof c !== "object" || c === null || !["code", "markdown", "raw"].includes(c.cell_type as string)) {
      throw invalidParameter(`${file} is not a valid notebook: cell ${i} has cell_type ${JSON.stringify(c?.cell_type)}.`);
    }
    if (typeof c.source !== "string" && !(Array.isArray(c.source) && c.source.every((s) => typeof s === "string"))) {
      throw invalidParameter(`${file} is not a valid notebook: cell ${i} has no text source.`);
    }
  });
  const kernel = nb.metadata?.kernelspec?.name;
  if (kernel !== undefined && !RUNNABLE_KERNELS.includes(kernel) && nb.metadata?.kernelspec?.language !== "typescript") {
    throw invalidParameter(
      `${file} is for kernel '${kernel}'; labops runs TypeScript notebooks (kernelspec ${RUNNABLE_KERNELS.map((k) => `'${k}'`).join(" or ")}).`,
    );
  }
  return { nbformat: 4, nbformat_minor: nb.nbformat_minor ?? 5, metadata: nb.metadata ?? {}, cells: nb.cells as Cell[] };
}

/** As Jupyter writes it: nbformat 4.5, every cell with an id, one-space indent, a final newline. */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => ({ ...c, id: c.id ?? newCellId() }));
  return JSON.stringify({ ...nb, nbformat: 4, nbformat_minor: Math.max(nb.nbformat_minor, 5), cells }, null, 1) + "\n";
}

export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
