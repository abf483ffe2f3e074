// Whether a run satisfies filter clauses, and the values a search reads from a run.

import type { Run, RunInfo } from "../../entities";
import { clauseHolds, ownEntry, type AttributeField, type EntityKind, type FilterClause, type SearchValue } from "../../search/filter-clause";

/** MLflow's searchable run attributes; only run_id takes IN lists, as in MLflow. */
export const RUN_ATTRIBUTES: ReadonlyMap<string, AttributeField<RunInfo>> = new Map<string, AttributeField<RunInfo>>([
  ["run_id", { type: "list", get: (info) => info.runId }],
  ["run_name", { type: "string", get: (info) => info.runName }],
  ["status", { type: "string", get: (info) => info.status }],
  ["user_id", { type: "string", get: (info) => info.userId }],
  ["artifact_uri", { type: "string", get: (info) => info.artifactUri }],
  ["start_time", { type: "number", get: (info) => info.startTime }],
  ["end_time", { type: "number", get: (info) => info.endTime }],
]);

/** The value a search sees for `kind.key` on a run; undefined when the run has none. */
export function runSearchValue(run: Run, kind: EntityKind, key: string): SearchValue | undefined {
  switch (kind) {
    case "metric":
      return ownEntry(run.data.latestMetrics, key)?.value;
    case "param":
      return ownEntry(run.data.params, key);
    case "tag":
      return ownEntry(run.data.tags, key);
    case "attribute":
      return RUN_ATTRIBUTES.get(key)?.get(run.info);
  }
}

/** True when the run satisfies every clause (clauses are AND-ed; none means every run matches). */
export function runMatchesFilter(run: Run, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) => clauseHolds(runSearchValue(run, clause.kind, clause.key), clause));
}
