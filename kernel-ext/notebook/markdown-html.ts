// Markdown cells to HTML for the offline report: the CommonMark/GFM subset notebooks use, with all raw HTML escaped.

import { escapeHtml } from "../../widgets";

// Notebooks are untrusted: raw HTML in markdown shows as text (JupyterLab would sanitize it; a static report
// cannot), and a link or image goes only where it cannot run code. No markdown renderer is a dependency of
// labops (marked / markdown-it are not installed), so this is a small one over lines, in two passes as
// CommonMark: blocks (headings, fences, lists, quotes, tables, paragraphs), then inline text.

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( +|\t|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const blank = (line: string): boolean => line.trim() === "";

/** Schemes a link may use; anything else with a scheme (javascript:, data:, vbscript:, file:...) is dropped. */
const SAFE_LINK = /^(https?:|mailto:)/i;
/** Images may also be inline PNG/JPEG/GIF/WebP data (not SVG, which can carry script). */
const SAFE_IMAGE = /^(https?:|data:image\/(png|jpeg|gif|webp);)/i;

function safeUrl(raw: string, allowed: RegExp): string | null {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"): so must the check.
  const url = raw.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^[a-z][a-z0-9+.-]*:/i.test(url);
  return !scheme || allowed.test(url) ? url : null;
}

/** JupyterLab's heading anchors: the text with spaces as dashes, so `#A-tour` links work in the report too. */
const headingId = (html: string): string =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, "")
    .trim()
    .replace(/\s+/g, "-");

