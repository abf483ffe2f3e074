// Turns a notebook into a standalone TypeScript script: cells in order inside one async main(), magics as
// calls on the same runtime the notebook uses, displays saved as files. Run it with tsx, or compile it.

import { LabopsError } from "../../src/core/errors";
import { argsToTemplate, parseCellMagic, rewriteLines } from "../magic-syntax";
import { defaultMagics } from "../magics";
import { sourceText, type Notebook } from "./nbformat";

const RUNTIME = "magics";
// Static imports cannot live inside main(): they move to the top of the script.
const IMPORT_LINE = /^\s*import\s+(?:[^;]*?\s+from\s+)?["'][^"']+["'];?\s*$/;

export function exportNotebook(nb: Notebook, notebookName: string): string {
  const kinds = defaultMagics();
  const imports = new Set<string>();
  const body: string[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    let src = sourceText(cell.source);
    if (src.trim() === "") return;
    if (/^\s*\/\*\*[\s\S]*?@module\b/.test(src)) {
      throw new LabopsError("NOT_IMPLEMENTED", `Cell ${index} is a tslab /** @module */ cell; export cannot turn it into a script yet. Move its code to a .ts file and import it.`);
    }
    src = src
      .split("\n")
      .filter((line) => (IMPORT_LINE.test(line) ? (imports.add(line.trim()), false) : true))
      .join("\n");
    const tags = (cell.metadata.tags ?? []).length ? ` [${(cell.metadata.tags ?? []).join(", ")}]` : "";
    body.push(`  // ---- cell ${index}${tags}`);
    const magic = parseCellMagic(src);
    let code: string;
    if (!magic) {
      code = rewriteLines(src, RUNTIME, true);
    } else if (kinds.cellKind(magic.name) === "wrap") {
      code = [
        `await ${RUNTIME}.cellBegin(${JSON.stringify(magic.name)}, ${argsToTemplate(magic.args, RUNTIME)});`,
        rewriteLines(magic.body, RUNTIME, true),
        `await ${RUNTIME}.endCell();`,
      ].join("\n");
    } else {
      code = `await ${RUNTIME}.show(await ${RUNTIME}.cell(${JSON.stringify(magic.name)}, ${argsToTemplate(magic.args, RUNTIME)}, ${JSON.stringify(magic.body)}));`;
    }
    body.push(...code.split("\n").map((l) => (l === "" ? "" : "  " + l)), "");
  });
  return [
    `// Exported by labops from ${notebookName}. Run it with: npx tsx <this file>`,
    "// Magics are calls on `magics`, the runtime the notebook's magics use; what the notebook would display is",
    "// saved beside this script in <script name>.outputs/ (SVG charts, HTML tables, text).",
    'import * as labops from "labops";',
    'import * as widgets from "labops/dist/widgets";',
    'import { scriptSession } from "labops/dist/kernel-ext/script-session";',
    ...[...imports].filter((i) => !/from\s+["']labops["']/.test(i)),
    "",
    `const ${RUNTIME} = scriptSession(__filename);`,
    "void labops, widgets; // predefined in the notebook",
    "",
    "async function main(): Promise<void> {",
    ...body,
    "}",
    "",
    `main().then(() => ${RUNTIME}.finish(null), (error: unknown) => ${RUNTIME}.finish(error));`,
    "",
  ].join("\n");
}
