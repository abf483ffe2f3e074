// A parsed search clause and when it holds for a value, as MLflow's file store decides it.

import { matchesLike } from "./like-pattern";

/** What an identifier names: `metrics.<k>`, `params.<k>`, `tags.<k>` or an attribute of the entity. */
export type EntityKind = "metric" | "param" | "tag" | "attribute";

export type Comparator = ">" | ">=" | "=" | "!=" | "<" | "<=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

/** A value a search reads from a run or an experiment. */
export type SearchValue = string | number;

/** How an attribute compares: as a number, as a string, or as a string that also takes `IN (...)` lists. */
export type AttributeType = "number" | "string" | "list";

/** One searchable attribute of an entity (`run_id`, `start_time`, `name`, ...). */
export interface AttributeField<T> {
  type: AttributeType;
  /** Undefined where the entity has no value (a run that has not ended has no `end_time`). */
  get(entity: T): SearchValue | undefined;
}

export interface FilterClause {
  kind: EntityKind;
  /** The metric, param or tag key; for attributes the canonical name (`created` becomes `start_time`). */
  key: string;
  comparator: Comparator;
  /** A number for numeric comparisons, a string for string ones, a list for IN / NOT IN. */
  value: number | string | string[];
  /** 1-based column of the clause in the filter. */
  column: number;
}

/**
 * Whether `lhs` satisfies the clause. A missing value satisfies nothing, `!=` included. NaN satisfies `!=`
 * and no other comparison (IEEE, as in MLflow's file store; its SQL store stores NaN as 0 and so also finds
 * it with `= 0`, `< 1`...).
 */
export function clauseHolds(lhs: SearchValue | undefined, clause: FilterClause): boolean {
  const { comparator, value } = clause;
  if (lhs === undefined) return false;
  if (typeof value === "number") {
    if (typeof lhs !== "number") return false;
    switch (comparator) {
      case ">": return lhs > value;
      case ">=": return lhs >= value;
      case "=": return lhs === value;
      case "!=": return lhs !== value;
      case "<": return lhs < value;
      case "<=": return lhs <= value;
      default: return false;
    }
  }
  if (typeof lhs !== "string") return false;
  if (Array.isArray(value)) return value.includes(lhs) === (comparator === "IN");
  switch (comparator) {
    case "=": return lhs === value;
    case "!=": return lhs !== value;
    case "LIKE": return matchesLike(lhs, value, false);
    case "ILIKE": return matchesLike(lhs, value, true);
    default: return false;
  }
}

/** `record[key]` for own keys only, so `constructor` or `__proto__` never reads the prototype. */
export function ownEntry<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
