// Sample-ratio mismatch check: Pearson χ² of the units per arm against the planned shares (GrowthBook, Statsig).

import { invalidParameter } from "../core/errors";
import { chisquare } from "../stats";

/** GrowthBook's DEFAULT_SRM_THRESHOLD: a p-value below it flags a mismatch. */
export const SRM_THRESHOLD = 0.001;
/** GrowthBook runs the check only once every arm has this many units. */
export const SRM_MIN_COUNT_PER_ARM = 8;

export interface SrmResult {
  statistic: number;
  pValue: number;
  /** True when the check ran and p < threshold. */
  mismatch: boolean;
  /** False when an arm has fewer than the minimum units: too early to tell. */
  checked: boolean;
  observed: number[];
  expected: number[];
  /** Observed share minus planned share, per arm. */
  deviation: number[];
}

/** scipy.stats.chisquare(observed, f_exp = shares·N); shares are normalised (e.g. [10, 90] or [0.1, 0.9]). */
export function srmCheck(observed: readonly number[], shares: readonly number[], threshold = SRM_THRESHOLD): SrmResult {
  if (observed.length < 2 || observed.length !== shares.length) throw invalidParameter(`srmCheck needs one planned share per arm (at least 2): got ${observed.length} counts and ${shares.length} shares.`);
  for (const o of observed) if (!(Number.isInteger(o) && o >= 0)) throw invalidParameter(`srmCheck: units per arm must be integers >= 0, got ${o}.`);
  for (const s of shares) if (!(s > 0 && Number.isFinite(s))) throw invalidParameter(`srmCheck: planned shares must be > 0, got ${s}.`);
  if (!(threshold > 0 && threshold < 1)) throw invalidParameter(`threshold must lie in (0, 1), got ${threshold}.`);
  const total = observed.reduce((a, b) => a + b, 0);
  const wsum = shares.reduce((a, b) => a + b, 0);
  const expected = shares.map((w) => (w / wsum) * total);
  const deviation = observed.map((o, i) => (total === 0 ? 0 : o / total - shares[i]! / wsum));
  const checked = observed.every((o) => o >= SRM_MIN_COUNT_PER_ARM);
  if (!checked) return { statistic: NaN, pValue: NaN, mismatch: false, checked, observed: [...observed], expected, deviation };
  const r = chisquare(observed, expected);
  return { statistic: r.statistic, pValue: r.pValue, mismatch: r.pValue < threshold, checked, observed: [...observed], expected, deviation };
}
