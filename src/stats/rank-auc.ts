// ROC AUC as the Mann-Whitney statistic: the average rank of the positives, ties sharing their mean rank.
// NaN when one class is missing. (evaluation/ranking.ts has scikit-learn's curve-based version with options.)

export function rankAuc(scores: ArrayLike<number>, isPositive: ArrayLike<number | boolean>): number {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (isPositive[order[k]!]) (positives++, (rankSum += meanRank));
    i = j;
  }
  const negatives = n - positives;
  return positives === 0 || negatives === 0 ? Number.NaN : (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
