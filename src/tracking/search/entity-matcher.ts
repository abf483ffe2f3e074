// Does an entity satisfy every clause of a filter? SQL semantics: a missing value matches no comparison.

import type { Experiment, Run } from "../../entities";
import type { FilterClause } from "./filter-clause";
import { likeToRegExp } from "./like-pattern";
import { EXPERIMENT_FIELDS, RUN_FIELDS, type SearchFields } from "./search-fields";

export function runMatchesFilter(run: Run, clauses: readonly FilterClause[]): boolean {
  return matches(run, clauses, RUN_FIELDS);
}

export function experimentMatchesFilter(experiment: Experiment, clauses: readonly FilterClause[]): boolean {
  return matches(experiment, clauses, EXPERIMENT_FIELDS);
}

function matches<T>(entity: T, clauses: readonly FilterClause[], fields: SearchFields<T>): boolean {
  for (const c of clauses) {
    const actual = fields.read(entity, c.kind, c.key);
    if (actual === undefined || !compare(actual, c)) return false;
  }
  return true;
}

function compare(actual: number | string, c: FilterClause): boolean {
  const v = c.value;
  switch (c.comparator) {
    case "=": return actual === v;
    case "!=": return actual !== v && !(typeof actual === "number" && Number.isNaN(actual));
    case ">": return actual > v;
    case ">=": return actual >= v;
    case "<": return actual < v;
    case "<=": return actual <= v;
    case "LIKE": return likeToRegExp(v as string, false).test(String(actual));
    case "ILIKE": return likeToRegExp(v as string, true).test(String(actual));
    case "IN": return (v as string[]).includes(String(actual));
    case "NOT IN": return !(v as string[]).includes(String(actual));
  }
}
