// Rewrites magics into plain TypeScript before tslab compiles a cell, keeping every line where it was so
// compile errors and stack traces point at the right line.
//
//   %name args            ->  await globalThis["__labops__"].line("name", `args`);
//   const x = %name args  ->  const x = await globalThis["__labops__"].line("name", `args`);
//   %name? or %%name?     ->  await globalThis["__labops__"].help("name");
//   %%name args (line 1)  ->  a "wrap" cell magic: await ...cellBegin("name", `args`); the body runs as code
//                             a "text" cell magic: await ...cell("name", `args`, "<body>") on one line + blanks
//
// Arguments become a template literal, so `{expr}` and `$name` (IPython's interpolation) are evaluated in the
// cell's scope and type-checked; `{{`, `}}` and `$$` stand for literal braces and dollar signs.

export const RUNTIME = 'globalThis["__labops__"]';

const CELL_MAGIC = /^%%([A-Za-z_][\w-]*)(?:[ \t]+(.*))?$/;
const LINE_MAGIC =
  /^([ \t]*)((?:(?:const|let|var)[ \t]+[A-Za-z_$][\w$]*[ \t]*(?::[^=%]+)?=|[A-Za-z_$][\w$.]*[ \t]*=)[ \t]*)?%([A-Za-z_][\w-]*)(\?)?(?:[ \t]+(.*?))?[ \t]*;?[ \t]*$/;

// `%%track?`: a cell magic's help, asked for on a line of its own.
const CELL_HELP = /^([ \t]*)%%([A-Za-z_][\w-]*)\?[ \t]*;?[ \t]*$/;

/** A magic line's parts; `%%name?` is a help line like `%name?`. */
function magicLine(line: string): { indent: string; lhs: string; name: string; help: boolean; args: string } | null {
  const m = LINE_MAGIC.exec(line);
  if (m) return { indent: m[1]!, lhs: m[2] ?? "", name: m[3]!, help: m[4] === "?", args: m[5] ?? "" };
  const h = CELL_HELP.exec(line);
  return h ? { indent: h[1]!, lhs: "", name: h[2]!, help: true, args: "" } : null;
}

const isMagicLine = (line: string): boolean => magicLine(line) !== null;

export type CellMagicKind = "wrap" | "text";

/** Converts magic arguments to a template literal with interpolation. */
export function argsToTemplate(args: string, runtime: string = RUNTIME): string {
  let out = "";
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    const next = args[i + 1];
    if (c === "{" && next === "{") (out += "{"), i++;
    else if (c === "}" && next === "}") (out += "}"), i++;
    else if (c === "$" && next === "$") (out += "\\$"), i++;
    else if (c === "{") {
      const end = args.indexOf("}", i + 1);
      if (end < 0) {
        out += "{";
        continue;
      }
      out += "${" + `${runtime}.quote(${args.slice(i + 1, end)})` + "}";
      i = end;
    } else if (c === "$" && next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_$][\w$]*/.exec(args.slice(i + 1))![0];
      out += "${" + `${runtime}.quote(${name})` + "}";
      i += name.length;
    } else if (c === "`" || c === "\\") out += "\\" + c;
    else if (c === "$") out += "\\$";
    else out += c;
  }
  return "`" + out + "`";
}

export interface ParsedCellMagic {
  name: string;
  args: string;
  body: string;
}

export function parseCellMagic(src: string): ParsedCellMagic | null {
  const firstLine = src.split("\n", 1)[0]!;
  const m = CELL_MAGIC.exec(firstLine.trimEnd());
  if (!m) return null;
  return { name: m[1]!, args: m[2] ?? "", body: src.slice(firstLine.length + 1) };
}

/**
 * Rewrites one cell. `cellKind` says how a cell magic's body is treated ("wrap" runs it as code inside the
 * magic, "text" hands it over as a string); unknown cell magics are treated as "text" and fail at run time
 * with a UsageError naming them.
 */
export function preprocess(src: string, cellKind: (name: string) => CellMagicKind | undefined): string {
  const cell = parseCellMagic(src);
  if (cell) {
    const args = argsToTemplate(cell.args);
    if (cellKind(cell.name) === "wrap") {
      return `await ${RUNTIME}.cellBegin(${JSON.stringify(cell.name)}, ${args});\n${rewriteLines(cell.body)}`;
    }
    const lines = cell.body.split("\n").length;
    return `await ${RUNTIME}.cell(${JSON.stringify(cell.name)}, ${args}, ${JSON.stringify(cell.body)});` + "\n".repeat(lines);
  }
  return rewriteLines(src);
}

/**
 * Rewrites the line magics of some code. With `show`, a magic used as a statement has its result passed to
 * `<runtime>.show(...)`, for scripts, where no cell displays its last value.
 */
export function rewriteLines(src: string, runtime: string = RUNTIME, show = false): string {
  return src
    .split("\n")
    .map((line) => {
      const m = magicLine(line);
      if (!m) return line;
      const { indent, lhs, name } = m;
      // Never emit "await (": tslab 1.0.22 parses it as a call of a function named await.
      const call = m.help ? `${runtime}.help(${JSON.stringify(name)})` : `${runtime}.line(${JSON.stringify(name)}, ${argsToTemplate(m.args, runtime)})`;
      return show && !lhs ? `${indent}await ${runtime}.show(await ${call});` : `${indent}${lhs}await ${call};`;
    })
    .join("\n");
}

/** For completion, inspection and is_complete: magic lines become spaces, so offsets stay put. */
export function blankMagics(src: string): string | null {
  const cell = parseCellMagic(src);
  if (cell) return null;
  return src
    .split("\n")
    .map((line) => (isMagicLine(line) ? " ".repeat(line.length) : line))
    .join("\n");
}

export function hasMagic(src: string): boolean {
  return parseCellMagic(src) !== null || src.split("\n").some(isMagicLine);
}
