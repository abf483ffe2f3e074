// Magics made from the command declarations: `%runs list` is `labops runs list` (same arguments, same parser),
// shown through the command's `view` (a widget) instead of its text; `--json` returns the plain data.
// A two-word command is a subcommand of the line magic named by its first word; a one-word one is its own
// line magic (%experiment) or cell magic (%%track).

import { parseTypedArgs, usage, UsageError } from "../../src/cli/args";
import type { Command, CommandContext, Surface } from "../../src/cli/command";
import { textDisplay } from "../../widgets/mime-bundle";
import type { CellMagic, LineMagic } from "./magic";

function magicContext(surface: Surface, cellBody?: string): CommandContext {
  const fluent: typeof import("../../src/tracking/fluent") = require("../../src/tracking/fluent");
  const registry: typeof import("../../src/registry/fluent") = require("../../src/registry/fluent");
  return {
    surface,
    cellBody,
    get client() {
      return fluent.getClient();
    },
    registry: registry.getRegistryClient,
    warn: (text) => process.stderr.write(`Warning: ${text}\n`),
  };
}

/** What a magic shows for a result: the command's widget, else its text, else nothing. */
async function shown(command: Command, result: unknown, args: ReturnType<typeof parseTypedArgs>, context: CommandContext): Promise<unknown> {
  if (args.options.json) return command.json ? command.json(result) : result;
  if (command.view) return command.view(result, args, context);
  return command.text ? textDisplay(command.text(result, args)) : undefined;
}

async function invoke(command: Command, argv: string[], called: string, surface: Surface, cellBody?: string): Promise<unknown> {
  if (argv.includes("--help")) return textDisplay(usage(called, command.summary, command));
  const args = parseTypedArgs(command, argv, called);
  const context = magicContext(surface, cellBody);
  return shown(command, await command.run(args, context), args, context);
}

/** `%name ...` for a one-word command. */
export function lineMagic(command: Command): LineMagic {
  return {
    name: command.name,
    summary: command.summary,
    help: usage(`%${command.name}`, command.summary, command),
    run: (argv) => invoke(command, argv, `%${command.name}`, "line"),
  };
}

/** `%group SUBCOMMAND ...` for the two-word commands that share a first word, as `labops group ...` does. */
export function groupMagic(group: string, commands: readonly Command[]): LineMagic {
  const subcommands = commands.map((c) => c.name.slice(group.length + 1));
  return {
    name: group,
    summary: `${commands.map((c) => c.summary.replace(/\.$/, "")).join("; ")} (as 'labops ${group}').`,
    subcommands,
    help: [`%${group} SUBCOMMAND [options]: the same as 'labops ${group} ...' on the command line.`, ...commands.map((c) => usage(`%${c.name}`, c.summary, c))].join("\n\n"),
    async run(argv) {
      const [sub, ...rest] = argv;
      const command = commands.find((c) => c.name === `${group} ${sub}`);
      if (!command) throw new UsageError(`%${group}: ${sub === undefined ? "missing subcommand" : `unknown subcommand '${sub}'`}; use one of ${subcommands.join(", ")}.`);
      return invoke(command, rest, `%${command.name}`, "line");
    },
  };
}

/** `%%name ...`: with `end`, the cell's body runs as code between `run` and `end`; else the body is text. */
export function cellMagic(command: Command): CellMagic {
  const common = { name: command.name, summary: command.summary, help: usage(`%%${command.name}`, command.summary, command) };
  const end = command.end;
  if (!end) return { ...common, kind: "text", run: (argv, body) => invoke(command, argv, `%%${command.name}`, "cell", body) };
  let begun: { value: unknown; context: CommandContext } | null = null;
  return {
    ...common,
    kind: "wrap",
    async begin(argv) {
      const context = magicContext("cell");
      begun = { value: await command.run(parseTypedArgs(command, argv, `%%${command.name}`), context), context };
    },
    async end(error) {
      const open = begun;
      begun = null;
      return open ? end.call(command, open.value, error, open.context) : undefined;
    },
  };
}
