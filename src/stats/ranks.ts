// Ranks of two samples pooled (average ranks for ties), computed by merging two sorted arrays in one pass.

/** Rank sums and tie sizes of two sorted samples pooled, the input of Mann-Whitney and Cramér-von Mises. */
export interface PooledRanks {
  /** Sum of the average ranks (1-based) of the first sample. */
  rankSumFirst: number;
  /** Sizes of the groups of tied values (every group, including size 1 only when asked for). */
  tieSizes: number[];
}

/**
 * Walks the merged order of sorted `a` and `b`; calls visit(value, countA, countB, firstRank) once per distinct value,
 * where firstRank is the 1-based rank of its first occurrence.
 */
export function forEachTieGroup(a: ArrayLike<number>, b: ArrayLike<number>, visit: (value: number, countA: number, countB: number, firstRank: number) => void): void {
  let i = 0;
  let j = 0;
  let rank = 1;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    let ca = 0;
    let cb = 0;
    while (i < a.length && a[i] === v) {
      i++;
      ca++;
    }
    while (j < b.length && b[j] === v) {
      j++;
      cb++;
    }
    visit(v, ca, cb, rank);
    rank += ca + cb;
  }
}

/** Average-rank sum of `a` in the pooled sample, and the tie group sizes larger than one. */
export function pooledRanks(a: ArrayLike<number>, b: ArrayLike<number>): PooledRanks {
  let rankSumFirst = 0;
  const tieSizes: number[] = [];
  forEachTieGroup(a, b, (_v, ca, cb, first) => {
    const t = ca + cb;
    rankSumFirst += ca * (first + (t - 1) / 2);
    if (t > 1) tieSizes.push(t);
  });
  return { rankSumFirst, tieSizes };
}
