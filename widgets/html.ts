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

// Colours come from JupyterLab's theme variables, so text stays readable in its dark theme; the fallbacks are
// for frontends without them (the classic notebook, VS Code, GitHub, reports). Untrusted notebooks keep them.
const FG = "var(--jp-content-font-color1, #222)";
const TABLE = `border-collapse:collapse;font:12px/1.4 system-ui,-apple-system,sans-serif;margin:4px 0;color:${FG}`;
const CELL = "padding:3px 10px;border-bottom:1px solid var(--jp-border-color2, #e0e0e0);vertical-align:top";
/** Short values (ids, numbers, times, names) on one line; long ones wrap between words, or inside one only if it cannot fit. */
const SHORT_CELL = "white-space:nowrap";
const LONG_CELL = "max-width:40em;overflow-wrap:break-word";
/** Longest value kept on one line. */
const SHORT_CHARS = 40;
const HEAD = "padding:3px 10px;border-bottom:2px solid var(--jp-border-color1, #bbb);font-weight:600;white-space:nowrap";
/** The background of highlighted rows: translucent, so the theme's text colour reads on it in light and dark. */
export const HIGHLIGHT = "rgba(255, 193, 7, 0.28)";

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
      const wrap = (cell: string) => (cell.length <= SHORT_CHARS ? SHORT_CELL : LONG_CELL);
      return `<tr${bg}>${row.map((cell, i) => `<td style="${CELL};${wrap(cell)};${align(i)}"${title(i)}>${escapeHtml(cell)}</td>`).join("")}</tr>`;
    })
    .join("");
  const caption = options.caption ? `<caption style="text-align:left;font-weight:600;padding:4px 0">${escapeHtml(options.caption)}</caption>` : "";
  return `<table style="${TABLE}">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A verdict (passed/failed, drift/no drift) as text on its own light background: readable in light and dark
 * themes and in every frontend, where coloured text on the theme's background cannot be (no red reads 4.5:1 on
 * both white and JupyterLab's dark rows). inner is HTML already.
 */
export function statusBadge(inner: string, good: boolean, display: "inline-block" | "block" = "inline-block"): string {
  const colors = good ? "background:#edf7ed;color:#1b5e20" : "background:#fdecea;color:#8a1f11";
  return `<span style="display:${display};${colors};padding:0 6px;border-radius:4px;font-weight:600">${inner}</span>`;
}

/**
 * Inline <svg> elements of HTML as <img> elements holding the same SVG as a data URL, same size. JupyterLab
 * sanitizes the HTML of untrusted notebooks (any it did not write itself, e.g. one from `labops run`): it drops
 * <svg> and everything in it, but keeps an image's data URL (SVG in an <img> runs no script). The SVG's <title>
 * (or aria-label) becomes the image's alt text and tooltip. max-width:none: JupyterLab caps images at their
 * cell's width, which let a table squeeze its sparklines to nothing; inline SVG kept its size, so does the image.
 */
export function svgAsImages(html: string): string {
  return html.replace(/<svg\b[^>]*>[\s\S]*?<\/svg>/g, (svg) => {
    const open = /^<svg\b[^>]*>/.exec(svg)![0];
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(open)?.[1];
    // Already escaped inside the SVG; quotes too, for the attribute.
    const label = (/<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? attr("aria-label") ?? "chart").replace(/"/g, "&quot;");
    const size = ["width", "height"].map((a) => (attr(a) ? ` ${a}="${attr(a)}"` : "")).join("");
    const standalone = open.includes("xmlns=") ? svg : svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
    return `<img src="data:image/svg+xml;base64,${Buffer.from(standalone, "utf8").toString("base64")}"${size} alt="${label}" title="${label}" style="vertical-align:middle;max-width:none">`;
  });
}

/** The outer box of a widget's HTML; inner is HTML already. */
export function htmlBlock(inner: string): string {
  return `<div class="labops" style="font:12px/1.4 system-ui,-apple-system,sans-serif;color:${FG}">${inner}</div>`;
}
