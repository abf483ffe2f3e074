// `labops kernel install`: the labops kernel for Jupyter.

import { defineCommand } from "../../../src/cli/command";
import { kernelNameOption, prefixOption, userOption } from "./kernel-options";

export const kernelInstall = defineCommand({
  name: "kernel install",
  summary: "Install the labops kernel for Jupyter (started with this Node, by absolute path).",
  surfaces: ["cli"],
  options: [userOption, prefixOption, kernelNameOption, { name: "display-name", type: "string", value: "TEXT", description: "Name shown in Jupyter (default: TypeScript (labops))." }],
  async run(args) {
    const { installKernelspec }: typeof import("../../kernelspec") = require("../../kernelspec");
    return installKernelspec({ prefix: args.options.prefix, name: args.options.name, displayName: args.options["display-name"] });
  },
  text: (k) => `Installed kernelspec '${k.name}' (${k.displayName}) in ${k.dir}`,
});
