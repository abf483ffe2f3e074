// A labops command, declared once: its arguments, what it does, and how its result reads in a terminal and
// shows in a notebook. The CLI, the line and cell magics, `%lsmagic`, `labops --help`, `%name?` and the
// script exporter all read the same declaration (see kernel-ext/commands/index.ts for the list).

import type { ModelRegistryClient } from "../registry/registry-client";
import type { LabopsClient } from "../tracking/client";
import type { OptionSpec, PositionalSpec, TypedArgs } from "./args";

/** Where a command is offered: `labops NAME` (cli), `%NAME` (line magic), `%%NAME` (cell magic). */
export type Surface = "cli" | "line" | "cell";

export interface CommandContext {
  /** The tracking client: the CLI's store, or the notebook's current one. Opened on first use. */
  readonly client: LabopsClient;
  /** The model registry, opened on first use. */
  registry(): ModelRegistryClient;
  /** Where the command runs. */
  readonly surface: Surface;
  /** The body of a cell magic that takes its cell as text. */
  readonly cellBody?: string;
  /** Something the user should know that is not the result: stderr in a terminal and a notebook alike. */
  warn(text: string): void;
}

export interface CommandSpec<Os extends readonly OptionSpec[], Ps extends readonly PositionalSpec[], R> {
  /** Words after `labops` or `%`, e.g. "runs list" (the magic %runs, subcommand list) or "experiment". */
  name: string;
  summary: string;
  options?: Os;
  positionals?: Ps;
  surfaces: readonly Surface[];
  /** Does the work. Load heavy modules inside (require), so `labops --help` stays fast. */
  run(args: TypedArgs<Os, Ps>, context: CommandContext): Promise<R>;
  /** What a terminal shows; without it, nothing is printed. */
  text?(result: R, args: TypedArgs<Os, Ps>): string;
  /** What `--json` prints, and what a magic returns with --json; without it, the result itself. */
  json?(result: R): unknown;
  /** The CLI's exit code for a result that is not a failure (e.g. 4 when `labops drift` finds drift); default 0. */
  exitCode?(result: R): number;
  /** What a notebook shows (a widget); without it, the text. Load widgets inside. */
  view?(result: R, args: TypedArgs<Os, Ps>, context: CommandContext): unknown;
  /** A cell magic that runs its body as code: called after the body ran, with what `run` began. */
  end?(begun: R, error: unknown | null, context: CommandContext): Promise<unknown>;
}

/** A command with its types erased, as lists hold them. */
export type Command = CommandSpec<readonly OptionSpec[], readonly PositionalSpec[], unknown>;

/**
 * Declares a command. The option and positional specs are read as literal types, so `run`, `text` and `view`
 * get `args.options.max: number | undefined` and `args.positionals.RUN_ID: string` without casts.
 */
export function defineCommand<const Os extends readonly OptionSpec[] = [], const Ps extends readonly PositionalSpec[] = [], R = unknown>(
  spec: CommandSpec<Os, Ps, R>,
): Command {
  return spec as unknown as Command;
}

export const JSON_OPTION = { name: "json", type: "boolean", description: "Print JSON for scripts instead of a table." } as const;

/** Whether a command is offered on a surface. */
export const serves = (command: Command, surface: Surface): boolean => command.surfaces.includes(surface);
