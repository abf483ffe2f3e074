// What a magic is: a name, help, and what it does with its parsed words (and, for cell magics, the cell).

import type { CellMagicKind } from "../magic-syntax";

export interface LineMagic {
  name: string;
  summary: string;
  /** Full help, shown by `%name?`. */
  help: string;
  /** For a magic like %runs: the subcommands it takes first (offered by tab completion). */
  subcommands?: readonly string[];
  run(argv: string[]): Promise<unknown>;
}

/** A cell magic whose body runs as notebook code between `begin` and `end` (like `%%track`). */
export interface WrapCellMagic {
  kind: Extract<CellMagicKind, "wrap">;
  name: string;
  summary: string;
  help: string;
  begin(argv: string[]): Promise<void>;
  /** Called after the body ran; `error` is what failed it, if anything. May return something to display. */
  end(error: unknown | null): Promise<unknown>;
}

/** A cell magic that takes its body as text. */
export interface TextCellMagic {
  kind: Extract<CellMagicKind, "text">;
  name: string;
  summary: string;
  help: string;
  run(argv: string[], body: string): Promise<unknown>;
}

export type CellMagic = WrapCellMagic | TextCellMagic;
