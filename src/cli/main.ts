// The `labops` command line: finds the command, parses its arguments, prints its result. The commands are
// listed in kernel-ext/commands/index.ts; the executable is kernel-ext/labops-cli.ts.
// Exit codes: 0 done, 1 the command failed (nothing was changed), 2 it was called wrongly; a command may name
// others for a result (3: a failed validation gate in `labops validate` or `labops evaluate`; 4: `labops drift` found
// dataset drift). Whatever is thrown,
// the user gets one line, never a stack (LABOPS_DEBUG=1 adds the stack of an internal error).
//
// Only the argument parser and the error type load at start: a command's dependencies (the store, the
// registry, notebooks, widgets) load when it runs, so `labops --help` and `labops runs list` start fast.

import { isLabopsError } from "../core/errors";
import { fileError, isSystemError } from "../core/file-error";
import type { ModelRegistryClient } from "../registry/registry-client";
import type { LabopsClient } from "../tracking/client";
import { parseTypedArgs, usage, UsageError } from "./args";
import { serves, type Command, type CommandContext } from "./command";
import { toJsonText } from "./json-output";

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

/** The CLI's context: the store named by --tracking-uri (or the environment), opened when first asked for. */
function cliContext(trackingUri: string | undefined, io: CliIo): CommandContext & { close(): Promise<void> } {
  let client: LabopsClient | undefined;
  let registry: ModelRegistryClient | undefined;
  const tracking = (): LabopsClient => {
    const { LabopsClient }: typeof import("../tracking/client") = require("../tracking/client");
    return (client ??= new LabopsClient(trackingUri));
  };
  return {
    surface: "cli",
    get client() {
      return tracking();
    },
    registry() {
      const { ModelRegistryClient }: typeof import("../registry/registry-client") = require("../registry/registry-client");
      return (registry ??= new ModelRegistryClient({ tracking: tracking() }));
    },
    warn: (text) => io.err(`labops: warning: ${text}`),
    close: async () => {
      await client?.close();
    },
  };
}

export async function runCli(argv: string[], io: CliIo, allCommands: readonly Command[]): Promise<number> {
  const commands = allCommands.filter((c) => serves(c, "cli"));
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
  const context = cliContext(trackingUri, io);
  try {
    const parsed = parseTypedArgs(command, rest, `labops ${command.name}`);
    const result = await command.run(parsed, context);
    if (parsed.options.json) io.out(toJsonText(command.json ? command.json(result) : result));
    else if (command.text) io.out(command.text(result, parsed));
    await context.close();
    return command.exitCode?.(result) ?? 0;
  } catch (e) {
    await context.close().catch(() => {});
    if (e instanceof UsageError) return usageFailure(io, e.message, command.name);
    io.err(failureLine(e));
    return 1;
  }
}

/** One line for anything thrown: a LabopsError's message, a system error naming its file, else an internal error. */
export function failureLine(e: unknown): string {
  if (isLabopsError(e)) return `labops: ${e.message}`;
  if (isSystemError(e)) {
    const writing = ["ENOSPC", "EDQUOT", "EROFS"].includes(e.code!); // these only come from writes
    return `labops: ${fileError(e, e.path ?? "a file", writing ? "write" : "use").message}`;
  }
  const message = e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
  if (process.env.LABOPS_DEBUG === "1") return `labops: internal error: ${e instanceof Error ? (e.stack ?? message) : message}`;
  return `labops: internal error: ${message} (a bug in labops: run again with LABOPS_DEBUG=1 to see where, and report it)`;
}

function usageFailure(io: CliIo, message: string, command?: string): number {
  const m = message.replace(/^labops [\w ]+?: /, "");
  io.err(`labops${command ? " " + command : ""}: ${m} (see 'labops ${command ? command + " " : ""}--help')`);
  return 2;
}

/** Runs the CLI as a program: its exit code becomes the process's; nothing thrown reaches the user as a stack. */
export function main(commands: readonly Command[]): void {
  const last = (e: unknown) => {
    process.stderr.write(failureLine(e) + "\n");
    process.exit(1);
  };
  process.on("uncaughtException", last);
  process.on("unhandledRejection", last);
  runCli(process.argv.slice(2), processIo, commands).then((code) => {
    process.exitCode = code;
  }, last);
}
