// `labops kernel uninstall`: remove a labops kernelspec.

import { defineCommand } from "../../../src/cli/command";
import { kernelNameOption, prefixOption, userOption } from "./kernel-options";

export const kernelUninstall = defineCommand({
  name: "kernel uninstall",
  summary: "Remove a labops kernelspec.",
  surfaces: ["cli"],
  options: [userOption, prefixOption, kernelNameOption],
  async run(args) {
    const { uninstallKernelspec }: typeof import("../../kernelspec") = require("../../kernelspec");
    return { removed: uninstallKernelspec({ prefix: args.options.prefix, name: args.options.name }) };
  },
  text: (r) => `Removed ${r.removed}`,
});
