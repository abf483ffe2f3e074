// The result shape shared by every two-arm test: effect (treatment − control), its CI, the relative lift and p-value.

import { invalidParameter } from "../core/errors";
import type { Alternative } from "../stats";

export type { Alternative };

/** Options every two-arm test takes. */
export interface CompareOptions {
  /** Significance level; the CIs have level 1 − alpha (two-sided). Default 0.05. */
  alpha?: number;
  /** Alternative on treatment − control: "greater" means the treatment is better when larger. Default two-sided. */
  alternative?: Alternative;
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface Comparison {
  test: "welch-t" | "two-proportion-z" | "cuped-welch-t";
  alpha: number;
  alternative: Alternative;
  control: { n: number; mean: number };
  treatment: { n: number; mean: number };
  /** treatment mean − control mean. */
  difference: number;
  differenceCi: Interval;
  /** (treatment − control) / |control|, with a delta-method CI. */
  lift: number;
  liftCi: Interval;
  statistic: number;
  pValue: number;
  /** Degrees of freedom of the test (Infinity for z-tests). */
  df: number;
  significant: boolean;
}

export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw invalidParameter(`alpha must lie in (0, 1), got ${alpha}.`);
}

export function checkAlternative(alternative: string): asserts alternative is Alternative {
  if (!["two-sided", "less", "greater"].includes(alternative)) throw invalidParameter(`alternative must be two-sided, less or greater, got "${alternative}".`);
}
