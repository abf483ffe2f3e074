// One argument parser for the CLI and the notebook magics: positionals, `--flag value`, `--flag=value`,
// boolean switches, repeatable options, and quoted strings when a magic hands over one line of text.

import { LabopsError } from "../core/errors";

export type OptionType = "string" | "number" | "boolean" | "string[]";

export interface OptionSpec {
  name: string;
  /** One-letter alias, used as `-x value`. */
  short?: string;
  type: OptionType;
  description: string;
  /** Placeholder in help, e.g. NAME. */
  value?: string;
  required?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  /** Takes every remaining positional (at least one). */
  variadic?: boolean;
}

export interface ArgsSpec {
  positionals?: readonly PositionalSpec[];
  options?: readonly OptionSpec[];
}

export type ParsedArgs = {
  positionals: Record<string, string | string[]>;
  options: Record<string, string | number | boolean | string[] | undefined>;
};

/** The value an option of this type parses to. */
type OptionValue<T extends OptionType> = T extends "string" ? string : T extends "number" ? number : T extends "boolean" ? boolean : string[];

/** Parsed options typed from their spec: `{ name: "max", type: "number" }` gives `max: number | undefined`. */
export type TypedOptions<Os extends readonly OptionSpec[]> = {
  [O in Os[number] as O["name"]]: O extends { required: true } ? OptionValue<O["type"]> : OptionValue<O["type"]> | undefined;
};

/** Parsed positionals typed from their spec: a variadic one is a string[], the others strings. */
export type TypedPositionals<Ps extends readonly PositionalSpec[]> = {
  [P in Ps[number] as P["name"]]: P extends { variadic: true } ? string[] : string;
};

export interface TypedArgs<Os extends readonly OptionSpec[], Ps extends readonly PositionalSpec[]> {
  positionals: TypedPositionals<Ps>;
  options: TypedOptions<Os>;
}

/** A mistake in how a command was called: the CLI exits with 2, a magic raises UsageError. */
export class UsageError extends LabopsError {
  override readonly name = "UsageError";
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

/** Splits one line into arguments the way a POSIX shell would for quotes and backslashes. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < line.length && /["\\$`]/.test(line[i + 1]!)) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(cur);
      cur = "";
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quote) throw new UsageError(`Unterminated ${quote} quote in: ${line}`);
  if (inToken) out.push(cur);
  return out;
}

export function parseArgs(spec: ArgsSpec, argv: readonly string[], command: string): ParsedArgs {
  const optionSpecs = new Map((spec.options ?? []).map((o) => [o.name, o]));
  const options: ParsedArgs["options"] = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    const short = /^-([A-Za-z])$/.exec(arg);
    if (!arg.startsWith("--") && !short) {
      rest.push(arg);
      continue;
    }
    const eq = short ? -1 : arg.indexOf("=");
    const name = short ? ([...optionSpecs.values()].find((o) => o.short === short[1])?.name ?? short[1]!) : arg.slice(2, eq < 0 ? undefined : eq);
    const opt = optionSpecs.get(name);
    if (!opt) throw new UsageError(`${command}: unknown option --${name}.${suggest(name, [...optionSpecs.keys()])}`);
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (opt.type === "boolean") {
      if (raw !== undefined && !/^(true|false)$/.test(raw)) throw new UsageError(`${command}: --${name} is a switch; give it no value.`);
      options[name] = raw !== "false";
      continue;
    }
    if (raw === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${command}: --${name} needs a value (${opt.value ?? "VALUE"}).`);
      raw = argv[++i]!;
    }
    if (opt.type === "number") {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${command}: --${name} takes a number, got '${raw}'.`);
      options[name] = n;
    } else if (opt.type === "string[]") {
      options[name] = [...((options[name] as string[] | undefined) ?? []), raw];
    } else {
      options[name] = raw;
    }
  }
  for (const opt of optionSpecs.values()) {
    if (opt.required && options[opt.name] === undefined) throw new UsageError(`${command}: --${opt.name} ${opt.value ?? "VALUE"} is required.`);
  }
  const positionals: ParsedArgs["positionals"] = {};
  const specs = spec.positionals ?? [];
  for (const [index, p] of specs.entries()) {
    if (p.variadic) {
      if (index >= rest.length) throw new UsageError(`${command}: missing ${p.name}.`);
      positionals[p.name] = rest.splice(index);
      break;
    }
    if (index >= rest.length) throw new UsageError(`${command}: missing ${p.name} (${p.description}).`);
    positionals[p.name] = rest[index]!;
  }
  const extra = rest.slice(specs.filter((p) => !p.variadic).length);
  if (!specs.some((p) => p.variadic) && extra.length > 0) throw new UsageError(`${command}: unexpected argument '${extra[0]}'.`);
  return { positionals, options };
}

/** Parses words against a spec and types the result from it (the spec's literal types drive the result's). */
export function parseTypedArgs<Os extends readonly OptionSpec[], Ps extends readonly PositionalSpec[]>(
  spec: { options?: Os; positionals?: Ps },
  argv: readonly string[],
  command: string,
): TypedArgs<Os, Ps> {
  const parsed = parseArgs(spec, argv, command);
  // parseArgs checked every value against the spec these types are read from.
  return parsed as unknown as TypedArgs<Os, Ps>;
}

/** `key=value` words to a record of the values as written (params, tags). */
export function parseAssignments(words: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) throw new UsageError(`${what}: expected key=value, got '${word}'.`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** Usage text for a command from its spec. */
export function usage(command: string, summary: string, spec: ArgsSpec): string {
  const pos = (spec.positionals ?? []).map((p) => (p.variadic ? `${p.name}...` : p.name)).join(" ");
  const lines = [`Usage: ${command}${pos ? " " + pos : ""}${spec.options?.length ? " [options]" : ""}`, "", summary];
  if (spec.positionals?.length) {
    lines.push("", "Arguments:");
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(24)}${p.description}`);
  }
  if (spec.options?.length) {
    lines.push("", "Options:");
    for (const o of spec.options) {
      const long = o.type === "boolean" ? `--${o.name}` : `--${o.name} ${o.value ?? "VALUE"}`;
      const flag = o.short ? `-${o.short}, ${long}` : long;
      lines.push(`  ${flag.padEnd(24)}${o.description}${o.type === "string[]" ? " (repeatable)" : ""}`);
    }
  }
  return lines.join("\n");
}

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => k.startsWith(name.slice(0, 3)) || name.startsWith(k.slice(0, 3)));
  return close ? ` Did you mean --${close}?` : known.length ? ` Options: ${known.map((k) => "--" + k).join(", ")}.` : "";
}

// Decimal numbers as people write them; "007", "0x1f", "1_000" or " " stay strings.
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A word as a value: numbers, booleans and JSON when it reads as such, else the string itself. */
export function typedValue(text: string): unknown {
  if (text === "true" || text === "false") return text === "true";
  if (NUMBER_TEXT.test(text)) return Number(text);
  if (/^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
