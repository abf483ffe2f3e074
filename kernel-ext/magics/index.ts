// The magics every labops session starts with.

import { textDisplay } from "../../widgets";
import { commandGroupMagic } from "./command-magics";
import { MagicRegistry } from "./registry";
import { experimentMagic, logMetricsMagic, logParamsMagic, trackMagic } from "./tracking-magics";

export function defaultMagics(): MagicRegistry {
  const registry = new MagicRegistry();
  registry
    .addLine(experimentMagic)
    .addLine(logParamsMagic)
    .addLine(logMetricsMagic)
    .addLine(commandGroupMagic("runs"))
    .addLine(commandGroupMagic("experiments"))
    .addLine(commandGroupMagic("models"))
    .addCell(trackMagic());
  registry.addLine({
    name: "lsmagic",
    summary: "List the magics.",
    help: "%lsmagic: list every line and cell magic with a one-line summary. %name? shows one magic's help.",
    async run() {
      const { line, cell } = registry.list();
      const width = Math.max(...[...line, ...cell].map((m) => m.name.length)) + 4;
      return textDisplay(
        [
          "Line magics:",
          ...line.map((m) => `  %${m.name.padEnd(width - 1)}${m.summary}`),
          "",
          "Cell magics:",
          ...cell.map((m) => `  %%${m.name.padEnd(width - 2)}${m.summary}`),
          "",
          "%name? shows a magic's help.",
        ].join("\n"),
      );
    },
  });
  return registry;
}
