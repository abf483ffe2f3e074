// `labops engine uninstall tensorflow [--gpu]`: removes an engine `labops engine install` put in labops' engines folder.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";

export const engineUninstall = defineCommand({
  name: "engine uninstall",
  summary: "Remove an engine installed by 'labops engine install' (--gpu: the tfjs-node-gpu one).",
  surfaces: ["cli"],
  positionals: [{ name: "ENGINE", description: "The engine to remove: tensorflow." }],
  options: [{ name: "gpu", type: "boolean", description: "Remove the CUDA build (tensorflow-gpu)." }, JSON_OPTION],
  async run(args) {
    const { engineRecipe }: typeof import("../../../src/engine/install/engine-recipes") = require("../../../src/engine/install/engine-recipes");
    const { uninstallEngine }: typeof import("../../../src/engine/install/installed-engines") = require("../../../src/engine/install/installed-engines");
    return uninstallEngine(engineRecipe(args.positionals.ENGINE, args.options.gpu).engine);
  },
  text: (e) => `Removed ${e.engine} (${e.npmPackage}@${e.npmVersion}, ${(e.sizeBytes / 2 ** 20).toFixed(0)} MiB) from ${e.dir}`,
});
