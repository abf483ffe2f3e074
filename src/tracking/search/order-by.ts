// Parses order_by clauses ("metrics.rmse DESC") and orders runs and experiments as MLflow does.

import type { Experiment, Run } from "../../entities";
import { EXPERIMENT_ATTRIBUTES, experimentSearchValue } from "./experiment-matcher";
import type { EntityKind, SearchValue } from "../../search/filter-clause";
import { RUN_SCHEMA, resolveIdentifier, type SearchSchema } from "./filter-parser";
import { describe, failAt, tokenize } from "../../search/filter-tokenizer";
import { runSearchValue } from "./run-matcher";

export interface OrderClause {
  kind: EntityKind;
  /** As in FilterClause: the key, or an attribute's canonical name. */
  key: string;
  ascending: boolean;
}

/** Experiments order only by attributes, experiment_id included. */
const EXPERIMENT_ORDER_SCHEMA: SearchSchema = {
  prefixes: new Map([["attribute", "attribute"]]),
  attributes: EXPERIMENT_ATTRIBUTES,
  aliases: new Map(),
  hint: "name, experiment_id, creation_time or last_update_time",
};

/** MLflow's order when none is given. */
const DEFAULT_EXPERIMENT_ORDER: readonly OrderClause[] = [
  { kind: "attribute", key: "creation_time", ascending: false },
  { kind: "attribute", key: "experiment_id", ascending: true },
];

export function parseRunOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, RUN_SCHEMA);
}

export function parseExperimentOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, EXPERIMENT_ORDER_SCHEMA);
}

function parseOrderBy(orderBy: readonly string[] | undefined, schema: SearchSchema): OrderClause[] {
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

/**
 * Orders runs by the clauses, then by MLflow's tiebreak: start_time DESC, then run_id ASC. Runs without the
 * key come last and NaN metrics just before them, whichever the direction (MLflow's SQL store).
 */
export function compareRunsForOrder(clauses: readonly OrderClause[]): (a: Run, b: Run) => number {
  return (a, b) => {
    for (const { kind, key, ascending } of clauses) {
      const d = compareSortValues(runSearchValue(a, kind, key), runSearchValue(b, kind, key), ascending);
      if (d !== 0) return d;
    }
    return compareScalars(b.info.startTime, a.info.startTime) || compareScalars(a.info.runId, b.info.runId);
  };
}

/**
 * Orders experiments by the clauses (creation_time DESC, experiment_id ASC when there are none), then by
 * experiment_id DESC, MLflow's tiebreak. Numeric ids compare as numbers: "10" comes after "9".
 */
export function compareExperimentsForOrder(clauses: readonly OrderClause[]): (a: Experiment, b: Experiment) => number {
  const order = clauses.length > 0 ? [...clauses] : [...DEFAULT_EXPERIMENT_ORDER];
  if (!order.some((c) => c.key === "experiment_id")) order.push({ kind: "attribute", key: "experiment_id", ascending: false });
  return (a, b) => {
    for (const { kind, key, ascending } of order) {
      const compare = key === "experiment_id" ? compareIds : compareScalars;
      const d = compareSortValues(experimentSearchValue(a, kind, key), experimentSearchValue(b, kind, key), ascending, compare);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/** Missing values last and NaN just before them in both directions; the direction orders the rest. */
function compareSortValues(
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

/** Numbers numerically, strings by UTF-16 code units (SQL's binary collation, not the locale's). */
function compareScalars(x: SearchValue, y: SearchValue): number {
  if (typeof x === "number" && typeof y === "number") return x < y ? -1 : x > y ? 1 : 0;
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

/** Integer ids numerically (ids are integers in MLflow's SQL store), before any non-numeric id. */
function compareIds(x: SearchValue, y: SearchValue): number {
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
