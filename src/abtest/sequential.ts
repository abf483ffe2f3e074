// Sequential testing with always-valid p-values: the mixture SPRT with a normal mixture (Johari et al. 2017) and
// GrowthBook's asymptotic confidence sequence (Waudby-Smith et al.), so results may be looked at any time.

import { invalidParameter } from "../core/errors";
import { normalCdf, normalPdf } from "../stats";
import type { Interval } from "./comparison";

/** One look at the experiment: cumulative summaries of both arms so far. */
export interface SequentialLook {
  control: { n: number; mean: number; variance: number };
  treatment: { n: number; mean: number; variance: number };
  /** When the look was taken (epoch ms), for display only. */
  time?: number;
}

export interface MsprtOptions {
  alpha?: number;
  /** Mixing variance τ² of the effect; default from the horizon via mixtureSPRT's calcTau. */
  tau2?: number;
  /** Units per arm at which the test should be tightest (truncation horizon N), used to tune τ². Default 5000. */
  horizon?: number;
  /** Null difference θ0. Default 0. */
  nullDifference?: number;
}

export interface MsprtStep {
  time?: number;
  n: number;
  difference: number;
  /** Likelihood ratio Λ_n. */
  lambda: number;
  /** Always-valid p-value: min over looks of 1/Λ. */
  pValue: number;
  /** Always-valid CI of the difference at this look (the set of θ0 that are not rejected). */
  ci: Interval;
  rejected: boolean;
}

export interface MsprtResult {
  tau2: number;
  alpha: number;
  steps: MsprtStep[];
  /** Index of the first look at which H0 was rejected, or -1. */
  firstRejection: number;
  rejected: boolean;
}

/** mixtureSPRT's calcTau: τ² = σ²·Φ(−b)/(φ(b)/b − Φ(−b)), b = 2·ln(1/α)/√(N·σ²). */
export function msprtTau2(sigma2: number, horizon: number, alpha = 0.05): number {
  if (!(sigma2 > 0)) throw invalidParameter(`sigma2 must be > 0, got ${sigma2}.`);
  if (!(horizon > 0)) throw invalidParameter(`horizon must be > 0, got ${horizon}.`);
  const b = (2 * Math.log(1 / alpha)) / Math.sqrt(horizon * sigma2);
  return (sigma2 * normalCdf(-b)) / (normalPdf(b) / b - normalCdf(-b));
}

/**
 * Λ = √(V/(V+τ²))·exp(τ²(Δ−θ0)²/(2V(V+τ²))) with V = σT²/nT + σC²/nC, the variance of the difference; with equal
 * arms and variances this is Johari's Λ_n = √(2σ²/(2σ²+nτ²))·exp(n²τ²Δ²/(4σ²(2σ²+nτ²))). p_n = min(p_{n−1}, 1/Λ_n).
 */
