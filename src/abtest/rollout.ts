// Gradual rollout of a challenger against the champion: start at 10% of traffic, expand 10 → 25 → 50 → 100 while
// the metrics hold, promote at 100%, roll back on a significant regression. Pure decisions over an injected
// RolloutStore; every transition is appended to the audit list with what, from, to, when, who and why.

import { alreadyExists, invalidParameter, LabopsError, notFound } from "../core/errors";
import { currentUser } from "../core/current-user";
import { assignVariant } from "./assignment";
import { analyzeExperiment, type AnalyzeOptions, type ExperimentAnalysis, type MetricInput } from "./experiment";
import type { RolloutStore } from "./rollout-store";

export type RolloutStatus = "running" | "promoted" | "rolled_back";
export type RolloutAction = "start" | "expand" | "promote" | "rollback";

export interface RolloutConfig {
  /** Challenger shares of traffic, ascending, the last one 1 (promotion). Default [0.1, 0.25, 0.5, 1]. */
  stages: number[];
  /** Time at a stage before it may expand. Default 24 h. */
  minStageDurationMs: number;
  /** Units per arm before a stage may expand (GrowthBook's minimum is 150 per variation). Default 1000. */
  minSamplesPerArm: number;
  /** Relative improvement of every goal metric needed to promote. Default 0.02 (2%). */
  minImprovement: number;
  alpha: number;
  correction: NonNullable<AnalyzeOptions["correction"]>;
  /**
   * A rollout is checked again and again: by default its p-values and CIs are always-valid (confidence sequences
   * tuned at N* units, GrowthBook's default 5000), so peeking does not inflate false rollbacks or promotions.
   * false: fixed-horizon tests.
   */
  sequential: { tuning: number } | false;
}

export const DEFAULT_ROLLOUT_CONFIG: Readonly<RolloutConfig> = Object.freeze({
  stages: [0.1, 0.25, 0.5, 1],
  minStageDurationMs: 24 * 3600 * 1000,
  minSamplesPerArm: 1000,
  minImprovement: 0.02,
  alpha: 0.05,
  correction: "holm",
  sequential: { tuning: 5000 },
});

export interface AuditEntry {
  action: RolloutAction;
  from: { status: RolloutStatus | null; share: number };
  to: { status: RolloutStatus; share: number };
  /** ISO 8601 time. */
  at: string;
  by: string;
  reasons: string[];
}

export interface RolloutState {
  name: string;
  /** Compare-and-set version, bumped by every save. */
  version: number;
  champion: string;
  challenger: string;
  /** Salt of the unit hash: fixed for the rollout so assignment stays sticky across stages. */
  salt: string;
  status: RolloutStatus;
  stage: number;
  /** The challenger's share of traffic now. */
  share: number;
  startedAt: string;
  stageStartedAt: string;
  config: RolloutConfig;
  audit: AuditEntry[];
}

export interface RolloutDecision {
  action: "expand" | "promote" | "rollback" | "hold";
  toShare: number;
  reasons: string[];
}

export interface ActorOptions {
  /** Who acts; default the current user. */
  user?: string;
  /** Epoch ms; default Date.now(). */
  now?: number;
}

function checkConfig(c: RolloutConfig): void {
  const s = c.stages;
  if (!Array.isArray(s) || s.length === 0 || s[s.length - 1] !== 1 || s.some((x, i) => !(x > 0 && x <= 1) || (i > 0 && x <= s[i - 1]!)))
    throw invalidParameter(`stages must ascend within (0, 1] and end at 1 (promotion), got ${JSON.stringify(s)}.`);
  if (!(c.minStageDurationMs >= 0)) throw invalidParameter(`minStageDurationMs must be >= 0, got ${c.minStageDurationMs}.`);
  if (!(Number.isInteger(c.minSamplesPerArm) && c.minSamplesPerArm >= 2)) throw invalidParameter(`minSamplesPerArm must be an integer >= 2, got ${c.minSamplesPerArm}.`);
  if (!(c.minImprovement >= 0)) throw invalidParameter(`minImprovement must be >= 0, got ${c.minImprovement}.`);
  if (!(c.alpha > 0 && c.alpha < 1)) throw invalidParameter(`alpha must lie in (0, 1), got ${c.alpha}.`);
  if (c.sequential !== false && !(c.sequential?.tuning > 0)) throw invalidParameter(`sequential must be false or { tuning: N* > 0 }, got ${JSON.stringify(c.sequential)}.`);
}

