// The object cells reach as globalThis.__labops__: what rewritten magics call (see magic-syntax.ts).

import { splitArgs } from "../src/cli/args";
import { textDisplay } from "../widgets";
import type { WrapCellMagic } from "./magics/magic";
import type { MagicRegistry } from "./magics/registry";

export const RUNTIME_KEY = "__labops__";

export class MagicRuntime {
  /** The wrap cell magic begun by the running cell, ended by the session after the cell. */
  private open: WrapCellMagic | null = null;

  constructor(readonly registry: MagicRegistry) {}

  install(): void {
    (globalThis as Record<string, unknown>)[RUNTIME_KEY] = this;
  }

  line(name: string, args: string): Promise<unknown> {
    return this.registry.line(name).run(splitArgs(args));
  }

  async cell(name: string, args: string, body: string): Promise<unknown> {
    const magic = this.registry.cell(name);
    if (magic.kind !== "text") throw new Error(`%%${name} runs its body as code; it cannot take it as text.`);
    return magic.run(splitArgs(args), body);
  }

  async cellBegin(name: string, args: string): Promise<void> {
    const magic = this.registry.cell(name);
    if (magic.kind !== "wrap") throw new Error(`%%${name} takes its body as text.`);
    await magic.begin(splitArgs(args));
    this.open = magic;
  }

  /** Ends the cell's wrap magic, if one began; returns what it wants displayed. */
  async cellEnd(error: unknown | null): Promise<unknown> {
    const magic = this.open;
    this.open = null;
    return magic ? magic.end(error) : undefined;
  }

  help(name: string): unknown {
    return textDisplay(this.registry.help(name));
  }

  /** How an interpolated value enters a magic's words: quoted when it holds spaces or quotes. */
  quote(value: unknown): string {
    const text = typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    return text !== "" && /^[^\s'"\\]+$/.test(text) ? text : `'${text.replaceAll("'", `'"'"'`)}'`;
  }
}
