// A dataset's profile: per column its type, missing share, distinct count, range or top values, and a small
// histogram. Pure data; widgets/data draws it.

import type { ColumnTable, ColumnType } from "./column-table";
import { moments } from "./stats";

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  missing: number;
  missingShare: number;
  /** Distinct non-missing values (strings and booleans; numbers and dates up to 100,000 rows scanned exactly). */
  distinct: number;
  /** Numbers and dates (dates as epoch ms). */
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  /** Counts in `bins` equal-width bins between min and max (numbers, dates), or of the top values (strings, booleans). */
  histogram: number[];
  /** Labels of the histogram's bars for strings and booleans (most frequent first). */
  top?: string[];
}

export interface TableProfile {
  rowCount: number;
  columns: ColumnProfile[];
}

export function profileTable(table: ColumnTable, options: { bins?: number; top?: number } = {}): TableProfile {
  const bins = options.bins ?? 12;
  const topN = options.top ?? 5;
  const n = table.rowCount;
  const columns = table.names.map((name): ColumnProfile => {
    const c = table.columns[name]!;
    if (c.type === "string") {
      const counts = new Float64Array(c.categories.length);
      let missing = 0;
      for (const code of c.codes) code < 0 ? missing++ : counts[code]!++;
      const order = [...counts.keys()].filter((k) => counts[k]! > 0).sort((a, b) => counts[b]! - counts[a]!);
      return { name, type: c.type, missing, missingShare: n ? missing / n : 0, distinct: order.length, histogram: order.slice(0, topN).map((k) => counts[k]!), top: order.slice(0, topN).map((k) => c.categories[k]!) };
    }
    const m = moments(c.values);
    const missing = n - m.count;
    if (c.type === "boolean") {
      let t = 0;
      for (const v of c.values) if (v === 1) t++;
      return { name, type: c.type, missing, missingShare: n ? missing / n : 0, distinct: (t > 0 ? 1 : 0) + (m.count - t > 0 ? 1 : 0), histogram: [t, m.count - t], top: ["true", "false"] };
    }
    const histogram = new Array<number>(m.count ? bins : 0).fill(0);
    const width = (m.max - m.min) / bins;
    const seen = new Set<number>();
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i]!;
      if (Number.isNaN(v)) continue;
      if (i < 100_000) seen.add(v);
      histogram[width > 0 ? Math.min(bins - 1, Math.floor((v - m.min) / width)) : 0]!++;
    }
    return { name, type: c.type, missing, missingShare: n ? missing / n : 0, distinct: seen.size, min: m.min, max: m.max, mean: m.mean, std: Math.sqrt(m.variance), histogram };
  });
  return { rowCount: n, columns };
}
