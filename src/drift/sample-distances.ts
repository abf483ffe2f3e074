// The KS statistic and Wasserstein-1 distance of two numeric samples, by the cheapest exact route: merging the
// sorted values when both are sorted or small, else counting both on the reference's value grid (no sort at all).

import { ksStatisticOnGrid, wasserstein1OnGrid, type BucketValues } from "../stats/ecdf-grid";
import { ksStatisticSorted } from "../stats/ks-2samp";
import { wasserstein1Sorted } from "../stats/cdf-distances";
import type { NumericSample } from "./column-sample";

/** Both samples counted on the reference's grid, or null when merging sorted values is the better route. */
function onSharedGrid(ref: NumericSample, cur: NumericSample): { ref: BucketValues; cur: BucketValues } | null {
  if (ref.isSorted && cur.isSorted) return null;
  // The grid's sign tests multiply counts: exact while n·m < 2^53.
  if (ref.size * cur.size > Number.MAX_SAFE_INTEGER) return null;
  const grid = ref.grid;
  return grid ? { ref: ref.onGrid(grid), cur: cur.onGrid(grid) } : null;
}

/** sup |F_ref − F_cur| over the pooled values (scipy ks_2samp's statistic). */
export function ksStatistic(ref: NumericSample, cur: NumericSample): number {
  const grid = onSharedGrid(ref, cur);
  return grid ? ksStatisticOnGrid(grid.ref, grid.cur) : ksStatisticSorted(ref.sorted, cur.sorted);
}

/** ∫|F_ref − F_cur| (scipy wasserstein_distance). */
export function wasserstein1(ref: NumericSample, cur: NumericSample): number {
  const grid = onSharedGrid(ref, cur);
  return grid ? wasserstein1OnGrid(grid.ref, grid.cur) : wasserstein1Sorted(ref.sorted, cur.sorted);
}
