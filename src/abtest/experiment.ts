// An experiment read-out over several metrics: one test per metric, Holm or Benjamini–Hochberg across goal and
// secondary metrics, guardrails judged against a tolerance, the SRM check, and a recommendation with its reasons.

import { invalidParameter } from "../core/errors";
import { adjustPValues, type PValueCorrection } from "../stats";
import { toMeanSummary, type MeanInput, type ProportionInput } from "./arm-summary";
import type { Comparison } from "./comparison";
import { proportionsZTest } from "./proportion-test";
import { relativeLift } from "./relative-lift";
import { csMultiplier, csPValue } from "./sequential";
import { SRM_THRESHOLD, srmCheck, type SrmResult } from "./srm";
import { welchTest } from "./welch-test";

export type MetricRole = "goal" | "secondary" | "guardrail";

interface MetricBase {
  name: string;
  /** Default "goal". */
  role?: MetricRole;
  /** Which way is better. Default "increase". */
  direction?: "increase" | "decrease";
  /** Guardrails: the relative regression tolerated (0.01 = 1% worse). Default 0. */
  tolerance?: number;
}

export type MetricInput =
  | (MetricBase & { kind: "mean"; control: MeanInput; treatment: MeanInput })
  | (MetricBase & { kind: "proportion"; control: ProportionInput; treatment: ProportionInput });

export type GuardrailStatus = "pass" | "fail" | "inconclusive";

export interface MetricResult extends Comparison {
  name: string;
  role: MetricRole;
  direction: "increase" | "decrease";
  /** p-value after the correction (guardrails are not corrected, as GrowthBook). */
  adjustedPValue: number;
  /** Lift in the better direction: > 0 is an improvement whichever way the metric should move. */
  improvement: number;
  /** Guardrails only: fail when the regression is significant and its estimate exceeds the tolerance. */
  guardrail?: { status: GuardrailStatus; tolerance: number };
}

export type Recommendation = "ship" | "rollback" | "keep-running" | "no-difference" | "investigate-srm";

export interface ExperimentAnalysis {
  alpha: number;
  correction: PValueCorrection;
  metrics: MetricResult[];
  srm: SrmResult | null;
  recommendation: Recommendation;
  reasons: string[];
}

export interface AnalyzeOptions {
  alpha?: number;
  /** Across goal and secondary metrics. Default "holm". */
  correction?: PValueCorrection;
  /** Units assigned per arm [control, treatment] and the planned shares, for the SRM check. */
  assignments?: { control: number; treatment: number; shares?: [number, number] };
  /** Smallest relative improvement of the goal metrics worth shipping. Default 0. */
  minImprovement?: number;
  /**
   * Always-valid p-values and CIs (GrowthBook's confidence sequences, tuned at N* units) instead of fixed-horizon
   * ones, for results looked at repeatedly (rollout checks). Default off.
   */
  sequential?: { tuning?: number } | false;
}

/** Guardrail verdict from the lift CI, in the better direction: pass when its worst case is within the tolerance. */
export function guardrailStatus(improvement: number, ci: { lower: number; upper: number }, direction: "increase" | "decrease", tolerance: number, significant: boolean): GuardrailStatus {
  const worst = direction === "increase" ? ci.lower : -ci.upper;
  if (significant && improvement < -tolerance) return "fail";
  if (worst >= -tolerance) return "pass";
  return "inconclusive";
}

