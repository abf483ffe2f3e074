// A labops command: its arguments, and what it does. The CLI prints its result; a magic displays it.

import type { ModelRegistryClient } from "../registry/registry-client";
import type { LabopsClient } from "../tracking/client";
import type { ArgsSpec, ParsedArgs } from "./args";

export interface CommandContext {
  client: LabopsClient;
  /** The model registry, opened on first use. */
  registry(): ModelRegistryClient;
}

export interface CommandResult {
  /** What `--json` prints, and what rich displays are built from. */
  data: unknown;
  /** What a terminal shows. */
  text: string;
}

export interface Command extends ArgsSpec {
  /** Words after `labops`, e.g. "runs list". */
  name: string;
  summary: string;
  run(args: ParsedArgs, context: CommandContext): Promise<CommandResult>;
}

export const JSON_OPTION = { name: "json", type: "boolean", description: "Print JSON for scripts instead of a table." } as const;
