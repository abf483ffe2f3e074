// `labops kernel list`: the kernelspecs Jupyter can see (JUPYTER_PATH, --prefix, the user's and system folders).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { formatTable } from "../../../src/present/table";
import { prefixOption } from "./kernel-options";

export const kernelList = defineCommand({
  name: "kernel list",
  summary: "List the kernelspecs Jupyter can see; '*' marks labops kernels.",
  surfaces: ["cli"],
  options: [{ ...prefixOption, description: "Also look under DIR/share/jupyter (where 'kernel install --prefix DIR' puts it)." }, JSON_OPTION],
  async run(args) {
    const { listKernelspecs }: typeof import("../../kernelspec") = require("../../kernelspec");
    return listKernelspecs({ prefix: args.options.prefix });
  },
  text: (kernels) =>
    kernels.length
      ? formatTable([{ header: "" }, { header: "NAME" }, { header: "DISPLAY NAME" }, { header: "FOLDER", maxWidth: 100 }], kernels.map((k) => [k.labops ? "*" : "", k.name, k.displayName, k.dir]))
      : "No kernelspecs found.",
});
