// Bayesian read-outs as GrowthBook shows them: chance to win and expected loss (risk), Beta-Binomial for
// conversions and a Gaussian posterior on the relative lift for means.

import { invalidParameter } from "../core/errors";
import { betainc, logBeta, normalCdf, normalPdf, normalPpf } from "../stats";
import { toMeanSummary, toProportionSummary, type MeanInput, type ProportionInput } from "./arm-summary";
import type { Interval } from "./comparison";
import { relativeLift } from "./relative-lift";

/** GrowthBook's decision thresholds on risk. */
export const WIN_RISK_THRESHOLD = 0.0025;
export const LOSE_RISK_THRESHOLD = 0.0125;

export interface BayesianResult {
  /** P(treatment better than control). */
  chanceToWin: number;
  /** Expected loss of shipping the treatment / keeping the control (same units as the effect). */
  riskTreatment: number;
  riskControl: number;
  /** Posterior mean and credible interval of the effect (absolute for Beta, relative lift for means). */
  effect: number;
  credibleInterval: Interval;
}

function betaLogPdf(x: number, a: number, b: number): number {
  // At the ends the density is finite only for a = 1 (x = 0) or b = 1 (x = 1): e.g. Beta(1, n+1) after 0 conversions.
  if (x <= 0) return a === 1 ? -logBeta(a, b) : a < 1 ? Infinity : -Infinity;
  if (x >= 1) return b === 1 ? -logBeta(a, b) : b < 1 ? Infinity : -Infinity;
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}

/** ∫ g over [lo, hi] by composite Simpson with m (even) panels. */
function simpson(g: (x: number) => number, lo: number, hi: number, m: number): number {
  const h = (hi - lo) / m;
  let s = g(lo) + g(hi);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * g(lo + i * h);
  return (s * h) / 3;
}

/**
 * Beta(prior + conversions, prior + failures) per arm. P(pT > pC) = ∫ f_T(x)·F_C(x) dx and the risks
 * E[max(pC − pT, 0)], E[max(pT − pC, 0)] by quadrature over the treatment posterior (±40 sd).
 */
export function betaBinomialTest(control: ProportionInput, treatment: ProportionInput, options: { priorAlpha?: number; priorBeta?: number; credibleLevel?: number } = {}): BayesianResult {
  const { priorAlpha = 1, priorBeta = 1, credibleLevel = 0.95 } = options;
  // Below 1 a posterior with no conversions has an infinite density at 0, which the quadrature cannot take.
  if (!(priorAlpha >= 1 && priorBeta >= 1)) throw invalidParameter(`priorAlpha and priorBeta must be >= 1 (1, 1 is the uniform prior), got ${priorAlpha} and ${priorBeta}.`);
  const c = toProportionSummary(control, "control");
  const t = toProportionSummary(treatment, "treatment");
  const ac = priorAlpha + c.conversions, bc = priorBeta + c.n - c.conversions;
  const at = priorAlpha + t.conversions, bt = priorBeta + t.n - t.conversions;
  const meanC = ac / (ac + bc), meanT = at / (at + bt);
  const sd = (a: number, b: number) => Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  // The integrands carry f_T; 40 sd covers even the long right tail of a posterior with no conversions (Beta(1, n+1)).
  const lo = Math.max(0, meanT - 40 * sd(at, bt));
  const hi = Math.min(1, meanT + 40 * sd(at, bt));
  const fT = (x: number) => Math.exp(betaLogPdf(x, at, bt));
  const FC = (x: number) => betainc(ac, bc, Math.min(1, Math.max(0, x)));
  const m = 8000;
  const chanceToWin = simpson((x) => fT(x) * FC(x), lo, hi, m);
  // ∫_x^1 y f_C(y) dy = meanC·(1 − I_x(ac+1, bc)); E[(pC − x)+] = meanC(1 − I_x(ac+1,bc)) − x(1 − F_C(x)).
  const excessC = (x: number) => meanC * (1 - betainc(ac + 1, bc, Math.min(1, Math.max(0, x)))) - x * (1 - FC(x));
  const riskTreatment = simpson((x) => fT(x) * excessC(x), lo, hi, m);
  // E[(pT − pC)+] = E[pT − pC] + E[(pC − pT)+].
  const riskControl = meanT - meanC + riskTreatment;
  // Normal approximation of the difference's posterior for the interval (as GrowthBook's display).
  const sdDiff = Math.hypot(sd(at, bt), sd(ac, bc));
  const z = normalPpf(0.5 + credibleLevel / 2);
  const effect = meanT - meanC;
  return { chanceToWin: Math.min(1, Math.max(0, chanceToWin)), riskTreatment: Math.max(0, riskTreatment), riskControl: Math.max(0, riskControl), effect, credibleInterval: { lower: effect - z * sdDiff, upper: effect + z * sdDiff } };
}

/**
 * GrowthBook's EffectBayesianABTest on the relative lift: data N(lift, SE²) from the delta method, an optional
 * proper prior N(priorMean, priorStddev²) (flat when priorStddev is undefined). Risks are truncated-normal means:
 * E[(−Δ)+] = σφ(μ/σ) − μΦ(−μ/σ) and E[Δ+] = σφ(μ/σ) + μΦ(μ/σ).
 */
export function gaussianEffectTest(control: MeanInput, treatment: MeanInput, options: { priorMean?: number; priorStddev?: number; credibleLevel?: number } = {}): BayesianResult {
  const { priorMean = 0, priorStddev, credibleLevel = 0.95 } = options;
  if (priorStddev !== undefined && !(priorStddev > 0)) throw invalidParameter(`priorStddev must be > 0 (or undefined for a flat prior), got ${priorStddev}.`);
  const c = toMeanSummary(control, "control");
  const t = toMeanSummary(treatment, "treatment");
  const lift = relativeLift(c, t);
  let mu = lift.lift;
  let v = lift.se * lift.se;
  if (priorStddev !== undefined) {
    const precision = 1 / (priorStddev * priorStddev) + 1 / v;
    mu = (priorMean / (priorStddev * priorStddev) + mu / v) / precision;
    v = 1 / precision;
  }
  const s = Math.sqrt(v);
  const z = normalPpf(0.5 + credibleLevel / 2);
  const r = mu / s;
  return {
    chanceToWin: normalCdf(r),
    riskTreatment: s * normalPdf(r) - mu * normalCdf(-r),
    riskControl: s * normalPdf(r) + mu * normalCdf(r),
    effect: mu,
    credibleInterval: { lower: mu - z * s, upper: mu + z * s },
  };
}
