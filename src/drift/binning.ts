// Evidently's get_binned_data: the shares of reference and current per bin (numeric with > 20 distinct reference
// values: Sturges bins over both datasets) or per value (every other column), for psi, kl_div and jensenshannon.

import { sturgesEdges } from "../stats/sample";
import { fillZeroShares } from "../stats/divergences";
import { asCategorical, countDistinctNumeric, unionKeys, type ColumnSample, type NumericSample } from "./column-sample";

export interface BinnedShares {
  reference: number[];
  current: number[];
  /** Bin edges when numeric bins were used; null when counted per value. */
  edges: Float64Array | null;
  /** Category keys when counted per value. */
  keys: string[] | null;
}

/** Sturges edges over ref ∪ cur (np.histogram_bin_edges(concat, "sturges")). */
export function pooledSturgesEdges(a: NumericSample, b: NumericSample): Float64Array {
  return sturgesEdges(a.size + b.size, Math.min(a.min, b.min), Math.max(a.max, b.max));
}

/** Shares per bin or per value; `fillZeroes` applies Evidently's zero filling (psi and kl_div, not jensenshannon). */
export function binnedShares(reference: ColumnSample, current: ColumnSample, fillZeroes: boolean): BinnedShares {
  let out: BinnedShares;
  if (reference.kind === "numerical" && current.kind === "numerical" && countDistinctNumeric(reference, null, 20) > 20) {
    const edges = pooledSturgesEdges(reference, current);
    out = {
      reference: Array.from(reference.histogram(edges), (c) => c / reference.size),
      current: Array.from(current.histogram(edges), (c) => c / current.size),
      edges,
      keys: null,
    };
  } else {
    const r = asCategorical(reference);
    const c = asCategorical(current);
    const keys = unionKeys(r, c);
    out = { reference: keys.map((k) => (r.counts.get(k) ?? 0) / r.total), current: keys.map((k) => (c.counts.get(k) ?? 0) / c.total), edges: null, keys };
  }
  if (fillZeroes) {
    out.reference = fillZeroShares(out.reference);
    out.current = fillZeroShares(out.current);
  }
  return out;
}
