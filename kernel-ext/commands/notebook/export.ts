// `labops export NOTEBOOK.ipynb -o script.ts`: a notebook as a standalone script.

import fs from "node:fs";
import path from "node:path";
import { LabopsError } from "../../../src/core/errors";
import { defineCommand } from "../../../src/cli/command";

export const exportCommand = defineCommand({
  name: "export",
  summary: "Write a notebook as a standalone TypeScript script (magics as API calls, displays saved as files).",
  surfaces: ["cli"],
  positionals: [{ name: "NOTEBOOK", description: "The .ipynb file to export." }],
  options: [{ name: "output", short: "o", type: "string", value: "SCRIPT.ts", description: "Where to write the script.", required: true }],
  async run(args) {
    const { readNotebook, writeFileAtomic }: typeof import("../../notebook/nbformat") = require("../../notebook/nbformat");
    const { exportNotebook }: typeof import("../../notebook/export-script") = require("../../notebook/export-script");
    const file = args.positionals.NOTEBOOK;
    const out = path.resolve(args.options.output);
    if (!/\.[cm]?ts$/.test(out)) throw new LabopsError("INVALID_PARAMETER_VALUE", `--output ${args.options.output} must be a .ts file.`);
    if (!fs.existsSync(path.dirname(out))) throw new LabopsError("INVALID_PARAMETER_VALUE", `Cannot write ${args.options.output}: folder ${path.dirname(out)} does not exist.`);
    const script = exportNotebook(readNotebook(file), path.basename(file));
    writeFileAtomic(out, script);
    return { script: out, notebook: file };
  },
  text: (r) => `Exported ${r.notebook} -> ${path.relative(process.cwd(), r.script) || r.script}`,
  json: (r) => ({ script: r.script }),
});
