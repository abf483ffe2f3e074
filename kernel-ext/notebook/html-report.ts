// A self-contained HTML report of an executed notebook, readable offline: charts as inline SVG, no scripts.

import { escapeHtml } from "../../widgets";
import { markdownToHtml, type CellAttachments } from "./markdown-html";
import { sourceText, type Notebook, type Output } from "./nbformat";
import type { RecordedFailure } from "./notebook-runner";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
.cell{margin:1.2em 0}.src{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:.6em;overflow:auto}
.count{color:#888;font:12px monospace}.out{margin:.4em 0 0 .2em;overflow:auto}pre{margin:0;white-space:pre-wrap}
.stderr{background:#fff5f5}.error{background:#fdecea;border-left:4px solid #d33;padding:.5em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px}
.failed{background:#fdecea;border:2px solid #d33;border-radius:4px;padding:.6em 1em;font-size:16px;color:#8a1f11}
.failed-cell{border-left:4px solid #d33;padding-left:.6em}
.md code{background:#f0f2f4;border-radius:3px;padding:0 .25em;font-size:90%}.md pre{background:#f6f8fa;padding:.6em;overflow:auto}
.md pre code{background:none;padding:0}.md blockquote{margin:0;padding:0 1em;color:#555;border-left:4px solid #ddd}
.md img{max-width:100%}`;

// ANSI colour codes in tracebacks mean nothing in HTML.
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "");

function renderOutput(o: Output): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="${o.name}">${escapeHtml(sourceText(o.text))}</pre>`;
    case "error":
      return `<pre class="error">${escapeHtml(stripAnsi([`${o.ename}: ${o.evalue}`, ...o.traceback.slice(1)].join("\n")))}</pre>`;
    default: {
      const d = o.data;
      if (typeof d["image/svg+xml"] === "string") return d["image/svg+xml"] as string;
      if (typeof d["text/html"] === "string") return d["text/html"] as string;
      if (typeof d["image/png"] === "string") return `<img src="data:image/png;base64,${d["image/png"]}">`;
      if (typeof d["text/markdown"] === "string") return `<div class="md">${markdownToHtml(d["text/markdown"] as string)}</div>`;
      return `<pre>${escapeHtml(String(d["text/plain"] ?? ""))}</pre>`;
    }
  }
}

/** The failure `labops run` recorded in the notebook's metadata, if the run failed. */
function recordedFailure(nb: Notebook): RecordedFailure | null {
  const f = (nb.metadata.labops as { failure?: RecordedFailure } | undefined)?.failure;
  return f && typeof f.cell === "number" ? f : null;
}

/** As papermill's banner: the run failed, where (a link to the cell) and with what; cells after it did not run. */
function failureBanner(f: RecordedFailure): string {
  return (
    `<div class="failed" role="alert"><b>This run failed</b> at <a href="#cell-${f.cell}">cell ${f.cell} [${f.executionCount}]</a>: ` +
    `${escapeHtml(`${f.ename}: ${f.evalue.split("\n")[0]}`)}. The cells after it did not run.</div>`
  );
}

export function notebookToHtml(nb: Notebook, title: string): string {
  const failure = recordedFailure(nb);
  const cells = nb.cells.map((cell, index) => {
    const src = sourceText(cell.source);
    if (cell.cell_type === "markdown") return `<div class="cell md">${markdownToHtml(src, cell.attachments as CellAttachments | undefined)}</div>`;
    if (cell.cell_type !== "code") return "";
    const count = cell.execution_count === null ? " " : String(cell.execution_count);
    const outputs = cell.outputs.map((o) => `<div class="out">${renderOutput(o)}</div>`).join("");
    const failed = failure?.cell === index ? " failed-cell" : "";
    return `<div class="cell${failed}" id="cell-${index}"><div class="count">[${count}]</div><pre class="src">${escapeHtml(src)}</pre>${outputs}</div>`;
  });
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body><h1>${escapeHtml(title)}</h1>\n${failure ? failureBanner(failure) + "\n" : ""}${cells.join("\n")}\n</body></html>\n`;
}
