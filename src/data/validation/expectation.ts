// Expectations, Great-Expectations style, as plain JSON: each names a column (or the table) and what must hold.

import type { ColumnType } from "../column-table";

/** Share of the non-null values that must pass, 0..1 (default 1); GE's `mostly`. */
type Mostly = { mostly?: number };

export type Expectation =
  | { type: "expectColumnToExist"; column: string }
  | { type: "expectColumnValuesToBeOfType"; column: string; valueType: ColumnType }
  | ({ type: "expectColumnValuesToNotBeNull"; column: string } & Mostly)
  /** Inclusive bounds; numbers, or ISO dates for date columns. */
  | ({ type: "expectColumnValuesToBeBetween"; column: string; min?: number | string; max?: number | string } & Mostly)
  | ({ type: "expectColumnValuesToBeInSet"; column: string; valueSet: (string | number | boolean)[] } & Mostly)
  | { type: "expectColumnValuesToBeUnique"; column: string }
  | ({ type: "expectColumnValuesToMatchRegex"; column: string; regex: string } & Mostly)
  | { type: "expectTableRowCountToBeBetween"; min?: number; max?: number }
  | { type: "expectTableColumnsToMatchSet"; columns: string[]; exactMatch?: boolean };

export type ExpectationType = Expectation["type"];

export interface ExpectationSuite {
  name: string;
  expectations: Expectation[];
}

/** One failing value: its row (0-based) and the value. */
export interface FailingExample {
  row: number;
  value: string | number | boolean | null;
}

export interface ExpectationResult {
  expectation: Expectation;
  success: boolean;
  /** What was measured: a share, a count, {min, max}, a type, a list of columns. */
  observed: unknown;
  /** Values looked at (non-null ones for value expectations). */
  elementCount?: number;
  unexpectedCount?: number;
  /** unexpectedCount / elementCount, 0..1. */
  unexpectedShare?: number;
  examples?: FailingExample[];
  /** Why the expectation could not be evaluated (a missing column, a type it does not apply to). */
  error?: string;
}

export interface ValidationReport {
  suite: string;
  success: boolean;
  rowCount: number;
  statistics: { evaluated: number; successful: number; unsuccessful: number; successShare: number };
  results: ExpectationResult[];
}
