// Power, sample size and minimum detectable effect, with statsmodels' conventions: NormalIndPower (normal
// approximation, paired with Cohen's h from proportion_effectsize) and TTestIndPower / tt_ind_solve_power
// (noncentral t). effect_size is standardised, nobs2 = ratio·nobs1, exactly one of the four is solved for.

import { invalidParameter } from "../core/errors";
import { normalCdf, normalPpf, normalSf } from "../stats";
import { noncentralTCdf, noncentralTSf } from "../stats/noncentral-t";
import { studentTIsf, studentTPpf } from "../stats/student-t-quantile";

/** statsmodels' names for the alternative ("larger": effect > 0). */
export type PowerAlternative = "two-sided" | "larger" | "smaller";

export interface PowerArgs {
  effectSize?: number;
  nobs1?: number;
  alpha?: number;
  power?: number;
  /** nobs2 / nobs1. Default 1. */
  ratio?: number;
  alternative?: PowerAlternative;
}

/** Cohen's h = 2·asin(√p1) − 2·asin(√p2) (statsmodels' proportion_effectsize). */
export function proportionEffectSize(p1: number, p2: number): number {
  for (const [name, p] of [["p1", p1], ["p2", p2]] as const) if (!(p >= 0 && p <= 1)) throw invalidParameter(`${name} must lie in [0, 1], got ${p}.`);
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

function checkAlternative(alternative: string): void {
  if (!["two-sided", "larger", "smaller"].includes(alternative)) throw invalidParameter(`alternative must be two-sided, larger or smaller (statsmodels' names), got "${alternative}".`);
}

/** NormalIndPower().power(effect_size, nobs1, alpha, ratio, alternative). */
export function normalIndPower(effectSize: number, nobs1: number, alpha: number, ratio = 1, alternative: PowerAlternative = "two-sided"): number {
  checkAlternative(alternative);
  const nobs = ratio === 0 ? nobs1 : 1 / (1 / nobs1 + 1 / (nobs1 * ratio));
  const a = alternative === "two-sided" ? alpha / 2 : alpha;
  const shift = effectSize * Math.sqrt(nobs);
  let power = 0;
  if (alternative !== "smaller") power += normalSf(normalPpf(1 - a) - shift);
  if (alternative !== "larger") power += normalCdf(normalPpf(a) - shift);
  return power;
}

/** TTestIndPower().power(effect_size, nobs1, alpha, ratio, alternative): noncentral t with nobs1 + nobs2 − 2 df. */
export function ttestIndPower(effectSize: number, nobs1: number, alpha: number, ratio = 1, alternative: PowerAlternative = "two-sided"): number {
  checkAlternative(alternative);
  const nobs2 = nobs1 * ratio;
  const df = nobs1 - 1 + (nobs2 - 1);
  if (!(df > 0)) return NaN;
  const nobs = 1 / (1 / nobs1 + 1 / nobs2);
  const a = alternative === "two-sided" ? alpha / 2 : alpha;
  const nc = effectSize * Math.sqrt(nobs);
  let power = 0;
  if (alternative !== "smaller") power += noncentralTSf(studentTIsf(a, df), df, nc);
  if (alternative !== "larger") power += noncentralTCdf(studentTPpf(a, df), df, nc);
  return power;
}

type PowerFn = (effectSize: number, nobs1: number, alpha: number, ratio: number, alternative: PowerAlternative) => number;

/** Brent-free but robust: bisection on a bracket found by doubling, to a relative 1e-12. */
function solveMonotone(f: (x: number) => number, lo: number, hi: number, maxHi: number): number {
  let flo = f(lo);
  let fhi = f(hi);
  while (Math.sign(flo) === Math.sign(fhi)) {
    if (hi >= maxHi) throw invalidParameter("no solution in range: check that power > alpha and the other arguments are sensible.");
    lo = hi;
    flo = fhi;
    hi = Math.min(hi * 2, maxHi);
    fhi = f(hi);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function solve(powerFn: PowerFn, args: PowerArgs, name: string, minNobs: number): number {
  const { ratio = 1, alternative = "two-sided" } = args;
  checkAlternative(alternative);
  const keys = ["effectSize", "nobs1", "alpha", "power"] as const;
  const missing = keys.filter((k) => args[k] === undefined);
  if (missing.length !== 1) throw invalidParameter(`${name}: leave exactly one of effectSize, nobs1, alpha, power undefined (it is solved for); got ${missing.length === 0 ? "none" : missing.join(", ")} undefined.`);
  const { effectSize, nobs1, alpha, power } = args;
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw invalidParameter(`alpha must lie in (0, 1), got ${alpha}.`);
  if (power !== undefined && !(power > 0 && power < 1)) throw invalidParameter(`power must lie in (0, 1), got ${power}.`);
  if (nobs1 !== undefined && !(nobs1 >= minNobs)) throw invalidParameter(`nobs1 must be >= ${minNobs}, got ${nobs1}.`);
  if (!(ratio > 0)) throw invalidParameter(`ratio must be > 0, got ${ratio}.`);
  if (effectSize !== undefined && !Number.isFinite(effectSize)) throw invalidParameter(`effectSize must be a finite number, got ${effectSize}.`);
  switch (missing[0]) {
    case "power":
      return powerFn(effectSize!, nobs1!, alpha!, ratio, alternative);
    case "nobs1": {
      if (effectSize === 0) throw invalidParameter("effectSize 0 needs infinitely many observations; give the smallest effect worth detecting.");
      const f = (n: number) => powerFn(effectSize!, n, alpha!, ratio, alternative) - power!;
      // Start the bracket at 2 units: below that the t-test has almost no df and its power is not monotone.
      const start = Math.max(minNobs, 2);
      return f(start) >= 0 ? solveMonotone(f, minNobs, start, start) : solveMonotone(f, start, 16, 1e13);
    }
    case "alpha":
      return solveMonotone((a) => powerFn(effectSize!, nobs1!, a, ratio, alternative) - power!, 1e-15, 1 - 1e-15, 1 - 1e-15);
    default: {
      // Effect size: positive root for two-sided and larger, negative for smaller (as statsmodels' start values).
      const sign = alternative === "smaller" ? -1 : 1;
      return sign * solveMonotone((d) => powerFn(sign * d, nobs1!, alpha!, ratio, alternative) - power!, 0, 1, 1e6);
    }
  }
}

/** NormalIndPower().solve_power(...): the one argument left undefined. */
export function normalIndSolvePower(args: PowerArgs): number {
  return solve(normalIndPower, args, "normalIndSolvePower", 1e-9);
}

/** tt_ind_solve_power(...): the one argument left undefined (nobs1 > 1: the t-test needs 2 df at least). */
export function ttIndSolvePower(args: PowerArgs): number {
  return solve(ttestIndPower, args, "ttIndSolvePower", 1 + 1e-9);
}

export interface SampleSizePlan {
  /** Units per arm (control = nobs1, treatment = ratio·nobs1), rounded up. */
  controlSize: number;
  treatmentSize: number;
  /** The standardised effect the plan is built on (Cohen's h for proportions, d for means). */
  effectSize: number;
}

function plan(nobs1: number, ratio: number, effectSize: number): SampleSizePlan {
  return { controlSize: Math.ceil(nobs1 - 1e-9), treatmentSize: Math.ceil(nobs1 * ratio - 1e-9), effectSize };
}

export interface ProportionPlanOptions {
  /** Control conversion rate. */
  baseline: number;
  /** Smallest relative lift worth detecting, e.g. 0.02 for +2%. */
  mde: number;
  alpha?: number;
  power?: number;
  ratio?: number;
  alternative?: PowerAlternative;
}

/** Units per arm to detect a relative lift of a conversion rate: Cohen's h with NormalIndPower (statsmodels' recipe). */
export function sampleSizeProportions(o: ProportionPlanOptions): SampleSizePlan {
  const { baseline, mde, alpha = 0.05, power = 0.8, ratio = 1, alternative = "two-sided" } = o;
  const target = baseline * (1 + mde);
  if (!(baseline > 0 && baseline < 1)) throw invalidParameter(`baseline must lie in (0, 1), got ${baseline}.`);
  if (!(target > 0 && target < 1) || mde === 0) throw invalidParameter(`mde ${mde} moves the baseline ${baseline} to ${target}: it must be non-zero and stay in (0, 1).`);
  const h = proportionEffectSize(target, baseline);
  const alt = alternative === "two-sided" ? alternative : h > 0 ? "larger" : "smaller";
  return plan(normalIndSolvePower({ effectSize: h, alpha, power, ratio, alternative: alt }), ratio, h);
}

export interface MeanPlanOptions {
  /** Standard deviation of the metric per unit. */
  sd: number;
  /** Smallest absolute difference of means worth detecting. */
  mde: number;
  alpha?: number;
  power?: number;
  ratio?: number;
  alternative?: PowerAlternative;
}

/** Units per arm to detect an absolute difference of means: d = mde/sd with tt_ind_solve_power. */
export function sampleSizeMeans(o: MeanPlanOptions): SampleSizePlan {
  const { sd, mde, alpha = 0.05, power = 0.8, ratio = 1, alternative = "two-sided" } = o;
  if (!(sd > 0)) throw invalidParameter(`sd must be > 0, got ${sd}.`);
  const d = mde / sd;
  return plan(ttIndSolvePower({ effectSize: d, alpha, power, ratio, alternative }), ratio, d);
}

/** The smallest relative lift of a conversion rate detectable with nobs1 control units (inverse of Cohen's h). */
export function mdeProportions(o: { baseline: number; nobs1: number; alpha?: number; power?: number; ratio?: number }): number {
  const { baseline, nobs1, alpha = 0.05, power = 0.8, ratio = 1 } = o;
  if (!(baseline > 0 && baseline < 1)) throw invalidParameter(`baseline must lie in (0, 1), got ${baseline}.`);
  const h = normalIndSolvePower({ nobs1, alpha, power, ratio });
  const phi = 2 * Math.asin(Math.sqrt(baseline)) + h;
  if (phi > Math.PI) throw invalidParameter(`with ${nobs1} units per arm no lift of ${baseline} is detectable at power ${power}: add units.`);
  return Math.sin(phi / 2) ** 2 / baseline - 1;
}

/** The smallest absolute difference of means detectable with nobs1 control units (d·sd). */
export function mdeMeans(o: { sd: number; nobs1: number; alpha?: number; power?: number; ratio?: number }): number {
  const { sd, nobs1, alpha = 0.05, power = 0.8, ratio = 1 } = o;
  if (!(sd > 0)) throw invalidParameter(`sd must be > 0, got ${sd}.`);
  return ttIndSolvePower({ nobs1, alpha, power, ratio }) * sd;
}
