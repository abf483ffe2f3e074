// Turns a prediction log (with outcomes) into the A/B metrics of a rollout: per unit, the champion's units are
// control and the challenger's treatment; a unit's value is the mean over its labelled predictions.

import fs from "node:fs";
import { invalidParameter } from "../core/errors";
import type { MetricInput } from "../abtest/experiment";
import { checkPredictionRecord, type PredictionRecord } from "../data/prediction-log";
import { parseJsonLines } from "../data/readers";
import { CHALLENGER_VARIANT, CHAMPION_VARIANT } from "./prediction-server";

export const ROLLOUT_METRICS = ["accuracy", "log_loss", "latency_ms"] as const;
export type RolloutMetricName = (typeof ROLLOUT_METRICS)[number];

export interface RolloutMetricsResult {
  metrics: MetricInput[];
  /** Units assigned per arm (labelled or not), for the sample-ratio check. */
  assignments: { control: number; treatment: number };
  labelled: number;
  records: number;
}

function readRecords(file: string): PredictionRecord[] {
  if (!fs.existsSync(file)) throw invalidParameter(`No prediction log '${file}'; give the --log that labops serve writes.`);
  return parseJsonLines(fs.readFileSync(file, "utf8"), file).map((r, i) => checkPredictionRecord(r, `${file}, record ${i + 1}`));
}

/** Outcomes joined by unit: a JSONL file of {unitId, label}; the last one of a unit wins. */
export function readOutcomes(file: string): Map<string, number | string> {
  if (!fs.existsSync(file)) throw invalidParameter(`No outcomes file '${file}'.`);
  const out = new Map<string, number | string>();
  parseJsonLines(fs.readFileSync(file, "utf8"), file).forEach((r, i) => {
    const o = r as { unitId?: unknown; label?: unknown };
    if (typeof o?.unitId !== "string" || (typeof o.label !== "number" && typeof o.label !== "string")) throw invalidParameter(`${file}, record ${i + 1}: expected {"unitId": string, "label": number or string}.`);
    out.set(o.unitId, o.label);
  });
  return out;
}

/** The metrics of a rollout from its log; `models` restricts to the two versions under test ("models:/rain/2"). */
export function rolloutMetrics(logFile: string, o: { metrics?: readonly string[]; outcomes?: string; champion?: string; challenger?: string } = {}): RolloutMetricsResult {
  const names = (o.metrics?.length ? o.metrics : ["accuracy"]) as RolloutMetricName[];
  for (const n of names) if (!ROLLOUT_METRICS.includes(n)) throw invalidParameter(`--metric '${n}' is not known; use ${ROLLOUT_METRICS.join(", ")}.`);
  const outcomes = o.outcomes ? readOutcomes(o.outcomes) : null;
  const records = readRecords(logFile);
  const units = new Map<string, { arm: 0 | 1; correct: number[]; loss: number[]; latency: number[] }>();
  let labelled = 0;
  for (const r of records) {
    if (r.variant !== CHAMPION_VARIANT && r.variant !== CHALLENGER_VARIANT) continue;
    const wanted = r.variant === CHAMPION_VARIANT ? o.champion : o.challenger;
    if (wanted !== undefined && !r.modelVersion.endsWith(`/${wanted}`)) continue; // an earlier rollout's line
    const arm = r.variant === CHAMPION_VARIANT ? 0 : 1;
    let u = units.get(r.unitId);
    if (!u) units.set(r.unitId, (u = { arm, correct: [], loss: [], latency: [] }));
    if (u.arm !== arm) throw invalidParameter(`${logFile}: unit '${r.unitId}' was served by both variants; assignment is not sticky, the test is invalid.`);
    u.latency.push(r.latencyMs);
    const label = outcomes?.get(r.unitId) ?? r.label;
    if (label === undefined || label === null) continue;
    labelled++;
    u.correct.push(String(label) === String(r.prediction) ? 1 : 0);
    // The probability the model gave the true class: its confidence when it predicted it, else the rest.
    const pTrue = String(label) === String(r.prediction) ? r.confidence : 1 - r.confidence;
    u.loss.push(-Math.log(Math.min(Math.max(pTrue, 1e-15), 1)));
  }
  const arms: [number[], number[]][] = names.map(() => [[], []]);
  for (const u of units.values()) {
    names.forEach((n, k) => {
      const xs = n === "accuracy" ? u.correct : n === "log_loss" ? u.loss : u.latency;
      if (xs.length) arms[k]![u.arm].push(xs.reduce((s, x) => s + x, 0) / xs.length);
    });
  }
  const metrics: MetricInput[] = names.map((n, k) => {
    const [control, treatment] = arms[k]!;
    if (control.length < 2 || treatment.length < 2) throw invalidParameter(`${logFile}: metric ${n} needs at least 2 units per variant with ${n === "latency_ms" ? "predictions" : "outcomes"}; it has ${control.length} (champion) and ${treatment.length} (challenger).`);
    if (n === "latency_ms") return { name: n, kind: "mean", role: "guardrail", direction: "decrease", tolerance: 0.1, control, treatment };
    return { name: n, kind: "mean", role: k === 0 ? "goal" : "secondary", direction: n === "log_loss" ? "decrease" : "increase", control, treatment };
  });
  let control = 0;
  let treatment = 0;
  for (const u of units.values()) u.arm === 0 ? control++ : treatment++;
  return { metrics, assignments: { control, treatment }, labelled, records: records.length };
}
