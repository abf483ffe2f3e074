// `labops engine list`: the engines `labops engine install` put in labops' engines folder, with versions and sizes.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { formatTable } from "../../../src/present/table";

export const engineList = defineCommand({
  name: "engine list",
  summary: "List the engines installed by 'labops engine install' (versions, sizes, folder).",
  surfaces: ["cli"],
  options: [JSON_OPTION],
  async run() {
    const { enginesDir }: typeof import("../../../src/engine/backend") = require("../../../src/engine/backend");
    const { listEngines }: typeof import("../../../src/engine/install/installed-engines") = require("../../../src/engine/install/installed-engines");
    return { enginesDir: enginesDir(), engines: listEngines() };
  },
  text: (r) =>
    r.engines.length
      ? formatTable(
          [{ header: "ENGINE" }, { header: "PACKAGE" }, { header: "TENSORFLOW" }, { header: "SIZE", align: "right" }, { header: "INSTALLED" }, { header: "FOLDER", maxWidth: 100 }],
          r.engines.map((e) => [e.engine, `${e.npmPackage}@${e.npmVersion}`, e.loaded.tensorflowVersion, `${(e.sizeBytes / 2 ** 20).toFixed(0)} MiB`, e.installedAt.slice(0, 19).replace("T", " "), e.dir]),
        )
      : `No engines installed in ${r.enginesDir} (run 'labops engine install tensorflow').`,
});
