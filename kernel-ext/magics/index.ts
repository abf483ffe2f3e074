// The magics every labops session starts with: one per command declaration that serves a notebook (see
// kernel-ext/commands/index.ts), plus %lsmagic.

import type { Command } from "../../src/cli/command";
import { textDisplay } from "../../widgets/mime-bundle";
import { COMMANDS } from "../commands";
import { cellMagic, groupMagic, lineMagic } from "./command-magics";
import { MagicRegistry } from "./registry";

export { completeMagic, type MagicCompletion } from "./complete";

export function defaultMagics(commands: readonly Command[] = COMMANDS): MagicRegistry {
  const registry = new MagicRegistry();
  const groups = new Map<string, Command[]>();
  for (const command of commands) {
    const [first, ...more] = command.name.split(" ");
    if (command.surfaces.includes("line")) {
      if (more.length === 0) registry.addLine(lineMagic(command));
      else groups.set(first!, [...(groups.get(first!) ?? []), command]);
    }
    if (command.surfaces.includes("cell")) registry.addCell(cellMagic(command));
  }
  for (const [group, members] of groups) registry.addLine(groupMagic(group, members));
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
          "%name? (or %%name?) shows a magic's help.",
        ].join("\n"),
      );
    },
  });
  return registry;
}
