// The magics a session knows, looked up by name; `%lsmagic` and `%name?` read them from here.

import { UsageError } from "../../src/cli/args";
import type { CellMagicKind } from "../magic-syntax";
import type { CellMagic, LineMagic } from "./magic";

export class MagicRegistry {
  private readonly lines = new Map<string, LineMagic>();
  private readonly cells = new Map<string, CellMagic>();

  addLine(magic: LineMagic): this {
    this.lines.set(magic.name, magic);
    return this;
  }

  addCell(magic: CellMagic): this {
    this.cells.set(magic.name, magic);
    return this;
  }

  line(name: string): LineMagic {
    const magic = this.lines.get(name);
    if (!magic) {
      const hint = this.cells.has(name) ? ` It is a cell magic: put %%${name} on the cell's first line.` : " Run %lsmagic for the list.";
      throw new UsageError(`Line magic function \`%${name}\` not found.${hint}`);
    }
    return magic;
  }

  cell(name: string): CellMagic {
    const magic = this.cells.get(name);
    if (!magic) {
      const hint = this.lines.has(name) ? ` It is a line magic: write %${name} ...` : " Run %lsmagic for the list.";
      throw new UsageError(`Cell magic \`%%${name}\` not found.${hint}`);
    }
    return magic;
  }

  cellKind(name: string): CellMagicKind | undefined {
    return this.cells.get(name)?.kind;
  }

  help(name: string): string {
    const magic = this.lines.get(name) ?? this.cells.get(name);
    if (!magic) throw new UsageError(`No magic named '${name}'. Run %lsmagic for the list.`);
    return magic.help;
  }

  list(): { line: LineMagic[]; cell: CellMagic[] } {
    const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
    return { line: [...this.lines.values()].sort(byName), cell: [...this.cells.values()].sort(byName) };
  }
}
