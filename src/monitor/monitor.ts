// Drift-triggered retraining (the seed's drift_triggered_retraining): the prediction log's recent window checked
// against a reference; on drift, a retraining notebook runs with parameters. Every decision and its reasons go to
// the tracking store (experiment `labops-monitor`) and, for a named model, to the registry's audit history.
//
// The threshold is Evidently's dataset drift_share: retrain when the share of drifted feature columns is >= it
// (the seed's default 0.2, where Evidently's own default is 0.5: one drifted column in five is enough).

import { invalidParameter, isLabopsError } from "../core/errors";
import type { DataColumns } from "../drift/data-columns";
import type { DriftReport } from "../drift/report";
import type { ModelRegistryClient } from "../registry/registry-client";
import type { LabopsClient } from "../tracking/client";
import { columnsByScore, logDriftReport, runDriftCheck } from "./drift-check";

export const MONITOR_EXPERIMENT = "labops-monitor";
export const DEFAULT_THRESHOLD = 0.2;
/** The registered model's tag holding the last decision; setting it records the reason in the audit history. */
export const DECISION_TAG = "labops.monitor.decision";

/**
 * no-predictions: the window holds no predictions (nothing to test yet); retrain-failed: it drifted and the
 * retraining notebook failed. A loop goes on to the next check after either.
 */
export type MonitorDecision = "retrain" | "no-drift" | "dry-run" | "no-predictions" | "retrain-failed";

export interface MonitorCheckOptions {
  /** Prediction logs (JSONL, CSV, Parquet), as `labops collect` reads them. */
  log: string[];
  reference?: string;
  profile?: string;
  columns?: string[];
  /** The recent window: the last `days` days before `now` (default 7). */
  days?: number;
  now?: string | number;
  /** Retrain when the share of drifted columns is >= threshold (default 0.2). */
  threshold?: number;
  /** The retraining notebook; run on drift unless dryRun. */
  template: string;
  /** Extra notebook parameters (after the monitor's own: reason, monitorRunId, storeDir, modelName). */
  parameters?: Record<string, unknown>;
  dryRun?: boolean;
  /** The registered model the decision is about. */
  model?: string;
}

export interface TemplateRun {
  executed: number;
  output: string | null;
}

export interface MonitorDeps {
  client: LabopsClient;
  registry?: () => ModelRegistryClient;
  /** Runs the template with parameters (`labops run` in-process); throws when a cell fails. */
  runTemplate(template: string, parameters: Record<string, unknown>): Promise<TemplateRun>;
  /** The report as an HTML page, logged next to the JSON (widgets render it; src cannot). */
  renderHtml?(report: DriftReport): Promise<string>;
  warn?(text: string): void;
}

export interface MonitorCheck {
  decision: MonitorDecision;
  reasons: string[];
  runId: string;
  window: { from: string | null; to: string | null; rows: number };
  /** null when the window was empty (decision no-predictions). */
  report: DriftReport | null;
  template: TemplateRun | null;
  modelTagged: string | null;
}

