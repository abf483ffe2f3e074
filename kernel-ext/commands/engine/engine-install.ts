// `labops engine install tensorflow [--gpu]`: tfjs-node (or tfjs-node-gpu) into labops' engines folder, libtensorflow from the PyPI wheel and the addon built here; Ctrl-C or a failure leaves nothing installed.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { InstalledEngine } from "../../../src/engine/install/installed-engines";

export const engineInstall = defineCommand({
  name: "engine install",
  summary: "Install the native TensorFlow engine (tfjs-node; --gpu: tfjs-node-gpu) into LABOPS_HOME/engines: libtensorflow from the PyPI wheel, the addon built here.",
  surfaces: ["cli"],
  positionals: [{ name: "ENGINE", description: "The engine to install: tensorflow." }],
  options: [
    { name: "gpu", type: "boolean", description: "The CUDA build (tfjs-node-gpu from the 512 MB tensorflow wheel; needs CUDA 11.2 and cuDNN 8 to use a GPU, else it runs on CPU)." },
    { name: "wheel", type: "string", value: "FILE", description: "Use this TensorFlow 2.9.1 wheel instead of downloading it from PyPI." },
    JSON_OPTION,
  ],
  async run(args): Promise<InstalledEngine> {
    const { installEngine }: typeof import("../../../src/engine/install/engine-install") = require("../../../src/engine/install/engine-install");
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const t0 = Date.now();
    try {
      return await installEngine({
        engine: args.positionals.ENGINE,
        gpu: args.options.gpu,
        wheel: args.options.wheel,
        signal: abort.signal,
        onProgress: (line) => process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${line}\n`),
      });
    } finally {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
    }
  },
  text: (e) => {
    const total = Object.values(e.timings).reduce((a, b) => a + b, 0);
    return [
      `Installed ${e.npmPackage}@${e.npmVersion} with TensorFlow ${e.loaded.tensorflowVersion} (${e.loaded.gpu ? "a GPU is in use" : "CPU"}) in ${e.dir}, ${(e.sizeBytes / 2 ** 20).toFixed(0)} MiB, ${total.toFixed(0)} s.`,
      e.engine === "tensorflow-gpu" && !e.loaded.gpu
        ? `TensorFlow found no usable GPU (it needs CUDA 11.2 and cuDNN 8): LABOPS_BACKEND=auto uses it on CPU as 'tensorflow'; 'labops doctor' says why.`
        : `LABOPS_BACKEND=auto now picks it; 'labops doctor' shows it.`,
    ].join("\n");
  },
});
