// Logging evaluations, gate results and model cards on a run through labops' tracking API.

import { invalidParameter } from "../core/errors";
import type { Metric } from "../entities";
import { activeRun, getClient } from "../tracking/fluent";
import type { ClassificationEvaluation, RegressionEvaluation } from "./evaluate";
import { evaluationMetrics, type GateResult } from "./gates";
import type { ModelCard } from "./model-card";

export interface LogTarget {
  /** The run to log to; default the active run. */
  runId?: string;
}

function targetRun(options: LogTarget, what: string): string {
  const id = options.runId ?? activeRun()?.runId;
  if (!id) throw invalidParameter(`${what} logs to a run: start one (startRun / withRun) or pass runId.`);
  return id;
}

/** Typed arrays as plain arrays, non-finite numbers as null: what JSON can hold. */
export function toJsonSafe(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => toJsonSafe(v));
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  return value;
}

/** A gate's tag key: `labops.gates.<gate>` with characters MLflow keys refuse turned into '_' ("precision[a b]" -> "precision.a b"). */
export function gateTagKey(gate: string): string {
  return `labops.gates.${gate.replace(/\[(.*)\]$/, ".$1").replace(/[^A-Za-z0-9_\-. :/]/g, "_")}`;
}

/**
 * Records a gate result on a run: the tag `labops.gates.passed` ("true"/"false"), one tag per gate ("pass"/"fail"),
 * and the whole result (observed values, thresholds, reasons, settings) as the JSON artifact `evaluation/gates.json`.
 */
export async function logGateResult(result: GateResult, options: LogTarget & { artifactFile?: string } = {}): Promise<void> {
  const runId = targetRun(options, "logGateResult");
  const tags = new Map<string, string>([["labops.gates.passed", String(result.passed)]]);
  for (const g of result.gates) {
    let key = gateTagKey(g.gate);
    for (let i = 2; tags.has(key); i++) key = `${gateTagKey(g.gate)}_${i}`;
    tags.set(key, g.passed ? "pass" : "fail");
  }
  const client = getClient();
  await client.logBatch(runId, { tags: [...tags].map(([key, value]) => ({ key, value })) });
  await client.logDict(runId, toJsonSafe(result), options.artifactFile ?? "evaluation/gates.json");
}

/** Logs an evaluation's metrics (by evaluationMetrics' names, with an optional prefix) and the full report as JSON. */
export async function logEvaluation(ev: ClassificationEvaluation | RegressionEvaluation, options: LogTarget & { prefix?: string; artifactFile?: string } = {}): Promise<void> {
  const runId = targetRun(options, "logEvaluation");
  const now = Date.now();
  const metrics: Metric[] = Object.entries(evaluationMetrics(ev)).map(([k, value]) => ({ key: `${options.prefix ?? ""}${k}`, value, step: 0, timestamp: now }));
  const client = getClient();
  await client.logBatch(runId, { metrics });
  await client.logDict(runId, toJsonSafe(ev), options.artifactFile ?? "evaluation/report.json");
}

/** Logs a model card as `model_card.md` and `model_card.html` (or under another base name). */
export async function logModelCard(card: ModelCard, options: LogTarget & { baseName?: string } = {}): Promise<void> {
  const runId = targetRun(options, "logModelCard");
  const base = options.baseName ?? "model_card";
  const client = getClient();
  await client.logText(runId, card.markdown, `${base}.md`);
  await client.logText(runId, card.html, `${base}.html`);
}
