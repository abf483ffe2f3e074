// Validation gates: a model's evaluation against thresholds, a champion and fairness limits; pass or fail with reasons.

import { LabopsError, invalidParameter } from "../core/errors";
import type { ClassificationEvaluation, RegressionEvaluation } from "./evaluate";
import type { FairnessReport } from "./fairness";
import { resolveGateConfig, type GateConfig, type GateConfigInput } from "./gate-config";

export interface GateOutcome {
  /** The gate's name, e.g. "accuracy", "precision[setosa]", "champion.f1Macro", "fairness.equalizedOddsDifference". */
  gate: string;
  observed: number;
  threshold: number;
  /** How observed must compare with threshold. */
  op: ">=" | "<=";
  passed: boolean;
  /** One sentence: what was measured and what was needed. */
  reason: string;
}

export interface GateResult {
  passed: boolean;
  gates: GateOutcome[];
  failed: GateOutcome[];
  /** Gates that could not be checked and why (e.g. the champion has no value for a metric). */
  skipped: { gate: string; reason: string }[];
  config: GateConfig;
}

export interface ValidateOptions {
  /** Gate settings (defaults: the seed's validator; see GateConfig). */
  config?: GateConfigInput | GateConfig;
  /** The current champion's metrics by the names of evaluationMetrics(); turns the champion gates on. */
  championMetrics?: Record<string, number>;
  /** A fairness report; checked against config.fairness. */
  fairness?: FairnessReport;
}

/** Metrics where lower is better: compared with the champion the other way round. */
const LOWER_IS_BETTER = new Set(["logLoss", "brier", "ece", "mae", "mse", "rmse", "mape", "medianAbsoluteError", "maxError"]);

/** An evaluation's metrics as one flat record of numbers, by the names gates and champions use. */
export function evaluationMetrics(ev: ClassificationEvaluation | RegressionEvaluation): Record<string, number> {
  if (ev.task === "regression") {
    const { mae, mse, rmse, r2, mape, medianAbsoluteError, maxError, explainedVariance } = ev;
    return { mae, mse, rmse, r2, mape, medianAbsoluteError, maxError, explainedVariance };
  }
  const out: Record<string, number> = {
    accuracy: ev.accuracy,
    balancedAccuracy: ev.balancedAccuracy,
    precisionMacro: ev.macro.precision,
    recallMacro: ev.macro.recall,
    f1Macro: ev.macro.f1,
    precisionWeighted: ev.weighted.precision,
    recallWeighted: ev.weighted.recall,
    f1Weighted: ev.weighted.f1,
  };
  const p = ev.probabilities;
  if (p) Object.assign(out, { rocAuc: p.rocAuc, averagePrecision: p.averagePrecision, logLoss: p.logLoss, brier: p.brier, meanConfidence: p.meanConfidence, ece: p.calibration.ece });
  if (p && ev.classes.length > 2) Object.assign(out, { rocAucOvrWeighted: p.rocAucOvrWeighted });
  if (p && ev.classes.length === 2) out.prAuc = p.prAuc;
  return out;
}

const fmt = (n: number) => (Number.isNaN(n) ? "NaN" : Number(n.toPrecision(6)).toString());

function outcome(gate: string, observed: number, threshold: number, op: ">=" | "<=", what = gate): GateOutcome {
  // NaN never passes: an undefined metric cannot show the model is good enough.
  const passed = op === ">=" ? observed >= threshold : observed <= threshold;
  const reason = `${what} is ${fmt(observed)}; ${passed ? "meets" : "needs"} ${op} ${fmt(threshold)}`;
  return { gate, observed, threshold, op, passed, reason };
}

