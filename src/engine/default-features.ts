// The feature pipeline a training job uses when none is given: one step per column type, inferred from the table.

import { invalidParameter } from "../core/errors";
import type { ColumnTable } from "../data/column-table";
import type { PipelineSpec, StepSpec } from "../data/features/feature-spec";

/** One-hot keeps this many columns per string feature (the rest share `<col>_infrequent`), so ids cannot explode the width. */
export const DEFAULT_MAX_CATEGORIES = 20;

/**
 * numbers and booleans: median-imputed and standardised (networks train badly on raw scales); strings: one-hot
 * with an infrequent bucket; dates: day of year and weekday as sin/cos pairs (a raw year or epoch would dwarf the
 * other inputs).
 */
export function defaultFeatureSpec(table: ColumnTable, columns: string[]): PipelineSpec {
  if (columns.length === 0) throw invalidParameter(`There are no feature columns: the data has only the target; add columns or pass featureColumns.`);
  const byType = { number: [] as string[], string: [] as string[], date: [] as string[] };
  for (const name of columns) {
    const c = table.columns[name];
    if (!c) throw invalidParameter(`No feature column '${name}'; the data has: ${table.names.join(", ")}.`);
    byType[c.type === "boolean" ? "number" : c.type].push(name);
  }
  const steps: StepSpec[] = [];
  if (byType.number.length) steps.push({ type: "numeric", columns: byType.number, impute: "median", scale: "standard" });
  if (byType.string.length) steps.push({ type: "oneHot", columns: byType.string, maxCategories: DEFAULT_MAX_CATEGORIES });
  if (byType.date.length) steps.push({ type: "datetime", columns: byType.date, cyclical: ["dayOfYear", "dayOfWeek"] });
  return { steps };
}
