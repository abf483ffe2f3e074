// Relative lift (μT − μC)/|μC| with its delta-method variance and CI, as GrowthBook's frequentist engine.

import { invalidParameter } from "../core/errors";
import { normalPpf } from "../stats";
import { studentTPpf } from "../stats/student-t-quantile";
import type { Interval } from "./comparison";

export interface LiftEstimate {
  lift: number;
  /** Standard error of the lift by the delta method. */
  se: number;
  ci: Interval;
}

/**
 * Var(lift) ≈ σT²/(nT·μC²) + σC²·μT²/(nC·μC⁴). The CI is lift ± q·SE with q the t quantile at df (Infinity:
 * normal). A control mean of 0 has no relative lift: that is an error, not an infinite lift.
 */
export function relativeLift(
  control: { n: number; mean: number; variance: number },
  treatment: { n: number; mean: number; variance: number },
  alpha = 0.05,
  df = Infinity,
): LiftEstimate {
  const mc = control.mean;
  if (mc === 0) throw invalidParameter("relative lift needs a control mean other than 0; compare the absolute difference instead.");
  const lift = (treatment.mean - mc) / Math.abs(mc);
  const v = treatment.variance / (treatment.n * mc * mc) + (control.variance * treatment.mean * treatment.mean) / (control.n * mc ** 4);
  const se = Math.sqrt(v);
  const q = df === Infinity ? normalPpf(1 - alpha / 2) : studentTPpf(1 - alpha / 2, df);
  return { lift, se, ci: { lower: lift - q * se, upper: lift + q * se } };
}
