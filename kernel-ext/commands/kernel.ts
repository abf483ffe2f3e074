// `labops kernel install|uninstall|list`: the labops Jupyter kernel's kernelspecs.

import type { Command } from "../../src/cli/command";
import { JSON_OPTION } from "../../src/cli/command";
import { formatTable } from "../../src/cli/table";
import { installKernelspec, listKernelspecs, uninstallKernelspec } from "../kernelspec";

const locationOptions = [
  { name: "user", type: "boolean", description: "For the current user (the default): JUPYTER_DATA_DIR or the user's Jupyter folder." },
  { name: "prefix", type: "string", value: "DIR", description: "Under DIR/share/jupyter, e.g. a virtualenv." },
  { name: "name", type: "string", value: "NAME", description: "Kernelspec name (default: labops)." },
] as const;

export const kernelInstall: Command = {
  name: "kernel install",
  summary: "Install the labops kernel for Jupyter (started with this Node, by absolute path).",
  options: [...locationOptions, { name: "display-name", type: "string", value: "TEXT", description: "Name shown in Jupyter (default: TypeScript (labops))." }],
  async run(args) {
    const k = installKernelspec({
      prefix: args.options.prefix as string | undefined,
      name: args.options.name as string | undefined,
      displayName: args.options["display-name"] as string | undefined,
    });
    return { data: k, text: `Installed kernelspec '${k.name}' (${k.displayName}) in ${k.dir}` };
  },
};

export const kernelUninstall: Command = {
  name: "kernel uninstall",
  summary: "Remove a labops kernelspec.",
  options: [...locationOptions],
  async run(args) {
    const dir = uninstallKernelspec({ prefix: args.options.prefix as string | undefined, name: args.options.name as string | undefined });
    return { data: { removed: dir }, text: `Removed ${dir}` };
  },
};

export const kernelList: Command = {
  name: "kernel list",
  summary: "List the kernelspecs Jupyter can see; '*' marks labops kernels.",
  options: [JSON_OPTION],
  async run() {
    const kernels = listKernelspecs();
    const text = kernels.length
      ? formatTable([{ header: "" }, { header: "NAME" }, { header: "DISPLAY NAME" }, { header: "FOLDER", maxWidth: 100 }], kernels.map((k) => [k.labops ? "*" : "", k.name, k.displayName, k.dir]))
      : "No kernelspecs found.";
    return { data: kernels, text };
  },
};
