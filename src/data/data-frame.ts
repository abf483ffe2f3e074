// ColumnTable <-> danfojs-node DataFrame. danfojs-node (with tfjs under it) is required on first use only.

import type { DataFrame } from "danfojs-node";
import { cellValue, tableFromArrays, type ColumnTable, type ColumnType } from "./column-table";

let danfo: typeof import("danfojs-node") | null = null;
function danfojs(): typeof import("danfojs-node") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (danfo ??= require("danfojs-node") as typeof import("danfojs-node"));
}

/** A DataFrame of the table: numbers and booleans as numbers (NaN missing), strings with null, dates as Date. */
export function toDataFrame(table: ColumnTable): DataFrame {
  const data: Record<string, unknown[]> = {};
  for (const name of table.names) {
    const c = table.columns[name]!;
    if (c.type === "number") data[name] = Array.from(c.values);
    else {
      const arr = new Array<unknown>(table.rowCount);
      for (let i = 0; i < table.rowCount; i++) arr[i] = cellValue(c, i);
      data[name] = arr;
    }
  }
  const { DataFrame } = danfojs();
  return new DataFrame(data, { columns: table.names, config: { lowMemoryMode: false } }) as DataFrame;
}

/** Typed columns from a DataFrame; `types` overrides what is inferred from the values. */
export function fromDataFrame(df: DataFrame, types?: Record<string, ColumnType>): ColumnTable {
  const raw: Record<string, unknown[]> = {};
  for (const name of df.columns) raw[name] = df.column(name).values as unknown[];
  return tableFromArrays(raw, types, "DataFrame");
}