/** [champion, challenger] traffic weights for assignVariant. */
export function rolloutWeights(state: RolloutState): [number, number] {
  return [1 - state.share, state.share];
}

/** The model name that serves this unit now (sticky: the rollout's salt, the challenger owns the top of the hash). */
export function assignRolloutArm(state: RolloutState, unitId: string): string {
  return assignVariant(unitId, state.salt, rolloutWeights(state)) === 1 ? state.challenger : state.champion;
}

export async function startRollout(store: RolloutStore, o: { name: string; champion: string; challenger: string; config?: Partial<RolloutConfig>; reason?: string } & ActorOptions): Promise<RolloutState> {
  const config: RolloutConfig = { ...DEFAULT_ROLLOUT_CONFIG, stages: [...DEFAULT_ROLLOUT_CONFIG.stages], ...o.config };
  checkConfig(config);
  if (!o.champion || !o.challenger || o.champion === o.challenger) throw invalidParameter(`champion and challenger must be two different non-empty names, got "${o.champion}" and "${o.challenger}".`);
  if (config.stages.length < 2) throw invalidParameter("stages need at least one stage below 1 to compare the arms before promotion.");
  if (await store.load(o.name)) throw alreadyExists(`rollout "${o.name}" already exists; choose another name or check it.`);
  const at = new Date(o.now ?? Date.now()).toISOString();
  const share = config.stages[0]!;
  const state: RolloutState = {
    name: o.name,
    version: 0,
    champion: o.champion,
    challenger: o.challenger,
    salt: `${o.name}:${o.challenger}`,
    status: "running",
    stage: 0,
    share,
    startedAt: at,
    stageStartedAt: at,
    config,
    audit: [{ action: "start", from: { status: null, share: 0 }, to: { status: "running", share }, at, by: o.user ?? currentUser(), reasons: [o.reason ?? `challenger ${o.challenger} starts at ${pct(share)} of traffic`] }],
  };
  return store.save(o.name, state, 0);
}

/** The units per arm an analysis saw: the smallest over its metrics. */
function samplesPerArm(analysis: ExperimentAnalysis): [number, number] {
  let c = Infinity;
  let t = Infinity;
  for (const m of analysis.metrics) {
    c = Math.min(c, m.control.n);
    t = Math.min(t, m.treatment.n);
  }
  return [c, t];
}

/** What a check should do, from the state and the analysis at time now; pure. */
export function decideRollout(state: RolloutState, analysis: ExperimentAnalysis, now: number): RolloutDecision {
  const cfg = state.config;
  if (state.status !== "running") return { action: "hold", toShare: state.share, reasons: [`the rollout is ${state.status}; nothing to decide.`] };
  const goals = analysis.metrics.filter((m) => m.role === "goal");
  const failed = analysis.metrics.filter((m) => m.guardrail?.status === "fail");
  const worse = goals.filter((m) => m.significant && m.improvement < 0);
  if (analysis.srm?.mismatch) return { action: "hold", toShare: state.share, reasons: [`sample ratio mismatch (p = ${analysis.srm.pValue.toExponential(2)}): the assignment is broken; fix it before any decision.`] };
  if (failed.length > 0 || worse.length > 0) {
    const reasons = [
      ...failed.map((m) => `guardrail "${m.name}" regressed by ${pct(-m.improvement)}, beyond its tolerance ${pct(m.guardrail!.tolerance)} (p = ${m.pValue.toPrecision(3)}).`),
      ...worse.map((m) => `goal "${m.name}" is significantly worse: ${signedPct(m.improvement)} (adjusted p = ${m.adjustedPValue.toPrecision(3)}).`),
    ];
    return { action: "rollback", toShare: 0, reasons };
  }
  const waits: string[] = [];
  const elapsed = now - Date.parse(state.stageStartedAt);
  if (elapsed < cfg.minStageDurationMs) waits.push(`stage at ${pct(state.share)} has run ${hours(elapsed)} of the minimum ${hours(cfg.minStageDurationMs)}.`);
  const [nc, nt] = samplesPerArm(analysis);
  if (Math.min(nc, nt) < cfg.minSamplesPerArm) waits.push(`${Math.min(nc, nt)} units in the smaller arm, below the minimum ${cfg.minSamplesPerArm} per arm.`);
  if (analysis.srm && !analysis.srm.checked) waits.push("too few units for the sample-ratio check.");
  const inconclusive = analysis.metrics.filter((m) => m.guardrail?.status === "inconclusive");
  for (const m of inconclusive) waits.push(`guardrail "${m.name}" is inconclusive: its CI still allows a regression beyond ${pct(m.guardrail!.tolerance)}.`);
  const next = cfg.stages[state.stage + 1]!;
  if (next === 1) {
    const short = goals.filter((m) => !(m.significant && m.improvement >= cfg.minImprovement));
    for (const m of short) waits.push(`goal "${m.name}" must improve significantly by at least ${pct(cfg.minImprovement)} to promote: ${signedPct(m.improvement)}, adjusted p = ${m.adjustedPValue.toPrecision(3)}.`);
  }
  if (waits.length > 0) return { action: "hold", toShare: state.share, reasons: waits };
  const holds = [`metrics hold at ${pct(state.share)}: no guardrail failed, no goal regressed.`, ...goals.map((m) => `goal "${m.name}": ${signedPct(m.improvement)} (adjusted p = ${m.adjustedPValue.toPrecision(3)}).`)];
  return next === 1 ? { action: "promote", toShare: 1, reasons: holds } : { action: "expand", toShare: next, reasons: holds };
}

