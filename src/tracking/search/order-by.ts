// Parses `ORDER BY`-style clauses ("metrics.acc DESC") and sorts runs and experiments by them.

import { compareNumbersNanLast, type Experiment, type Run } from "../../entities";
import { invalidParameter } from "../../errors";
import type { EntityKind } from "./filter-clause";
import { tokenize } from "./filter-tokenizer";
import { EXPERIMENT_FIELDS, resolveIdentifier, RUN_FIELDS, type SearchFields } from "./search-fields";

export interface OrderClause {
  kind: EntityKind;
  key: string;
  ascending: boolean;
}

export function parseRunOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, RUN_FIELDS);
}

export function parseExperimentOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, EXPERIMENT_FIELDS);
}

function parseOrderBy<T>(orderBy: readonly string[] | undefined, fields: SearchFields<T>): OrderClause[] {
  return (orderBy ?? []).map((source) => {
    const fail = (column: number, message: string): never => {
      throw invalidParameter(`Invalid order-by ${JSON.stringify(source)} at column ${column}: ${message}`, { column });
    };
    const tokens = tokenize(source, "order-by");
    const [ident, direction, extra] = tokens;
    if (!ident || ident.type !== "ident") return fail(ident?.column ?? 1, "expected an identifier such as metrics.acc.");
    const resolved = resolveIdentifier(fields, ident.prefix, ident.key);
    if ("error" in resolved) return fail(ident.column, resolved.error);
    let ascending = true;
    if (direction) {
      const word = direction.type === "ident" && direction.prefix === "" ? direction.key.toUpperCase() : "";
      if (word !== "ASC" && word !== "DESC") return fail(direction.column, `expected ASC or DESC, found '${direction.text}'.`);
      ascending = word === "ASC";
    }
    if (extra) return fail(extra.column, `unexpected '${extra.text}'; give one key per order-by clause.`);
    return { kind: resolved.kind, key: resolved.key, ascending };
  });
}

type Value = number | string | undefined;

function compareValues(a: Value, b: Value, ascending: boolean): number {
  // Missing values go last whatever the direction, as in MLflow.
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = typeof a === "number" && typeof b === "number" ? compareNumbersNanLast(a, b) : a < b ? -1 : a > b ? 1 : 0;
  return ascending ? c : -c;
}

type Read<T> = SearchFields<T>["read"];

function comparator<T>(clauses: readonly OrderClause[], read: Read<T>, tiebreak: (a: T, b: T) => number): (a: T, b: T) => number {
  return (a, b) => {
    for (const c of clauses) {
      const d = compareValues(read(a, c.kind, c.key), read(b, c.kind, c.key), c.ascending);
      if (d !== 0) return d;
    }
    return tiebreak(a, b);
  };
}

/** Orders runs by the clauses, then newest first, then by run id. */
export function compareRunsForOrder(clauses: readonly OrderClause[]): (a: Run, b: Run) => number {
  return comparator(clauses, RUN_FIELDS.read, (a, b) => b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0));
}

/** Orders experiments by the clauses, then newest first, then by id (numerically). */
export function compareExperimentsForOrder(clauses: readonly OrderClause[]): (a: Experiment, b: Experiment) => number {
  // Experiment ids are numbers written as strings: "10" sorts after "9".
  const read: Read<Experiment> = (e, kind, key) =>
    kind === "attribute" && key === "experiment_id" && /^\d+$/.test(e.experimentId) ? Number(e.experimentId) : EXPERIMENT_FIELDS.read(e, kind, key);
  return comparator(clauses, read, (a, b) => b.creationTime - a.creationTime || compareIds(b.experimentId, a.experimentId));
}

function compareIds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
}