export function msprt(looks: readonly SequentialLook[], options: MsprtOptions = {}): MsprtResult {
  const { alpha = 0.05, horizon = 5000, nullDifference = 0 } = options;
  if (!(alpha > 0 && alpha < 1)) throw invalidParameter(`alpha must lie in (0, 1), got ${alpha}.`);
  if (looks.length === 0) throw invalidParameter("msprt needs at least one look.");
  let tau2 = options.tau2;
  if (tau2 === undefined) {
    const first = looks[looks.length - 1]!;
    // σ² per unit from the latest look, pooled over arms (the most data we have).
    const sigma2 = (first.control.variance * first.control.n + first.treatment.variance * first.treatment.n) / (first.control.n + first.treatment.n);
    tau2 = msprtTau2(sigma2, horizon, alpha);
  }
  if (!(tau2 > 0)) throw invalidParameter(`tau2 must be > 0, got ${tau2}.`);
  let p = 1;
  let firstRejection = -1;
  let prevN = 0;
  let lower = -Infinity;
  let upper = Infinity;
  const steps: MsprtStep[] = looks.map((look, i) => {
    const { control: c, treatment: t } = look;
    const n = Math.min(c.n, t.n);
    if (!(c.n >= 2 && t.n >= 2)) throw invalidParameter(`look ${i}: each arm needs at least 2 units, got ${c.n} and ${t.n}.`);
    if (n < prevN) throw invalidParameter(`look ${i}: looks must be cumulative (units never decrease), got ${n} after ${prevN}.`);
    prevN = n;
    const V = t.variance / t.n + c.variance / c.n;
    const diff = t.mean - c.mean;
    const lambda = V === 0 ? (diff === nullDifference ? 1 : Infinity) : Math.sqrt(V / (V + tau2!)) * Math.exp((tau2! * (diff - nullDifference) ** 2) / (2 * V * (V + tau2!)));
    p = Math.min(p, 1 / lambda);
    // Λ(θ0) < 1/α  ⇔  (Δ−θ0)² < 2V(V+τ²)/τ² · ln(√((V+τ²)/V)/α); intersected over looks, it is a confidence sequence.
    const half = Math.sqrt(((2 * V * (V + tau2!)) / tau2!) * Math.log(Math.sqrt((V + tau2!) / V) / alpha));
    lower = Math.max(lower, diff - half);
    upper = Math.min(upper, diff + half);
    if (p <= alpha && firstRejection < 0) firstRejection = i;
    const step: MsprtStep = { n, difference: diff, lambda, pValue: p, ci: { lower, upper }, rejected: p <= alpha };
    if (look.time !== undefined) step.time = look.time;
    return step;
  });
  return { tau2, alpha, steps, firstRejection, rejected: firstRejection >= 0 };
}

export interface ConfidenceSequenceResult {
  difference: number;
  ci: Interval;
  pValue: number;
}

/**
 * GrowthBook's asymptotic confidence sequence for one look: ρ = √((−2 ln α + ln(−2 ln α + 1))/N*), halfwidth
 * s·√(2(nρ²+1)/(n²ρ²)·ln(√(nρ²+1)/α)) with s² = SE²·n, and the always-valid p = min(1, 1/e).
 */
export function confidenceSequence(look: SequentialLook, options: { alpha?: number; tuning?: number } = {}): ConfidenceSequenceResult {
  const { alpha = 0.05, tuning = 5000 } = options;
  const { control: c, treatment: t } = look;
  const n = c.n + t.n;
  const se = Math.sqrt(t.variance / t.n + c.variance / c.n);
  const diff = t.mean - c.mean;
  const half = se * csMultiplier(n, alpha, tuning);
  return { difference: diff, ci: { lower: diff - half, upper: diff + half }, pValue: csPValue(diff / se, n, alpha, tuning) };
}

function rho2Of(alpha: number, tuning: number): number {
  if (!(alpha > 0 && alpha < 1)) throw invalidParameter(`alpha must lie in (0, 1), got ${alpha}.`);
  if (!(tuning > 0)) throw invalidParameter(`tuning (N*) must be > 0, got ${tuning}.`);
  return (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;
}

/**
 * The confidence sequence's halfwidth in standard errors after n units in all: √n·√(2(nρ²+1)/(n²ρ²)·ln(√(nρ²+1)/α))
 * (s = SE·√n). It applies to any asymptotically normal estimate, e.g. the delta-method lift.
 */
export function csMultiplier(n: number, alpha = 0.05, tuning = 5000): number {
  const rho2 = rho2Of(alpha, tuning);
  return Math.sqrt(((2 * (n * rho2 + 1)) / (n * rho2)) * Math.log(Math.sqrt(n * rho2 + 1) / alpha));
}

/** The always-valid p-value for an estimate z standard errors from the null after n units: min(1, 1/e). */
export function csPValue(z: number, n: number, alpha = 0.05, tuning = 5000): number {
  const rho2 = rho2Of(alpha, tuning);
  // st² = z²·n; e = exp(ρ²·st²/(2(nρ²+1)))/√(nρ²+1).
  const logE = (rho2 * z * z * n) / (2 * (n * rho2 + 1)) - 0.5 * Math.log(n * rho2 + 1);
  return Math.min(1, Math.exp(-logE));
}