/** The retraining notebook failed: the check is recorded (its run FAILED, tag retrain=failed) and carried here. */
export class RetrainingFailedError extends Error {
  constructor(
    readonly check: MonitorCheck,
    override readonly cause: unknown,
  ) {
    super(`retraining failed (monitor run ${check.runId}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Features of the window as drift columns: `feature.<name>` columns without their prefix. */
function featureColumns(table: import("../data/column-table").ColumnTable): DataColumns {
  const { tableToDriftColumns }: typeof import("./drift-inputs") = require("./drift-inputs");
  const names = table.names.filter((n) => n.startsWith("feature."));
  if (!names.length) throw invalidParameter(`The prediction log has no feature columns (feature.<name>); the monitor checks the model's inputs.`);
  const cols = tableToDriftColumns(table, names, "the prediction log");
  return Object.fromEntries(names.map((n) => [n.slice("feature.".length), cols[n]!]));
}

function reasonsOf(report: DriftReport, threshold: number): string[] {
  const drifted = columnsByScore(report).filter((c) => c.drifted);
  const share = `${report.numberOfDriftedColumns} of ${report.numberOfColumns} columns drifted (share ${report.shareOfDriftedColumns.toFixed(3)} ${report.datasetDrift ? ">=" : "<"} threshold ${threshold})`;
  return [share, ...drifted.map((c) => `${c.column}: ${c.test} ${c.score.toPrecision(4)} vs threshold ${c.threshold}`)];
}

/** One check: collect the window, test it, decide, record, and retrain on drift (unless dry-run). */
export async function checkOnce(options: MonitorCheckOptions, deps: MonitorDeps): Promise<MonitorCheck> {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw invalidParameter(`--threshold must lie in (0, 1] (a share of drifted columns), got ${threshold}.`);
  if (!options.log.length) throw invalidParameter("Give the prediction log: --log FILE.");
  const { collectPredictions }: typeof import("../data/collector") = require("../data/collector");
  // minSamples 0: an empty window is a decision (no-predictions), not an error that would end a loop.
  const collected = await collectPredictions({ sources: options.log, days: options.days ?? 7, now: options.now, minSamples: 0 });
  const { client } = deps;
  const params = [
    { key: "log", value: options.log.join(",") },
    { key: "threshold", value: String(threshold) },
    { key: "window_days", value: String(options.days ?? 7) },
    { key: "window_rows", value: String(collected.rows) },
  ];
  const window = { ...collected.window, rows: collected.rows };
  if (collected.rows === 0) {
    const reasons = [`no new predictions in window (${window.from ?? "start"} to ${window.to ?? "now"}; ${collected.counts.read} read from the log)`];
    const run = await startCheckRun(client, "no-predictions", reasons, options);
    await client.logBatch(run, { params });
    await client.setTerminated(run, "FINISHED");
    return { decision: "no-predictions", reasons, runId: run, window, report: null, template: null, modelTagged: null };
  }
  const check = await runDriftCheck({ reference: options.reference, profile: options.profile, columns: options.columns, current: featureColumns(collected.table), driftShare: threshold });
  const report = check.report;
  const decision: MonitorDecision = !report.datasetDrift ? "no-drift" : options.dryRun ? "dry-run" : "retrain";
  const reasons = reasonsOf(report, threshold);
  const html = deps.renderHtml ? await deps.renderHtml(report) : undefined;

  const runId = await startCheckRun(client, decision, reasons, options);
  let template: TemplateRun | null = null;
  let failure: unknown = null;
  let retraining = false;
  try {
    await client.logBatch(runId, { params: [...params, { key: "reference", value: check.reference }] });
    await logDriftReport(client, runId, report, html);
    if (decision === "retrain") {
      retraining = true;
      template = await deps.runTemplate(options.template, {
        reason: reasons[0],
        monitorRunId: runId,
        storeDir: client.trackingUri,
        ...(options.model ? { modelName: options.model } : {}),
        ...options.parameters,
      });
      retraining = false;
      await client.setTag(runId, "retrain", "done");
      if (template.output) await client.logArtifact(runId, template.output, "retrain");
    }
  } catch (e) {
    failure = e;
    await client.setTag(runId, "retrain", "failed").catch(() => {});
  }
  await client.setTerminated(runId, failure ? "FAILED" : "FINISHED");
  if (failure && retraining) {
    const why = failure instanceof Error ? failure.message : String(failure);
    throw new RetrainingFailedError({ decision: "retrain-failed", reasons: [...reasons, `the retraining notebook failed: ${why}`], runId, window, report, template: null, modelTagged: null }, failure);
  }
  if (failure) throw failure;

  let modelTagged: string | null = null;
  if (options.model && deps.registry) {
    try {
      await deps.registry().store.setRegisteredModelTag(options.model, DECISION_TAG, decision, { reason: `monitor run ${runId}: ${reasons[0]}` });
      modelTagged = options.model;
    } catch (e) {
      if (!isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) throw e;
      deps.warn?.(`model '${options.model}' is not registered: the decision is recorded in run ${runId} only.`);
    }
  }
  return { decision, reasons, runId, window, report, template, modelTagged };
}

/** The monitor run recording one check's decision and reasons (experiment labops-monitor). */
async function startCheckRun(client: LabopsClient, decision: MonitorDecision, reasons: string[], options: MonitorCheckOptions): Promise<string> {
  const experimentId = (await client.getExperimentByName(MONITOR_EXPERIMENT))?.experimentId ?? (await client.createExperiment(MONITOR_EXPERIMENT));
  const run = await client.createRun(experimentId, {
    runName: `check-${new Date().toISOString().slice(0, 19)}`,
    tags: { decision, reason: reasons.join("; ").slice(0, 5000), template: options.template, ...(options.model ? { model: options.model } : {}) },
  });
  return run.info.runId;
}

/** "60m", "30s", "1h", "250ms", or bare seconds, to milliseconds. */
export function parseInterval(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw invalidParameter(`--interval '${text}' is not a duration; write e.g. 60m, 30s, 1h or 500ms.`);
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  if (!(ms > 0)) throw invalidParameter(`--interval must be positive, got '${text}'.`);
  return ms;
}

/** Sleeps `ms`, waking early (false) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Checks every `intervalMs` until `maxChecks` checks ran or the signal aborts (between checks: a check finishes).
 * A failed retraining is a check like any other (decision retrain-failed); any other error ends the loop.
 */
export async function monitorLoop(options: MonitorCheckOptions, deps: MonitorDeps, loop: { intervalMs: number; maxChecks?: number; signal: AbortSignal; onCheck?(check: MonitorCheck): void }): Promise<MonitorCheck[]> {
  const checks: MonitorCheck[] = [];
  const max = loop.maxChecks ?? Infinity;
  if (!(max >= 1)) throw invalidParameter(`--max-checks must be at least 1, got ${loop.maxChecks}.`);
  while (!loop.signal.aborted && checks.length < max) {
    let check: MonitorCheck;
    try {
      check = await checkOnce(options, deps);
    } catch (e) {
      if (!(e instanceof RetrainingFailedError)) throw e;
      check = e.check;
    }
    checks.push(check);
    loop.onCheck?.(check);
    if (checks.length >= max || !(await sleep(loop.intervalMs, loop.signal))) break;
  }
  return checks;
}
