// Orders runs and experiments as MLflow does: the order_by clauses, then MLflow's tiebreaks.

import type { Experiment, Run } from "../../entities";
import { compareIds, compareScalars, compareSortValues, type OrderClause } from "../../search/order-by";
import { experimentSearchValue } from "./experiment-matcher";
import { runSearchValue } from "./run-matcher";

/** MLflow's order when none is given. */
const DEFAULT_EXPERIMENT_ORDER: readonly OrderClause[] = [
  { kind: "attribute", key: "creation_time", ascending: false },
  { kind: "attribute", key: "experiment_id", ascending: true },
];

/**
 * Orders runs by the clauses, then by MLflow's tiebreak: start_time DESC, then run_id ASC. Runs without the
 * key come last and NaN metrics just before them, whichever the direction (both MLflow stores agree).
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
