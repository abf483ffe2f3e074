// Tab completion of magics: `%` or `%ru` offers the line magics, `%%` on a cell's first line the cell magics,
// `%runs l` the subcommands. The kernel asks here first and falls back to TypeScript completion on null.

import type { MagicRegistry } from "./registry";

export interface MagicCompletion {
  /** Offsets in the cell's text of what the candidates replace (Jupyter's cursor_start and cursor_end). */
  start: number;
  end: number;
  candidates: string[];
}

/** Matches a magic being typed at the end of a line: `%na`, `%%na`, `x = %na`, `%group sub`. */
const TYPING = /^([ \t]*(?:(?:const|let|var)[ \t]+[A-Za-z_$][\w$]*[ \t]*(?::[^=%]+)?=[ \t]*|[A-Za-z_$][\w$.]*[ \t]*=[ \t]*)?)(%%?)([\w-]*)(?:[ \t]+([\w-]*))?$/;

export function completeMagic(text: string, cursor: number, registry: MagicRegistry = defaultRegistry()): MagicCompletion | null {
  const before = text.slice(0, cursor);
  const lineStart = before.lastIndexOf("\n") + 1;
  const m = TYPING.exec(before.slice(lineStart));
  if (!m) return null;
  const [, lead = "", percent, name = "", sub] = m;
  const firstLine = lineStart === 0;
  const { line, cell } = registry.list();
  if (sub !== undefined) {
    if (percent !== "%") return null;
    const subcommands = line.find((x) => x.name === name)?.subcommands ?? [];
    if (subcommands.length === 0) return null;
    return { start: cursor - sub.length, end: cursor, candidates: subcommands.filter((s) => s.startsWith(sub)) };
  }
  const start = lineStart + lead.length;
  const lines = line.map((x) => `%${x.name}`);
  // A cell magic only works on a cell's first line, alone.
  const cells = firstLine && lead === "" ? cell.map((x) => `%%${x.name}`) : [];
  const typed = percent + name;
  const candidates = (percent === "%%" ? cells : [...lines, ...cells]).filter((c) => c.startsWith(typed));
  return { start, end: cursor, candidates };
}

function defaultRegistry(): MagicRegistry {
  const { defaultMagics }: typeof import("./index") = require("./index");
  return defaultMagics();
}
