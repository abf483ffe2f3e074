// Multiple-testing corrections of p-values (statsmodels.stats.multitest names), shared by drift and A/B analysis.

/** None, Bonferroni, Holm (step-down) or Benjamini–Hochberg (step-up FDR). */
export type PValueCorrection = "none" | "bonferroni" | "holm" | "fdr_bh";

export const P_VALUE_CORRECTIONS: readonly PValueCorrection[] = ["none", "bonferroni", "holm", "fdr_bh"];

/**
 * Adjusted p-values, in the input order, as statsmodels' multipletests(p, method)[1]: reject hypothesis i at
 * level α when adjusted[i] <= α (statsmodels' rule; alibi-detect's strict `<` differs only on exact ties).
 */
export function adjustPValues(pValues: readonly number[], method: PValueCorrection): number[] {
  if (!P_VALUE_CORRECTIONS.includes(method)) throw new RangeError(`unknown p-value correction "${String(method)}": use one of ${P_VALUE_CORRECTIONS.join(", ")}`);
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1], got ${p}`);
  const m = pValues.length;
  if (method === "none" || m === 0) return [...pValues];
  if (method === "bonferroni") return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const out = new Array<number>(m);
  if (method === "holm") {
    let running = 0;
    order.forEach((idx, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]!));
      out[idx] = running;
    });
    return out;
  }
  // Benjamini–Hochberg: from the largest p down, p·m/rank with a running minimum.
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank]!;
    running = Math.min(running, (pValues[idx]! * m) / (rank + 1));
    out[idx] = running;
  }
  return out;
}