function transition(state: RolloutState, action: Exclude<RolloutAction, "start">, toShare: number, reasons: string[], by: string, now: number): RolloutState {
  const at = new Date(now).toISOString();
  const status: RolloutStatus = action === "promote" ? "promoted" : action === "rollback" ? "rolled_back" : "running";
  const stage = action === "expand" ? state.stage + 1 : action === "promote" ? state.config.stages.length - 1 : state.stage;
  const entry: AuditEntry = { action, from: { status: state.status, share: state.share }, to: { status, share: toShare }, at, by, reasons };
  return { ...state, status, stage, share: toShare, stageStartedAt: at, audit: [...state.audit, entry] };
}

async function loadRunning(store: RolloutStore, name: string): Promise<RolloutState> {
  const state = await store.load(name);
  if (!state) throw notFound(`no rollout named "${name}"; start it first.`);
  if (state.status !== "running") throw new LabopsError("INVALID_STATE", `rollout "${name}" is already ${state.status}; start a new rollout to try again.`);
  return state;
}

export interface RolloutCheck {
  state: RolloutState;
  decision: RolloutDecision;
  analysis: ExperimentAnalysis;
}

/**
 * Analyses the metrics (control = champion, treatment = challenger), decides, and stores the transition if any
 * (compare-and-set on the version it loaded: a concurrent writer makes this throw and change nothing).
 */
export async function checkRollout(store: RolloutStore, name: string, metrics: readonly MetricInput[], o: ActorOptions & { assignments?: { control: number; treatment: number } } = {}): Promise<RolloutCheck> {
  const state = await loadRunning(store, name);
  const now = o.now ?? Date.now();
  const analysis = analyzeExperiment(metrics, {
    alpha: state.config.alpha,
    correction: state.config.correction,
    minImprovement: state.config.minImprovement,
    sequential: state.config.sequential,
    ...(o.assignments ? { assignments: { ...o.assignments, shares: [1 - state.share, state.share] as [number, number] } } : {}),
  });
  const decision = decideRollout(state, analysis, now);
  if (decision.action === "hold") return { state, decision, analysis };
  const next = transition(state, decision.action, decision.toShare, decision.reasons, o.user ?? currentUser(), now);
  return { state: await store.save(name, next, state.version), decision, analysis };
}

/** Manual promotion (the challenger takes all traffic), with the reason recorded. */
export async function promoteRollout(store: RolloutStore, name: string, o: ActorOptions & { reason: string }): Promise<RolloutState> {
  if (!o.reason) throw invalidParameter("a manual promotion needs a reason for the audit list.");
  const state = await loadRunning(store, name);
  return store.save(name, transition(state, "promote", 1, [o.reason], o.user ?? currentUser(), o.now ?? Date.now()), state.version);
}

/** Manual rollback (the champion takes all traffic), with the reason recorded. */
export async function rollbackRollout(store: RolloutStore, name: string, o: ActorOptions & { reason: string }): Promise<RolloutState> {
  if (!o.reason) throw invalidParameter("a manual rollback needs a reason for the audit list.");
  const state = await loadRunning(store, name);
  return store.save(name, transition(state, "rollback", 0, [o.reason], o.user ?? currentUser(), o.now ?? Date.now()), state.version);
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function signedPct(x: number): string {
  return `${x > 0 ? "+" : ""}${pct(x)}`;
}

function hours(ms: number): string {
  return `${(ms / 3600000).toFixed(1)} h`;
}
