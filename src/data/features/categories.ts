// Training categories of a string column (sorted, missing last) and the lookup that maps another table's codes onto them.

import type { ColumnTable, StringColumn } from "../column-table";
import { inputColumn } from "./step";

/** A category level: a string, or null for "missing" (a category of its own, as in scikit-learn). */
export type Level = string | null;

export interface LevelCounts {
  /** Sorted strings, then null when missing values occur. */
  levels: Level[];
  counts: number[];
  /** Per row: index into levels. */
  index: Int32Array;
}

export function stringInput(table: ColumnTable, name: string, step: string): StringColumn {
  return inputColumn(table, name, ["string"], step) as StringColumn;
}

/** Sorted levels of a column and their counts: np.unique's order, with missing last like NaN. */
export function countLevels(column: StringColumn): LevelCounts {
  const perCode = new Float64Array(column.categories.length + 1); // last slot: missing
  const miss = column.categories.length;
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    perCode[c < 0 ? miss : c]!++;
  }
  const present = column.categories.map((s, code) => ({ s, code })).filter((x) => perCode[x.code]! > 0);
  present.sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  const levels: Level[] = present.map((x) => x.s);
  const counts = present.map((x) => perCode[x.code]!);
  const remap = new Int32Array(column.categories.length + 1).fill(-1);
  present.forEach((x, i) => (remap[x.code] = i));
  if (perCode[miss]! > 0) remap[miss] = levels.length, levels.push(null), counts.push(perCode[miss]!);
  const index = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    index[i] = remap[c < 0 ? miss : c]!;
  }
  return { levels, counts, index };
}

/**
 * Maps each row of `column` to an index into `levels`, or -1 when its value was never seen in training.
 * One Map lookup per distinct category, then one array read per row.
 */
export function levelIndex(column: StringColumn, levels: Level[]): Int32Array {
  const position = new Map<string, number>();
  let missingAt = -1;
  levels.forEach((l, i) => (l === null ? (missingAt = i) : position.set(l, i)));
  const byCode = Int32Array.from(column.categories, (s) => position.get(s) ?? -1);
  const out = new Int32Array(column.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = column.codes[i]!;
    out[i] = c < 0 ? missingAt : byCode[c]!;
  }
  return out;
}

/** The distinct unseen values among rows mapped to -1 (for error messages). */
export function unseenValues(column: StringColumn, index: Int32Array, max = 5): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < index.length && seen.size < max; i++) if (index[i] === -1) seen.add(column.codes[i]! < 0 ? "(missing)" : column.categories[column.codes[i]!]!);
  return [...seen];
}

export const levelName = (column: string, level: Level) => `${column}_${level === null ? "nan" : level}`;
