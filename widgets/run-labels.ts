// How runs are named on screen: ids shortened for tables, names made unique for legends and headers.

import { shortId } from "../src/present/run-rows";

export { shortId };

/** Run names, with the short id added where two runs share a name (or have none), so no two labels are equal. */
export function runLabels(runs: { runId: string; runName: string }[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.runName, (count.get(r.runName) ?? 0) + 1);
  return runs.map((r) => (r.runName !== "" && count.get(r.runName) === 1 ? r.runName : `${r.runName} (${shortId(r.runId)})`));
}
