// HTML for notebook outputs and standalone reports: escaping, and tables styled inline (no stylesheet to rely on).

import type { TextColumn } from "../src/present/table";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text to HTML, safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export interface HtmlTableOptions {
  caption?: string;
  /** Rows drawn with a highlighted background, by index. */
  highlight?: (rowIndex: number) => boolean;
  /** A cell's hover text, e.g. the full id behind a shortened one. */
  cellTitle?: (rowIndex: number, columnIndex: number) => string | undefined;
}

const TABLE = "border-collapse:collapse;font:12px/1.4 system-ui,-apple-system,sans-serif;margin:4px 0";
const CELL = "padding:3px 10px;border-bottom:1px solid #e0e0e0;vertical-align:top;max-width:40em;overflow-wrap:anywhere";
const HEAD = "padding:3px 10px;border-bottom:2px solid #bbb;font-weight:600";
const HIGHLIGHT = "#fff3c4";

/** A table of text cells (escaped here), aligned as the same columns' plain-text table. */
export function htmlTable(columns: TextColumn[], rows: string[][], options: HtmlTableOptions = {}): string {
  const align = (i: number) => `text-align:${columns[i]?.align ?? "left"}`;
  const head = columns.map((c, i) => `<th style="${HEAD};${align(i)}">${escapeHtml(c.header)}</th>`).join("");
  const body = rows
    .map((row, r) => {
      const bg = options.highlight?.(r) ? ` style="background:${HIGHLIGHT}"` : "";
      const title = (i: number) => {
        const t = options.cellTitle?.(r, i);
        return t === undefined ? "" : ` title="${escapeHtml(t)}"`;
      };
      return `<tr${bg}>${row.map((cell, i) => `<td style="${CELL};${align(i)}"${title(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`;
    })
    .join("");
  const caption = options.caption ? `<caption style="text-align:left;font-weight:600;padding:4px 0">${escapeHtml(options.caption)}</caption>` : "";
  return `<table style="${TABLE}">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The outer box of a widget's HTML; inner is HTML already. */
export function htmlBlock(inner: string): string {
  return `<div class="labops" style="font:12px/1.4 system-ui,-apple-system,sans-serif;color:#222">${inner}</div>`;
}
