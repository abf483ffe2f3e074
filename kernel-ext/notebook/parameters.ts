// papermill's parameters convention for TypeScript notebooks: a cell tagged `injected-parameters` goes right
// after the cell tagged `parameters` (or first, with a warning, when there is none).

import { invalidParameter } from "../../src/core/errors";
import { typedValue } from "../../src/cli/args";
import { newCellId, type Cell, type Notebook } from "./nbformat";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `key=value` strings from `-p`, typed: numbers, booleans, JSON, else strings. */
export function parseParameters(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw invalidParameter(`Invalid parameter '${pair}': write -p name=value.`);
    const name = pair.slice(0, eq);
    if (!IDENTIFIER.test(name)) throw invalidParameter(`Invalid parameter name '${name}': it must be a TypeScript identifier.`);
    out[name] = typedValue(pair.slice(eq + 1));
  }
  return out;
}

export interface InjectResult {
  notebook: Notebook;
  warning?: string;
}

export function injectParameters(nb: Notebook, parameters: Record<string, unknown>): InjectResult {
  if (Object.keys(parameters).length === 0) return { notebook: nb };
  const hasTag = (c: Cell, tag: string) => (c.metadata.tags ?? []).includes(tag);
  const cells = nb.cells.filter((c) => !hasTag(c, "injected-parameters")); // a re-run replaces the old injection
  const source = ["// Parameters", ...Object.entries(parameters).map(([k, v]) => `const ${k} = ${JSON.stringify(v)};`)].join("\n");
  const injected: Cell = { cell_type: "code", id: newCellId(), source, metadata: { tags: ["injected-parameters"] }, execution_count: null, outputs: [] };
  const at = cells.findIndex((c) => hasTag(c, "parameters"));
  const warning = at < 0 ? "The notebook has no cell tagged 'parameters'; the parameters were inserted at the top." : undefined;
  cells.splice(at + 1, 0, injected);
  return { notebook: { ...nb, cells }, warning };
}
