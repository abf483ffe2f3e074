// What run and experiment searches may name, and their filter and order_by parsers.

import type { EntityKind, FilterClause } from "../../search/filter-clause";
import { parseFilter, type SearchSchema } from "../../search/filter-parser";
import { parseOrderBy, type OrderClause } from "../../search/order-by";
import { EXPERIMENT_ATTRIBUTES } from "./experiment-matcher";
import { RUN_ATTRIBUTES } from "./run-matcher";

const RUN_PREFIXES: [string, EntityKind][] = [
  ["metric", "metric"], ["metrics", "metric"],
  ["param", "param"], ["params", "param"], ["parameter", "param"], ["parameters", "param"],
  ["tag", "tag"], ["tags", "tag"],
  ["attribute", "attribute"], ["attributes", "attribute"], ["attr", "attribute"], ["run", "attribute"],
];

export const RUN_SCHEMA: SearchSchema = {
  prefixes: new Map(RUN_PREFIXES),
  attributes: RUN_ATTRIBUTES,
  // MLflow's spellings, exactly: "created" names start_time, "run name" (quoted) names run_name.
  aliases: new Map([
    ["created", "start_time"], ["Created", "start_time"],
    ["run name", "run_name"], ["Run name", "run_name"], ["Run Name", "run_name"],
  ]),
  hint: "metrics.<key>, params.<key>, tags.<key> or an attribute such as start_time",
};

// MLflow accepts only these prefixes for experiments (not `attributes.` or `attr.`).
const EXPERIMENT_PREFIXES = new Map<string, EntityKind>([["attribute", "attribute"], ["tag", "tag"], ["tags", "tag"]]);

/** Experiments filter on name, creation_time, last_update_time and tags; experiment_id only orders. */
export const EXPERIMENT_FILTER_SCHEMA: SearchSchema = {
  prefixes: EXPERIMENT_PREFIXES,
  attributes: new Map([...EXPERIMENT_ATTRIBUTES].filter(([name]) => name !== "experiment_id")),
  aliases: new Map(),
  hint: "name, creation_time, last_update_time or tags.<key>",
};

/** Experiments order only by attributes, experiment_id included. */
export const EXPERIMENT_ORDER_SCHEMA: SearchSchema = {
  prefixes: new Map([["attribute", "attribute"]]),
  attributes: EXPERIMENT_ATTRIBUTES,
  aliases: new Map(),
  hint: "name, experiment_id, creation_time or last_update_time",
};

/** Clauses of a runs filter; an empty or missing filter gives none. */
export function parseRunFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, RUN_SCHEMA);
}

/** Clauses of an experiments filter; an empty or missing filter gives none. */
export function parseExperimentFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, EXPERIMENT_FILTER_SCHEMA);
}

export function parseRunOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, RUN_SCHEMA);
}

export function parseExperimentOrderBy(orderBy: readonly string[] | undefined): OrderClause[] {
  return parseOrderBy(orderBy, EXPERIMENT_ORDER_SCHEMA);
}
