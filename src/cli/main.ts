// The `labops` command line: finds the command, parses its arguments, prints its result. The executable that
// adds the notebook commands (run, export, kernel) is kernel-ext/labops-cli.ts.
// Exit codes: 0 done, 1 the command failed (nothing was changed), 2 it was called wrongly.

import { isLabopsError } from "../core/errors";
import { ModelRegistryClient } from "../registry/registry-client";
import { LabopsClient } from "../tracking/client";
import { parseArgs, usage, UsageError } from "./args";
import type { Command } from "./command";
import { COMMANDS } from "./commands";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t + "\n"),
  err: (t) => process.stderr.write(t + "\n"),
};

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "Usage: labops [--tracking-uri URI] COMMAND [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "The store is --tracking-uri, else LABOPS_TRACKING_URI, else ./labops-store.",
    "Run 'labops COMMAND --help' for a command's options.",
  ].join("\n");
}

function findCommand(commands: readonly Command[], words: string[]): { command: Command; rest: string[] } | null {
  for (const command of commands) {
    const parts = command.name.split(" ");
    if (parts.every((p, i) => words[i] === p)) return { command, rest: words.slice(parts.length) };
  }
  return null;
}

export async function runCli(argv: string[], io: CliIo = processIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const args = [...argv];
  let trackingUri: string | undefined;
  while (args[0]?.startsWith("--")) {
    const flag = args.shift()!;
    if (flag === "--help" || flag === "-h") {
      io.out(overview(commands));
      return 0;
    } else if (flag === "--version") {
      io.out(require("../../../package.json").version as string);
      return 0;
    } else if (flag === "--tracking-uri") {
      trackingUri = args.shift();
      if (!trackingUri) return usageFailure(io, "--tracking-uri needs a URI.");
    } else if (flag.startsWith("--tracking-uri=")) {
      trackingUri = flag.slice("--tracking-uri=".length);
    } else {
      return usageFailure(io, `unknown option ${flag}.`);
    }
  }
  if (args.length === 0 || args[0] === "help") {
    io.out(overview(commands));
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(commands, args);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(args[0] + " ")).map((c) => c.name);
    return usageFailure(
      io,
      group.length
        ? `unknown command '${args.slice(0, 2).join(" ")}'. Try: ${group.map((g) => `'labops ${g}'`).join(", ")}.`
        : `unknown command '${args[0]}'. Run 'labops --help' for the list.`,
    );
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(usage(`labops ${command.name}`, command.summary, command));
    return 0;
  }
  let client: LabopsClient | undefined;
  try {
    const parsed = parseArgs(command, rest, `labops ${command.name}`);
    const tracking = (client = new LabopsClient(trackingUri));
    let registry: ModelRegistryClient | undefined;
    const result = await command.run(parsed, { client: tracking, registry: () => (registry ??= new ModelRegistryClient({ tracking })) });
    io.out(parsed.options.json ? JSON.stringify(result.data, null, 2) : result.text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(io, e.message, command.name);
    if (isLabopsError(e)) {
      io.err(`labops: ${e.message}`);
      return 1;
    }
    io.err(`labops: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  } finally {
    await client?.close();
  }
}

function usageFailure(io: CliIo, message: string, command?: string): number {
  const m = message.replace(/^labops [\w ]+?: /, "");
  io.err(`labops${command ? " " + command : ""}: ${m} (see 'labops ${command ? command + " " : ""}--help')`);
  return 2;
}

/** Runs the CLI as a program: its exit code becomes the process's. */
export function main(commands: readonly Command[] = COMMANDS): void {
  runCli(process.argv.slice(2), processIo, commands).then((code) => {
    process.exitCode = code;
  });
}