// ---- inline ----

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** Inline markdown of one block's text to HTML. Spans that must not be parsed again become placeholders. */
function renderInline(text: string, attachments?: Attachments): string {
  const held: string[] = [];
  const hold = (html: string): string => `\u0000${held.push(html) - 1}\u0000`;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && PUNCT.test(text[i + 1]!)) {
      out += hold(escapeHtml(text[i + 1]!));
      i += 2;
      continue;
    }
    if (c === "\\" && text[i + 1] === "\n") {
      out += hold("<br>") + "\n";
      i += 2;
      continue;
    }
    if (c === "`") {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = findClosingTicks(text, i + run.length, run.length);
      if (close < 0) {
        out += run;
        i += run.length;
        continue;
      }
      let code = text.slice(i + run.length, close).replace(/\n/g, " ");
      if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
      out += hold(`<code>${escapeHtml(code)}</code>`);
      i = close + run.length;
      continue;
    }
    if (c === "<") {
      const auto = /^<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/i.exec(text.slice(i));
      if (auto) {
        const url = safeUrl(auto[1]!, SAFE_LINK);
        out += hold(url === null ? escapeHtml(auto[0]) : `<a href="${escapeHtml(url)}">${escapeHtml(auto[1]!)}</a>`);
        i += auto[0].length;
        continue;
      }
    }
    if (c === "[" || (c === "!" && text[i + 1] === "[")) {
      const link = parseLink(text, c === "!" ? i + 1 : i);
      if (link) {
        if (c === "!") {
          const src = safeUrl(attachments?.(link.url) ?? link.url, SAFE_IMAGE);
          const alt = escapeHtml(link.label.replace(/[*_`]/g, ""));
          out += hold(src === null ? alt : `<img src="${escapeHtml(src)}" alt="${alt}"${titleAttr(link.title)}>`);
        } else {
          const href = safeUrl(link.url, SAFE_LINK);
          const label = renderInline(link.label, attachments);
          out += hold(href === null ? label : `<a href="${escapeHtml(href)}"${titleAttr(link.title)}>${label}</a>`);
        }
        i = link.end;
        continue;
      }
    }
    out += c;
    i++;
  }
  let html = escapeHtml(out);
  // Emphasis, simplified from CommonMark's delimiter rules: the text inside must not start or end with a
  // space; `_` only at word edges, so snake_case names stay as they are.
  html = html
    .replace(/\*\*(\S(?:[\s\S]*?\S)?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\p{L}\p{N}_])__(\S(?:[\s\S]*?\S)?)__(?![\p{L}\p{N}_])/gu, "$1<strong>$2</strong>")
    .replace(/\*([^\s*](?:[\s\S]*?[^\s*])?)\*/g, "<em>$1</em>")
    .replace(/(^|[^\p{L}\p{N}_])_([^\s_](?:[\s\S]*?[^\s_])?)_(?![\p{L}\p{N}_])/gu, "$1<em>$2</em>")
    .replace(/~~(\S(?:[\s\S]*?\S)?)~~/g, "<del>$1</del>")
    // Two spaces at the end of a line: a hard break.
    .replace(/ {2,}\n/g, "<br>\n");
  return html.replace(/\u0000(\d+)\u0000/g, (_, n: string) => held[Number(n)]!);
}

function findClosingTicks(text: string, from: number, length: number): number {
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].length === length) return m.index;
  return -1;
}

const titleAttr = (title: string | undefined): string => (title === undefined ? "" : ` title="${escapeHtml(title)}"`);

/** `[label](url "title")` starting at `start` (the `[`); null when it is not one. */
function parseLink(text: string, start: number): { label: string; url: string; title?: string; end: number } | null {
  let depth = 0;
  let j = start;
  for (; j < text.length; j++) {
    const ch = text[j];
    if (ch === "\\") j++;
    else if (ch === "[") depth++;
    else if (ch === "]" && --depth === 0) break;
  }
  if (j >= text.length || text[j + 1] !== "(") return null;
  const dest = /^\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)(?:\s+("[^"]*"|'[^']*'|\([^()]*\)))?\s*\)/.exec(text.slice(j + 1));
  if (!dest) return null;
  const url = dest[1]!.startsWith("<") ? dest[1]!.slice(1, -1) : dest[1]!;
  return { label: text.slice(start + 1, j), url, title: dest[2]?.slice(1, -1), end: j + 1 + dest[0].length };
}

// ---- blocks ----

/** A markdown cell's attachments (nbformat: name -> {mime: base64}), for `![alt](attachment:name)`. */
export type CellAttachments = Record<string, Record<string, unknown>>;
type Attachments = (url: string) => string | undefined;

function attachmentUrls(cellAttachments: CellAttachments | undefined): Attachments | undefined {
  if (!cellAttachments) return undefined;
  return (url) => {
    if (!url.startsWith("attachment:")) return undefined;
    const bundle = cellAttachments[decodeURIComponent(url.slice("attachment:".length))];
    const mime = bundle && Object.keys(bundle).find((m) => /^image\/(png|jpeg|gif|webp)$/.test(m));
    const data = mime ? bundle[mime] : undefined;
    return typeof data === "string" ? `data:${mime};base64,${data.replace(/\s/g, "")}` : undefined;
  };
}

/** Markdown (a notebook's markdown cell, or a `text/markdown` output) to HTML that runs nothing. */
export function markdownToHtml(source: string, cellAttachments?: CellAttachments): string {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  return renderBlocks(lines, attachmentUrls(cellAttachments)).html;
}

interface Blocks {
  html: string;
  /** Whether the text was one paragraph and nothing else (a tight list item then shows it without <p>). */
  loneParagraph: boolean;
}

function renderBlocks(lines: string[], att: Attachments | undefined): Blocks {
  const out: string[] = [];
  let paragraphs = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [marker, lang] = [fence[1]!, fence[2]!];
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        if (new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`).test(l)) {
          i++;
          break;
        }
        body.push(l.replace(new RegExp(`^ {0,${indent}}`), ""));
      }
      const cls = lang ? ` class="language-${escapeHtml(lang)}"` : "";
      out.push(`<pre><code${cls}>${escapeHtml(body.join("\n"))}${body.length ? "\n" : ""}</code></pre>`);
      continue;
    }
    if (/^ {4}/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^ {4}/.test(lines[i]!) || blank(lines[i]!))) body.push(lines[i++]!.slice(4));
      while (body.length && blank(body.at(-1)!)) body.pop();
      out.push(`<pre><code>${escapeHtml(body.join("\n"))}\n</code></pre>`);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      const inner = renderInline(atx[2] ?? "", att);
      out.push(`<h${atx[1]!.length} id="${escapeHtml(headingId(inner))}">${inner}</h${atx[1]!.length}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push("<hr>");
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      // A quote goes on while its lines start with '>' (or continue its paragraph lazily).
      while (i < lines.length && !blank(lines[i]!) && (QUOTE.test(lines[i]!) || !startsBlock(lines[i]!))) body.push(lines[i++]!.replace(QUOTE, ""));
      out.push(`<blockquote>\n${renderBlocks(body, att).html}\n</blockquote>`);
      continue;
    }
    if (ITEM.test(line)) {
      const list = renderList(lines, i, att);
      out.push(list.html);
      i = list.end;
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!) && lines[i + 1]!.includes("-")) {
      const table = renderTable(lines, i, att);
      if (table) {
        out.push(table.html);
        i = table.end;
        continue;
      }
    }
    const para: string[] = [];
    while (i < lines.length && !blank(lines[i]!) && (para.length === 0 || !startsBlock(lines[i]!))) {
      if (para.length && SETEXT.test(lines[i]!)) break;
      para.push(lines[i++]!.trimStart());
    }
    if (i < lines.length && para.length && SETEXT.test(lines[i]!)) {
      const level = lines[i]!.trim()[0] === "=" ? 1 : 2;
      const inner = renderInline(para.join("\n").trimEnd(), att);
      out.push(`<h${level} id="${escapeHtml(headingId(inner))}">${inner}</h${level}>`);
      i++;
      continue;
    }
    out.push(`<p>${renderInline(para.join("\n").trimEnd(), att)}</p>`);
    paragraphs++;
  }
  return { html: out.join("\n"), loneParagraph: out.length === 1 && paragraphs === 1 };
}

/** Whether a line begins a block that interrupts a paragraph (as CommonMark: ordered lists only from 1). */
function startsBlock(line: string): boolean {
  if (FENCE.test(line) || ATX.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = ITEM.exec(line);
  return item !== null && !blank(line.slice(item[0].length)) && (/^[-*+]$/.test(item[2]!) || /^1[.)]$/.test(item[2]!));
}

function renderList(lines: string[], start: number, att: Attachments | undefined): { html: string; end: number } {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const kind = (m: RegExpExecArray) => (ordered ? m[2]!.slice(-1) : m[2]!);
  const items: string[][] = [];
  let loose = false;
  let i = start;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]!);
    if (!m || /\d/.test(m[2]!) !== ordered || kind(m) !== kind(first)) break;
    // Content lines of the item are indented at least as far as its text starts.
    const width = m[3] === "" ? m[0].length + 1 : m[0].length > m[1]!.length + m[2]!.length + 4 ? m[1]!.length + m[2]!.length + 1 : m[0].length;
    const body = [lines[i]!.slice(Math.min(width, lines[i]!.length))];
    i++;
    while (i < lines.length) {
      const l = lines[i]!;
      if (blank(l)) {
        // A blank line inside the list: the item continues only if an indented line follows.
        let k = i;
        while (k < lines.length && blank(lines[k]!)) k++;
        if (k < lines.length && lines[k]!.length - lines[k]!.trimStart().length >= width) {
          body.push(...lines.slice(i, k).map(() => ""));
          loose = true;
          i = k;
          continue;
        }
        break;
      }
      const indent = l.length - l.trimStart().length;
      if (indent >= width) body.push(l.slice(width));
      else if (!startsBlock(l) && !ITEM.test(l) && !blank(body.at(-1)!)) body.push(l.trim()); // lazy continuation
      else break;
      i++;
    }
    items.push(body);
    // A blank line between two items of the same list makes it loose.
    let k = i;
    while (k < lines.length && blank(lines[k]!)) k++;
    const next = k < lines.length ? ITEM.exec(lines[k]!) : null;
    if (k > i && next && /\d/.test(next[2]!) === ordered && kind(next) === kind(first)) {
      loose = true;
      i = k;
    } else if (k > i) break;
  }
  const html = items.map((body) => {
    const blocks = renderBlocks(body, att);
    if (!loose && blocks.loneParagraph) return `<li>${blocks.html.slice(3, -4)}</li>`;
    // A tight item shows its first paragraph bare, e.g. text followed by a nested list.
    const shown = loose ? blocks.html : blocks.html.replace(/^<p>([\s\S]*?)<\/p>/, "$1");
    return `<li>${shown}</li>`;
  });
  const startNumber = ordered ? Number.parseInt(first[2]!, 10) : 1;
  const open = ordered ? (startNumber === 1 ? "<ol>" : `<ol start="${startNumber}">`) : "<ul>";
  return { html: `${open}\n${html.join("\n")}\n${ordered ? "</ol>" : "</ul>"}`, end: i };
}

/** GFM pipe tables: a header row, a delimiter row (which sets alignment), body rows until a blank line. */
function renderTable(lines: string[], start: number, att: Attachments | undefined): { html: string; end: number } | null {
  const cells = (row: string): string[] => {
    let r = row.trim();
    if (r.startsWith("|")) r = r.slice(1);
    if (r.endsWith("|") && !r.endsWith("\\|")) r = r.slice(0, -1);
    // Split on pipes not escaped with a backslash; `\|` shows as a pipe.
    return r.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
  };
  const head = cells(lines[start]!);
  const align = cells(lines[start + 1]!).map((d) => (d.startsWith(":") && d.endsWith(":") ? "center" : d.endsWith(":") ? "right" : d.startsWith(":") ? "left" : ""));
  if (align.length !== head.length) return null;
  const style = (k: number) => (align[k] ? ` style="text-align:${align[k]}"` : "");
  const row = (tag: string, values: string[]) =>
    `<tr>${head.map((_, k) => `<${tag}${style(k)}>${renderInline(values[k] ?? "", att)}</${tag}>`).join("")}</tr>`;
  const body: string[] = [];
  let i = start + 2;
  while (i < lines.length && !blank(lines[i]!) && !startsBlock(lines[i]!)) body.push(row("td", cells(lines[i++]!)));
  const tbody = body.length ? `\n<tbody>\n${body.join("\n")}\n</tbody>` : "";
  return { html: `<table>\n<thead>\n${row("th", head)}\n</thead>${tbody}\n</table>`, end: i };
}
