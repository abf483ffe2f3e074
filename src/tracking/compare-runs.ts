// Several runs side by side: which params differ, and each run's latest metrics.

import type { Run } from "../entities";

export interface RunComparison {
  runs: { runId: string; runName: string }[];
  params: { key: string; values: (string | null)[]; differs: boolean }[];
  metrics: { key: string; values: (number | null)[] }[];
}

export function compareRuns(runs: Run[]): RunComparison {
  const keys = (pick: (r: Run) => Record<string, unknown>) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
  return {
    runs: runs.map((r) => ({ runId: r.info.runId, runName: r.info.runName })),
    params: keys((r) => r.data.params).map((key) => {
      const values = runs.map((r) => r.data.params[key] ?? null);
      return { key, values, differs: new Set(values).size > 1 };
    }),
    metrics: keys((r) => r.data.metrics).map((key) => ({ key, values: runs.map((r) => r.data.metrics[key] ?? null) })),
  };
}
