// `labops run NOTEBOOK.ipynb`: execute a notebook headless, papermill-style, and write it back with outputs.
// The notebook runner (tslab, TypeScript) loads only when the command runs.

import fs from "node:fs";
import path from "node:path";
import { LabopsError } from "../../../src/core/errors";
import { defineCommand } from "../../../src/cli/command";
import type { Notebook } from "../../notebook/nbformat";

/** A failed cell: the CLI prints the message and exits 1, after the outputs so far were written. */
export class CellExecutionError extends LabopsError {
  override readonly name = "CellExecutionError";
}

function checkWritable(file: string | undefined, what: string): string | undefined {
  if (file === undefined) return undefined;
  const abs = path.resolve(file);
  if (!fs.existsSync(path.dirname(abs))) throw new LabopsError("INVALID_PARAMETER_VALUE", `Cannot write the ${what} to ${file}: folder ${path.dirname(abs)} does not exist.`);
  return abs;
}

export const runCommand = defineCommand({
  name: "run",
  summary: "Execute a notebook without Jupyter, with magics and displays; write it with outputs and an HTML report.",
  surfaces: ["cli"],
  positionals: [{ name: "NOTEBOOK", description: "The .ipynb file to run." }],
  options: [
    { name: "parameter", short: "p", type: "string[]", value: "NAME=VALUE", description: "A parameter for the cell tagged 'parameters' (papermill's convention); typed as number, boolean, JSON or string." },
    { name: "output", type: "string", value: "OUT.ipynb", description: "Write the executed notebook here." },
    { name: "report", type: "string", value: "OUT.html", description: "Write a self-contained HTML report here." },
    { name: "cwd", type: "string", value: "DIR", description: "Run the cells in DIR (default: the notebook's folder)." },
  ],
  async run(args, { warn }) {
    const { readNotebook, serializeNotebook, writeFileAtomic }: typeof import("../../notebook/nbformat") = require("../../notebook/nbformat");
    const { injectParameters, parseParameters }: typeof import("../../notebook/parameters") = require("../../notebook/parameters");
    const { runNotebook }: typeof import("../../notebook/notebook-runner") = require("../../notebook/notebook-runner");
    const { notebookToHtml }: typeof import("../../notebook/html-report") = require("../../notebook/html-report");
    const file = path.resolve(args.positionals.NOTEBOOK);
    const parameters = parseParameters(args.options.parameter ?? []);
    const output = checkWritable(args.options.output, "notebook");
    const report = checkWritable(args.options.report, "report");
    const cwd = path.resolve(args.options.cwd ?? path.dirname(file));
    if (!fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new LabopsError("INVALID_PARAMETER_VALUE", `--cwd ${cwd} is not a folder.`);
    const { notebook, warning } = injectParameters(readNotebook(file), parameters);
    if (warning) warn(warning);
    notebook.metadata.labops = { parameters, executed: new Date().toISOString() };

    const started = Date.now();
    const result = await runNotebook(notebook, { cwd, sourceName: file });
    if (output) writeFileAtomic(output, serializeNotebook(result.notebook));
    if (report) writeFileAtomic(report, notebookToHtml(result.notebook, path.basename(file)));
    const written = [output, report].filter(Boolean).map((f) => path.relative(process.cwd(), f!) || f).join(" and ");
    if (result.failure) {
      const f = result.failure;
      throw new CellExecutionError(
        "INVALID_STATE",
        `cell ${f.index} failed (${f.firstLine.trim().slice(0, 80)}): ${f.error.ename}: ${f.error.evalue.split("\n")[0]}${written ? `; outputs so far are in ${written}` : ""}`,
      );
    }
    const plain = output || report ? "" : textOutputs(result.notebook);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return { executed: result.executed, output, report, parameters, text: `${plain}Executed ${result.executed} cells of ${path.basename(file)} in ${seconds} s${written ? ` -> ${written}` : ""}.` };
  },
  json: ({ text: _text, ...data }) => data,
  text: (r) => r.text,
});

/** Without --output or --report, the cells' text outputs are the run's log. */
function textOutputs(nb: Notebook): string {
  const { sourceText }: typeof import("../../notebook/nbformat") = require("../../notebook/nbformat");
  const lines: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    for (const o of cell.outputs) {
      if (o.output_type === "stream") lines.push(sourceText(o.text).replace(/\n$/, ""));
      else if (o.output_type === "display_data" || o.output_type === "execute_result") lines.push(String(o.data["text/plain"] ?? ""));
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}