/** Checks an evaluation against the gates. Pure: logs nothing (see logGateResult). */
export function validateModel(ev: ClassificationEvaluation | RegressionEvaluation, options: ValidateOptions = {}): GateResult {
  const config = resolveGateConfig((options.config ?? {}) as GateConfigInput);
  const gates: GateOutcome[] = [];
  const skipped: GateResult["skipped"] = [];
  const metrics = evaluationMetrics(ev);
  if (ev.task === "classification") {
    if (config.accuracy !== null) gates.push(outcome("accuracy", ev.accuracy, config.accuracy, ">="));
    if (config.f1Macro !== null) gates.push(outcome("f1Macro", ev.macro.f1, config.f1Macro, ">=", "macro F1"));
    for (const c of ev.perClass) {
      if (config.perClassPrecision !== null) gates.push(outcome(`precision[${c.label}]`, c.precision, config.perClassPrecision, ">=", `precision of class ${c.label}`));
      if (config.perClassRecall !== null) gates.push(outcome(`recall[${c.label}]`, c.recall, config.perClassRecall, ">=", `recall of class ${c.label}`));
    }
    if (config.meanConfidence !== null) {
      if (ev.probabilities) gates.push(outcome("meanConfidence", ev.probabilities.meanConfidence, config.meanConfidence, ">=", "mean confidence"));
      else gates.push({ gate: "meanConfidence", observed: Number.NaN, threshold: config.meanConfidence, op: ">=", passed: false, reason: "mean confidence needs predicted probabilities (yProba); none were given. Pass them, or set meanConfidence to null to turn the gate off" });
    }
  }
  for (const [name, b] of Object.entries(config.metrics)) {
    const v = metrics[name];
    if (v === undefined) throw invalidParameter(`Gate on metric '${name}': this evaluation has no such metric; known: ${Object.keys(metrics).join(", ")}.`);
    if (b.min !== undefined) gates.push(outcome(name, v, b.min, ">="));
    if (b.max !== undefined) gates.push(outcome(name, v, b.max, "<="));
  }
  if (options.championMetrics) {
    const rel = config.champion.minRelativeImprovement;
    for (const name of config.champion.metrics) {
      const mine = metrics[name];
      const theirs = options.championMetrics[name];
      if (mine === undefined) throw invalidParameter(`champion.metrics names '${name}', which this evaluation does not have; known: ${Object.keys(metrics).join(", ")}.`);
      if (theirs === undefined || !Number.isFinite(theirs)) {
        skipped.push({ gate: `champion.${name}`, reason: `the champion has no value for ${name}` });
        continue;
      }
      const lower = LOWER_IS_BETTER.has(name);
      // Relative to the champion's magnitude, so a negative R2 or score still needs a real improvement.
      const threshold = lower ? theirs - rel * Math.abs(theirs) : theirs + rel * Math.abs(theirs);
      const o = outcome(`champion.${name}`, mine, threshold, lower ? "<=" : ">=", `${name} (champion ${fmt(theirs)}, ${fmt(rel * 100)}% ${lower ? "lower" : "higher"} needed)`);
      gates.push(o);
    }
  }
  const f = options.fairness;
  const limits = config.fairness;
  if (f) {
    const check = (key: keyof typeof limits, op: ">=" | "<=") => {
      const t = limits[key];
      if (t !== null) gates.push(outcome(`fairness.${key}`, f[key], t, op));
    };
    check("demographicParityDifference", "<=");
    check("demographicParityRatio", ">=");
    check("equalizedOddsDifference", "<=");
    check("equalizedOddsRatio", ">=");
  } else if (Object.values(limits).some((v) => v !== null)) {
    skipped.push({ gate: "fairness", reason: "fairness limits are set but no fairness report was given" });
  }
  const failed = gates.filter((g) => !g.passed);
  return { passed: failed.length === 0, gates, failed, skipped, config };
}

/**
 * Throws unless every gate passed. With `force`, returns instead and says what was overridden: the registry
 * records that text in the model's audit history (the registration hook: call this before registering, and
 * pass its `auditNote` as the entry's reason when forced).
 */
export function assertGatesPass(result: GateResult, options: { force?: boolean } = {}): { forced: boolean; auditNote: string | null } {
  if (result.passed) return { forced: false, auditNote: null };
  const list = result.failed.map((g) => `${g.gate} (${g.reason})`).join("; ");
  if (options.force) return { forced: true, auditNote: `Registered despite ${result.failed.length} failed validation gate${result.failed.length === 1 ? "" : "s"} (forced): ${list}` };
  throw new LabopsError("INVALID_STATE", `The model failed ${result.failed.length} validation gate${result.failed.length === 1 ? "" : "s"}: ${list}. Improve the model, change the gate settings, or force the registration (it is recorded in the audit history).`);
}
