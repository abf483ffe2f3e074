// Parses order_by clauses ("metrics.rmse DESC") over a SearchSchema, and the value comparisons MLflow orders by.

import type { EntityKind, SearchValue } from "./filter-clause";
import { resolveIdentifier, type SearchSchema } from "./filter-parser";
import { describe, failAt, tokenize } from "./filter-tokenizer";
import { compareCodePoints } from "./string-order";

export interface OrderClause {
  kind: EntityKind;
  /** As in FilterClause: the key, or an attribute's canonical name. */
  key: string;
  ascending: boolean;
}

/** The clauses of `orderBy` (one clause per string), each naming something `schema` knows. */
export function parseOrderBy(orderBy: readonly string[] | undefined, schema: SearchSchema): OrderClause[] {
  const clauses: OrderClause[] = [];
  for (const text of orderBy ?? []) {
    const fail = failAt("order_by clause", text);
    const tokens = tokenize(text, "order_by clause");
    const { kind, key } = resolveIdentifier(tokens[0], schema, fail);
    let next = tokens[1];
    let ascending = true;
    if (next.type === "identifier" && /^(asc|desc)$/i.test(next.text)) {
      ascending = next.text.toLowerCase() === "asc";
      next = tokens[2];
    }
    if (next.type !== "end") fail(next.column, `expected ASC, DESC or the end of the clause, found ${describe(next)}`);
    // MLflow's SQL store refuses the same key twice; the second would never decide anything.
    if (clauses.some((c) => c.kind === kind && c.key === key)) fail(tokens[0].column, `'${tokens[0].text}' appears twice in order_by`);
    clauses.push({ kind, key, ascending });
  }
  return clauses;
}

/** Missing values last and NaN just before them in both directions; the direction orders the rest. */
export function compareSortValues(
  x: SearchValue | undefined,
  y: SearchValue | undefined,
  ascending: boolean,
  compare: (x: SearchValue, y: SearchValue) => number = compareScalars,
): number {
  const rank = (v: SearchValue | undefined) => (v === undefined ? 2 : Number.isNaN(v) ? 1 : 0);
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry || x === undefined || y === undefined) return rx - ry;
  if (rx === 1) return 0;
  return ascending ? compare(x, y) : compare(y, x);
}

/** Numbers numerically, strings by code point (Python's order, as MLflow's file store sorts; not the locale's). */
export function compareScalars(x: SearchValue, y: SearchValue): number {
  if (typeof x === "number" && typeof y === "number") return x < y ? -1 : x > y ? 1 : 0;
  return compareCodePoints(String(x), String(y));
}

/** Integer ids numerically (ids are integers in MLflow's SQL store), before any non-numeric id. */
export function compareIds(x: SearchValue, y: SearchValue): number {
  const sx = String(x);
  const sy = String(y);
  const nx = /^\d+$/.test(sx);
  const ny = /^\d+$/.test(sy);
  if (nx && ny) {
    const bx = BigInt(sx);
    const by = BigInt(sy);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  if (nx !== ny) return nx ? -1 : 1;
  return compareScalars(sx, sy);
}
