// What the `ab` commands share: the model option, the rollout store beside the registry, the log-based metrics.

import { UsageError } from "../../../src/cli/args";
import { JSON_OPTION } from "../../../src/cli/command";
import type { RolloutState } from "../../../src/abtest/rollout";
import type { RolloutStore } from "../../../src/abtest/rollout-store";
import type { ModelRegistryClient } from "../../../src/registry/registry-client";
import { LabopsError } from "../../../src/core/errors"; // already loaded by the CLI

export const modelOption = { name: "model", type: "string", value: "NAME", description: "The registered model under test.", required: true } as const;
export const logOption = { name: "log", type: "string", value: "FILE", description: "The prediction log labops serve wrote (with labels, or see --outcomes).", required: true } as const;
export const outcomesOption = { name: "outcomes", type: "string", value: "FILE", description: "JSONL of {unitId, label} joined to the log by unit." } as const;
export const metricOption = { name: "metric", type: "string[]", value: "NAME", description: "accuracy (default, the goal), log_loss, latency_ms (a guardrail); repeatable." } as const;
export const reasonOption = { name: "reason", type: "string", value: "TEXT", description: "Why: recorded in the rollout's audit and the model's history." } as const;
export const checkOptions = [modelOption, logOption, outcomesOption, metricOption, JSON_OPTION] as const;

export function rollouts(registry: ModelRegistryClient): RolloutStore {
  const { rolloutStoreFor }: typeof import("../../../src/serving/prediction-server") = require("../../../src/serving/prediction-server");
  return rolloutStoreFor(registry);
}

export async function loadRollout(registry: ModelRegistryClient, model: string): Promise<{ store: RolloutStore; state: RolloutState }> {
  const store = rollouts(registry);
  const state = await store.load(model);
  if (!state) throw new LabopsError("RESOURCE_DOES_NOT_EXIST", `no rollout for model '${model}'; start one with \`labops ab start --model ${model} --challenger V\`.`);
  return { store, state };
}

/** Analyses the log against the rollout and decides, without changing anything. */
export async function analyseRollout(registry: ModelRegistryClient, o: { model: string; log: string; outcomes?: string; metric?: string[] }) {
  const { state, store } = await loadRollout(registry, o.model);
  const { rolloutMetrics }: typeof import("../../../src/serving/rollout-metrics") = require("../../../src/serving/rollout-metrics");
  const { analyzeExperiment }: typeof import("../../../src/abtest/experiment") = require("../../../src/abtest/experiment");
  const { decideRollout }: typeof import("../../../src/abtest/rollout") = require("../../../src/abtest/rollout");
  const data = rolloutMetrics(o.log, { metrics: o.metric, outcomes: o.outcomes, champion: state.champion, challenger: state.challenger });
  const cfg = state.config;
  const analysis = analyzeExperiment(data.metrics, {
    alpha: cfg.alpha,
    correction: cfg.correction,
    minImprovement: cfg.minImprovement,
    sequential: cfg.sequential,
    assignments: { ...data.assignments, shares: [1 - state.share, state.share] },
  });
  const decision = decideRollout(state, analysis, Date.now());
  return { state, store, analysis, decision, data };
}

export function positiveNumber(value: number | undefined, option: string): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new UsageError(`--${option} takes a number >= 0, got '${value}'.`);
  return value;
}

export const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;

/** The rollout's stage and its timeline as lines of text. */
export function statusText(state: RolloutState): string {
  const lines = [
    `${state.name}: ${state.status}, challenger version ${state.challenger} at ${pct(state.share)} (stage ${state.stage + 1} of ${state.config.stages.length}: ${state.config.stages.map(pct).join(" -> ")}), champion version ${state.champion}`,
    "",
    "AT                        ACTION    SHARE          BY        REASON",
  ];
  for (const a of state.audit) lines.push(`${a.at.padEnd(25)} ${a.action.padEnd(9)} ${`${pct(a.from.share)} -> ${pct(a.to.share)}`.padEnd(14)} ${a.by.padEnd(9)} ${a.reasons.join(" ")}`);
  return lines.join("\n");
}
