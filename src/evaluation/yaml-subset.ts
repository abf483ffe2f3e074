// A small YAML subset for gate files: nested mappings by indentation, block and inline lists, scalars, comments.

import { invalidParameter } from "../core/errors";

/**
 * Parses the YAML most configuration files use: `key: value` mappings nested by indentation (spaces), lists as
 * `- item` lines or `[a, b]`, numbers, true/false, null/~, and strings plain or quoted; `#` starts a comment.
 * Anything else (anchors, tags, multi-line strings, `{...}` maps, several documents) is refused with its line
 * number, so a file is never half-understood.
 */
export function parseYamlSubset(text: string, source = "YAML"): unknown {
  const lines = text.split(/\r?\n/).map((raw, i) => ({ no: i + 1, raw: stripComment(raw) })).filter((l) => l.raw.trim() !== "" && l.raw.trim() !== "---");
  for (const l of lines) {
    if (/^\t| \t/.test(l.raw.match(/^\s*/)![0])) fail(source, l.no, "indents with a tab; YAML indents with spaces");
    const t = l.raw.trim();
    if (/^[&*!|>]|: *[&*!|>]|^\{|: *\{/.test(t) || t === "...") fail(source, l.no, `uses YAML beyond the subset labops reads (anchors, tags, block strings, {} maps): ${JSON.stringify(t)}; write the file as JSON instead`);
  }
  let pos = 0;
  const indentOf = (s: string) => s.length - s.trimStart().length;

  function block(indent: number): unknown {
    const first = lines[pos]!;
    if (first.raw.trim().startsWith("- ") || first.raw.trim() === "-") {
      const list: unknown[] = [];
      while (pos < lines.length && indentOf(lines[pos]!.raw) === indent && lines[pos]!.raw.trim().startsWith("-")) {
        const l = lines[pos++]!;
        const rest = l.raw.trim().slice(1).trim();
        if (rest === "") list.push(pos < lines.length && indentOf(lines[pos]!.raw) > indent ? block(indentOf(lines[pos]!.raw)) : null);
        else if (/^[^'"[\]]*?:( |$)/.test(rest)) fail(source, l.no, "puts a mapping inside a list item; the subset takes scalars in lists");
        else list.push(scalar(rest, l.no));
      }
      return list;
    }
    const map: Record<string, unknown> = {};
    while (pos < lines.length && indentOf(lines[pos]!.raw) === indent) {
      const l = lines[pos++]!;
      const m = l.raw.trim().match(/^("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/);
      if (!m) fail(source, l.no, `is not 'key: value': ${JSON.stringify(l.raw.trim())}`);
      const key = m![1]!.replace(/^["']|["']$/g, "");
      if (key in map) fail(source, l.no, `repeats the key '${key}'`);
      const value = m![2];
      if (value !== undefined && value !== "") map[key] = scalar(value, l.no);
      else if (pos < lines.length && indentOf(lines[pos]!.raw) > indent) map[key] = block(indentOf(lines[pos]!.raw));
      else if (pos < lines.length && indentOf(lines[pos]!.raw) === indent && lines[pos]!.raw.trim().startsWith("-")) map[key] = block(indent);
      else map[key] = null;
    }
    if (pos < lines.length && indentOf(lines[pos]!.raw) > indent) fail(source, lines[pos]!.no, "is indented more than the lines before it");
    return map;
  }
  if (lines.length === 0) return null;
  const root = block(indentOf(lines[0]!.raw));
  if (pos < lines.length) fail(source, lines[pos]!.no, "is indented less than the first line");
  return root;
}

function fail(source: string, line: number, what: string): never {
  throw invalidParameter(`${source} line ${line} ${what}.`);
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

function scalar(text: string, line: number): unknown {
  const t = text.trim();
  if (t.startsWith("[")) {
    if (!t.endsWith("]")) throw invalidParameter(`YAML line ${line}: an inline list must close on the same line: ${JSON.stringify(t)}.`);
    const inner = t.slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((s) => scalar(s, line));
  }
  if (/^".*"$/.test(t)) return JSON.parse(t);
  if (/^'.*'$/.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  if (t === "null" || t === "~" || t === "Null" || t === "NULL") return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return t;
}
