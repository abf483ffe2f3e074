// Whether an experiment satisfies filter clauses, and the values a search reads from an experiment.

import type { Experiment } from "../../entities";
import { clauseHolds, ownEntry, type AttributeField, type EntityKind, type FilterClause, type SearchValue } from "../../search/filter-clause";

/** MLflow's experiment attributes for search; experiment_id orders but does not filter. */
export const EXPERIMENT_ATTRIBUTES: ReadonlyMap<string, AttributeField<Experiment>> = new Map<string, AttributeField<Experiment>>([
  ["name", { type: "string", get: (e) => e.name }],
  ["creation_time", { type: "number", get: (e) => e.creationTime }],
  ["last_update_time", { type: "number", get: (e) => e.lastUpdateTime }],
  ["experiment_id", { type: "string", get: (e) => e.experimentId }],
]);

/** The value a search sees for `kind.key` on an experiment; experiments have only attributes and tags. */
export function experimentSearchValue(experiment: Experiment, kind: EntityKind, key: string): SearchValue | undefined {
  if (kind === "tag") return ownEntry(experiment.tags, key);
  return kind === "attribute" ? EXPERIMENT_ATTRIBUTES.get(key)?.get(experiment) : undefined;
}

/** True when the experiment satisfies every clause (none means every experiment matches). */
export function experimentMatchesFilter(experiment: Experiment, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => clauseHolds(experimentSearchValue(experiment, clause.kind, clause.key), clause));
}
