// Categorical features without a target: one-hot (with a category cap and an infrequent bucket), ordinal, frequency.

import { invalidParameter } from "../../core/errors";
import type { ColumnTable } from "../column-table";
import type { FrequencyStepSpec, OneHotStepSpec, OrdinalStepSpec } from "./feature-spec";
import { countLevels, levelIndex, levelName, stringInput, unseenValues, type Level } from "./categories";
import type { FittedStep } from "./step";

interface OneHotState {
  column: string;
  levels: Level[];
  /** Output column (relative to this column's block) per level. */
  output: number[];
  /** Index of the infrequent column in the block, or -1. */
  infrequent: number;
  names: string[];
}

export function fitOneHot(spec: OneHotStepSpec, table: ColumnTable): FittedStep {
  const max = spec.maxCategories;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw invalidParameter(`oneHot step: maxCategories must be an integer >= 1; got ${String(max)}.`);
  const handle = spec.handleUnknown ?? "infrequent";
  if (!["infrequent", "ignore", "error"].includes(handle)) throw invalidParameter(`oneHot step: handleUnknown '${handle}' is not infrequent, ignore or error.`);
  const states = spec.columns.map((column): OneHotState => {
    const { levels, counts } = countLevels(stringInput(table, column, "oneHot"));
    if (levels.length === 0) throw invalidParameter(`oneHot step: column '${column}' has no rows to learn categories from.`);
    const infrequentMask = new Array<boolean>(levels.length).fill(false);
    // scikit-learn's _identify_infrequent: the cap counts the infrequent column, so it applies from max <= levels;
    // a stable ascending sort by count, and all but the max-1 largest are infrequent.
    if (max !== undefined && max < levels.length + 1) {
      const order = levels.map((_, i) => i).sort((a, b) => counts[a]! - counts[b]! || a - b);
      for (const i of order.slice(0, levels.length - (max - 1))) infrequentMask[i] = true;
    }
    const output: number[] = [];
    const names: string[] = [];
    levels.forEach((l, i) => {
      if (!infrequentMask[i]) output[i] = names.length, names.push(levelName(column, l));
    });
    const infrequent = infrequentMask.some(Boolean) ? names.length : -1;
    if (infrequent >= 0) {
      names.push(`${column}_infrequent`);
      levels.forEach((_, i) => infrequentMask[i] && (output[i] = infrequent));
    }
    return { column, levels, output, infrequent, names };
  });
  return oneHotStep(spec, states);
}

export function oneHotStep(spec: OneHotStepSpec, states: OneHotState[]): FittedStep {
  const handle = spec.handleUnknown ?? "infrequent";
  return {
    spec,
    names: states.flatMap((s) => s.names),
    state: () => states,
    write(table, out, stride, offset) {
      let base = offset;
      for (const s of states) {
        const column = stringInput(table, s.column, "oneHot");
        const index = levelIndex(column, s.levels);
        const unknownTo = handle === "infrequent" ? s.infrequent : -1;
        const output = Int32Array.from(s.output);
        for (let i = 0, row = base; i < index.length; i++, row += stride) {
          const l = index[i]!;
          const o = l >= 0 ? output[l]! : unknownTo;
          // Every cell of the block is written, so the matrix needs no zeroing first.
          for (let j = 0; j < s.names.length; j++) out[row + j] = 0;
          if (o >= 0) out[row + o] = 1;
          else if (l < 0 && handle === "error") throw invalidParameter(`oneHot step: column '${s.column}' has categories never seen in training: ${unseenValues(column, index).join(", ")}; use handleUnknown "infrequent" or "ignore".`);
        }
        base += s.names.length;
      }
    },
  };
}

interface OrdinalState {
  column: string;
  levels: Level[];
}

export function fitOrdinal(spec: OrdinalStepSpec, table: ColumnTable): FittedStep {
  return ordinalStep(spec, spec.columns.map((column) => ({ column, levels: countLevels(stringInput(table, column, "ordinal")).levels.filter((l) => l !== null) })));
}

export function ordinalStep(spec: OrdinalStepSpec, states: OrdinalState[]): FittedStep {
  const unknown = spec.unknownValue ?? -1;
  return {
    spec,
    names: states.map((s) => s.column),
    state: () => states,
    write(table, out, stride, offset) {
      states.forEach((s, j) => {
        const column = stringInput(table, s.column, "ordinal");
        const index = levelIndex(column, s.levels);
        // Missing is NaN (OrdinalEncoder's encoded_missing_value); unseen is unknownValue.
        for (let i = 0, k = offset + j; i < index.length; i++, k += stride) out[k] = column.codes[i]! < 0 ? NaN : index[i]! >= 0 ? index[i]! : unknown;
      });
    },
  };
}

interface FrequencyState {
  column: string;
  levels: Level[];
  shares: number[];
}

export function fitFrequency(spec: FrequencyStepSpec, table: ColumnTable): FittedStep {
  return frequencyStep(
    spec,
    spec.columns.map((column) => {
      const { levels, counts } = countLevels(stringInput(table, column, "frequency"));
      return { column, levels, shares: counts.map((c) => c / table.rowCount) };
    }),
  );
}

export function frequencyStep(spec: FrequencyStepSpec, states: FrequencyState[]): FittedStep {
  return {
    spec,
    names: states.map((s) => `${s.column}_frequency`),
    state: () => states,
    write(table, out, stride, offset) {
      states.forEach((s, j) => {
        const index = levelIndex(stringInput(table, s.column, "frequency"), s.levels);
        for (let i = 0, k = offset + j; i < index.length; i++, k += stride) out[k] = index[i]! >= 0 ? s.shares[index[i]!]! : 0;
      });
    },
  };
}

export type { FrequencyState, OneHotState, OrdinalState };