export function analyzeExperiment(metrics: readonly MetricInput[], options: AnalyzeOptions = {}): ExperimentAnalysis {
  const { alpha = 0.05, correction = "holm", minImprovement = 0 } = options;
  if (metrics.length === 0) throw invalidParameter("analyzeExperiment needs at least one metric.");
  if (!(minImprovement >= 0)) throw invalidParameter(`minImprovement must be >= 0, got ${minImprovement}.`);
  const names = new Set<string>();
  const results: MetricResult[] = metrics.map((m) => {
    if (names.has(m.name)) throw invalidParameter(`metric "${m.name}" is given twice; give each metric a unique name.`);
    names.add(m.name);
    const role = m.role ?? "goal";
    const direction = m.direction ?? "increase";
    if (!["goal", "secondary", "guardrail"].includes(role)) throw invalidParameter(`metric "${m.name}": role must be goal, secondary or guardrail, got "${role}".`);
    if (direction !== "increase" && direction !== "decrease") throw invalidParameter(`metric "${m.name}": direction must be increase or decrease, got "${String(direction)}".`);
    const tolerance = m.tolerance ?? 0;
    if (!(tolerance >= 0)) throw invalidParameter(`metric "${m.name}": tolerance must be >= 0, got ${tolerance}.`);
    let cmp: Comparison;
    // Variances per arm, which the sequential CIs need too (raw arrays are summarised once, here).
    let variances: [number, number];
    if (m.kind === "mean") {
      const c = toMeanSummary(m.control, `metric "${m.name}" control`);
      const t = toMeanSummary(m.treatment, `metric "${m.name}" treatment`);
      cmp = welchTest(c, t, { alpha });
      variances = [c.variance, t.variance];
    } else if (m.kind === "proportion") {
      cmp = proportionsZTest(m.control, m.treatment, { alpha });
      variances = [cmp.control.mean * (1 - cmp.control.mean), cmp.treatment.mean * (1 - cmp.treatment.mean)];
    } else throw invalidParameter(`metric "${(m as MetricBase).name}": kind must be mean or proportion, got "${String((m as { kind: unknown }).kind)}".`);
    if (options.sequential) cmp = toSequential(cmp, variances, alpha, options.sequential.tuning ?? 5000);
    const sign = direction === "increase" ? 1 : -1;
    const r: MetricResult = { ...cmp, name: m.name, role, direction, adjustedPValue: cmp.pValue, improvement: sign * cmp.lift };
    if (role === "guardrail") r.guardrail = { status: guardrailStatus(r.improvement, cmp.liftCi, direction, tolerance, cmp.significant), tolerance };
    return r;
  });
  const tested = results.filter((r) => r.role !== "guardrail");
  const adjusted = adjustPValues(tested.map((r) => r.pValue), correction);
  tested.forEach((r, i) => {
    r.adjustedPValue = adjusted[i]!;
    r.significant = r.adjustedPValue < alpha;
  });

  let srm: SrmResult | null = null;
  if (options.assignments) {
    const { control, treatment, shares = [1, 1] } = options.assignments;
    srm = srmCheck([control, treatment], shares);
  }
  const reasons: string[] = [];
  let recommendation: Recommendation;
  const goals = results.filter((r) => r.role === "goal");
  const failed = results.filter((r) => r.guardrail?.status === "fail");
  const worse = goals.filter((r) => r.significant && r.improvement < 0);
  const better = goals.filter((r) => r.significant && r.improvement > 0);
  if (srm?.mismatch) {
    recommendation = "investigate-srm";
    reasons.push(`sample ratio mismatch: p = ${srm.pValue.toExponential(2)} < ${SRM_THRESHOLD}; the assignment is broken and the metrics cannot be trusted.`);
  } else if (failed.length > 0 || worse.length > 0) {
    recommendation = "rollback";
    for (const r of failed) reasons.push(`guardrail "${r.name}" regressed by ${pct(-r.improvement).slice(1)} (tolerance ${pct(r.guardrail!.tolerance)}, p = ${fmt(r.pValue)}).`);
    for (const r of worse) reasons.push(`goal "${r.name}" is significantly worse: ${pct(r.improvement)} (adjusted p = ${fmt(r.adjustedPValue)}).`);
  } else if (goals.length > 0 && better.length === goals.length && better.every((r) => r.improvement >= minImprovement)) {
    recommendation = "ship";
    for (const r of better) reasons.push(`goal "${r.name}" improved by ${pct(r.improvement)} (adjusted p = ${fmt(r.adjustedPValue)}).`);
    for (const r of results.filter((x) => x.guardrail)) reasons.push(`guardrail "${r.name}": ${r.guardrail!.status}.`);
  } else if (goals.length > 0 && minImprovement > 0 && goals.every((r) => !r.significant && Math.abs(r.liftCi.lower) < minImprovement && Math.abs(r.liftCi.upper) < minImprovement)) {
    recommendation = "no-difference";
    reasons.push(`no goal metric moved and every lift CI lies within ±${pct(minImprovement).slice(1)}: the change cannot reach the minimum improvement.`);
  } else {
    recommendation = "keep-running";
    for (const r of goals) reasons.push(`goal "${r.name}": ${pct(r.improvement)}, adjusted p = ${fmt(r.adjustedPValue)}${r.significant && r.improvement < minImprovement ? `, below the minimum improvement ${pct(minImprovement)}` : r.significant ? "" : ", not significant yet"}.`);
  }
  return { alpha, correction, metrics: results, srm, recommendation, reasons };
}

/** Replaces a fixed-horizon comparison's p-value and CIs by the confidence sequence's (same estimates). */
function toSequential(cmp: Comparison, [vc, vt]: [number, number], alpha: number, tuning: number): Comparison {
  const n = cmp.control.n + cmp.treatment.n;
  const seDiff = Math.sqrt(vt / cmp.treatment.n + vc / cmp.control.n);
  const lift = relativeLift({ ...cmp.control, variance: vc }, { ...cmp.treatment, variance: vt }, alpha);
  const k = csMultiplier(n, alpha, tuning);
  const pValue = csPValue(cmp.difference / seDiff, n, alpha, tuning);
  return {
    ...cmp,
    differenceCi: { lower: cmp.difference - k * seDiff, upper: cmp.difference + k * seDiff },
    liftCi: { lower: lift.lift - k * lift.se, upper: lift.lift + k * lift.se },
    pValue,
    significant: pValue < alpha,
  };
}

function pct(x: number): string {
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%`;
}

function fmt(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}
