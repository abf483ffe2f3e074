// `labops export NOTEBOOK.ipynb -o script.ts`: a notebook as a standalone script.

import fs from "node:fs";
import path from "node:path";
import { LabopsError } from "../../src/core/errors";
import type { Command } from "../../src/cli/command";
import { readNotebook, writeFileAtomic } from "../notebook/nbformat";
import { exportNotebook } from "../notebook/export-script";

export const exportCommand: Command = {
  name: "export",
  summary: "Write a notebook as a standalone TypeScript script (magics as API calls, displays saved as files).",
  positionals: [{ name: "NOTEBOOK", description: "The .ipynb file to export." }],
  options: [{ name: "output", short: "o", type: "string", value: "SCRIPT.ts", description: "Where to write the script.", required: true }],
  async run(args) {
    const file = args.positionals.NOTEBOOK as string;
    const out = path.resolve(args.options.output as string);
    if (!/\.[cm]?ts$/.test(out)) throw new LabopsError("INVALID_PARAMETER_VALUE", `--output ${args.options.output} must be a .ts file.`);
    if (!fs.existsSync(path.dirname(out))) throw new LabopsError("INVALID_PARAMETER_VALUE", `Cannot write ${args.options.output}: folder ${path.dirname(out)} does not exist.`);
    const script = exportNotebook(readNotebook(file), path.basename(file));
    writeFileAtomic(out, script);
    return { data: { script: out }, text: `Exported ${file} -> ${path.relative(process.cwd(), out) || out}` };
  },
};
