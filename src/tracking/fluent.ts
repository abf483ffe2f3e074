// The fluent tracking API (MLflow's mlflow.* functions): a current store, a current experiment, a stack of runs.

import type { Experiment, Run, RunInfo, RunStatus } from "../entities";
import { DEFAULT_EXPERIMENT_ID } from "../entities";
import { invalidParameter, isLabopsError, LabopsError } from "../core/errors";
import type { FileInfo } from "../artifacts";
import { checkedMetric, LabopsClient } from "./client";
import { MetricBuffer } from "./metric-buffer";
import { currentSourceName, SYSTEM_TAGS } from "./system-tags";
import type { TableRows } from "./table-artifact";
import { supportsSyncWrites } from "./store";
import { defaultTrackingUri } from "./tracking-uri";
import {
  paramValueToString,
  validateId,
  validateKey,
  validateObject,
  validateOptionalBoolean,
  validateOptionalString,
  validateRunName,
  validateRunStatus,
  validateString,
} from "./validation";

export interface StartRunOptions {
  /** Resume this run (sets it RUNNING again) instead of creating one. */
  runId?: string;
  experimentId?: string;
  runName?: string;
  /** Start a child of the active run instead of failing because one is active. */
  nested?: boolean;
  tags?: Record<string, string>;
  /** Markdown shown as the run's note (tag `mlflow.note.content`). */
  description?: string;
}

/** A run started by `startRun`; `end()` ends it like `endRun()`. */
export class ActiveRun {
  constructor(readonly run: Run) {}
  get info(): RunInfo {
    return this.run.info;
  }
  get runId(): string {
    return this.run.info.runId;
  }
  async end(status: RunStatus = "FINISHED"): Promise<void> {
    return endRunById(this.runId, validateRunStatus(status));
  }
}

interface Session {
  uri: string;
  client: LabopsClient;
  buffer: MetricBuffer;
}

interface FluentState {
  trackingUri?: string;
  session?: Session;
  activeExperimentId?: string;
  runStack: ActiveRun[];
  lastRunId?: string;
  checkedKeys: Set<string>;
  exitHookInstalled?: boolean;
  /** Removes the exit and signal hooks that end open runs; set while runs are open. */
  removeEndHooks?: () => void;
}

// One state per process, kept on globalThis: a notebook may load two copies of labops (the kernel's and the
// project's), and both must see the same active run.
const STATE_KEY = Symbol.for("labops.fluent");
const state: FluentState = ((globalThis as Record<symbol, FluentState>)[STATE_KEY] ??= { runStack: [], checkedKeys: new Set() });
const runStack = state.runStack;

export function setTrackingUri(uri: string): void {
  validateString("tracking URI", uri);
  if (runStack.length > 0) {
    throw invalidParameter(`Cannot change the tracking URI while run ${runStack.at(-1)!.runId} is active; end it first.`);
  }
  closeSession();
  state.trackingUri = uri;
  state.activeExperimentId = undefined;
}

/** The URI set with setTrackingUri, else LABOPS_TRACKING_URI, else the folder ./labops-store. */
export function getTrackingUri(): string {
  return state.trackingUri ?? defaultTrackingUri();
}

/** The client the fluent functions use. */
export function getClient(): LabopsClient {
  return current().client;
}

/** Makes an experiment current, creating it when no experiment has that name (MLflow's set_experiment). */
export async function setExperiment(nameOrId: string | { experimentName?: string; experimentId?: string }): Promise<Experiment> {
  const spec =
    typeof nameOrId === "string"
      ? { experimentName: nameOrId }
      : (validateObject<{ experimentName?: string; experimentId?: string }>("setExperiment argument", nameOrId) ?? {});
  validateOptionalString("experimentName", spec.experimentName);
  if (spec.experimentId !== undefined) validateId("experiment", spec.experimentId);
  const client = getClient();
  let experiment: Experiment;
  if (spec.experimentId !== undefined) {
    experiment = await client.getExperiment(spec.experimentId);
  } else if (spec.experimentName !== undefined) {
    experiment = (await client.getExperimentByName(spec.experimentName)) ?? (await createOrGet(client, spec.experimentName));
  } else {
    throw invalidParameter("setExperiment needs an experiment name or an experimentId.");
  }
  if (experiment.lifecycleStage === "deleted") {
    throw invalidParameter(
      `Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted; restore it with client.restoreExperiment or pick another name.`,
    );
  }
  state.activeExperimentId = experiment.experimentId;
  return experiment;
}

/** Another process may create the same experiment between our look-up and our create: then use theirs. */
async function createOrGet(client: LabopsClient, name: string): Promise<Experiment> {
  try {
    return await client.getExperiment(await client.createExperiment(name));
  } catch (e) {
    const theirs = isLabopsError(e, "RESOURCE_ALREADY_EXISTS") ? await client.getExperimentByName(name) : null;
    if (!theirs) throw e;
    return theirs;
  }
}

export async function startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
  options = validateObject<StartRunOptions>("startRun options", options) ?? {};
  if (options.runId !== undefined) validateId("run", options.runId);
  if (options.experimentId !== undefined) validateId("experiment", options.experimentId);
  if (options.runName !== undefined) validateRunName(options.runName);
  validateOptionalBoolean("nested", options.nested);
  validateObject("run tags", options.tags);
  validateOptionalString("description", options.description);
  const parent = runStack.at(-1);
  if (parent && !options.nested) {
    throw invalidParameter(
      `Run with id ${parent.runId} is already active. End it with endRun() first, or start a child with startRun({ nested: true }).`,
    );
  }
  const client = getClient();
  let run: Run;
  if (options.runId !== undefined) {
    const existing = await client.getRun(options.runId);
    if (existing.info.lifecycleStage === "deleted") {
      throw invalidParameter(`Cannot resume run ${options.runId}: it is deleted. Restore it first.`);
    }
    await client.updateRun(options.runId, { status: "RUNNING" });
    run = await client.getRun(options.runId);
  } else {
    const tags: Record<string, string> = {
      [SYSTEM_TAGS.sourceName]: currentSourceName(),
      [SYSTEM_TAGS.sourceType]: process.env.LABOPS_SOURCE_TYPE ?? "LOCAL",
      ...options.tags,
    };
    if (parent) tags[SYSTEM_TAGS.parentRunId] = parent.runId;
    if (options.description !== undefined) tags[SYSTEM_TAGS.note] = options.description;
    run = await client.createRun(options.experimentId ?? (await currentExperimentId()), { runName: options.runName, tags });
  }
  const active = new ActiveRun(run);
  runStack.push(active);
  installEndHooks();
  return active;
}

/** Ends the active run (FINISHED by default) after writing its buffered metrics. No-op without an active run. */
export async function endRun(status: RunStatus = "FINISHED"): Promise<void> {
  validateRunStatus(status);
  const top = runStack.at(-1);
  if (top) await endRunById(top.runId, status);
}

async function endRunById(runId: string, status: RunStatus): Promise<void> {
  const index = runStack.findIndex((r) => r.runId === runId);
  if (index >= 0) runStack.splice(index, 1);
  if (runStack.length === 0) state.removeEndHooks?.();
  const { client, buffer } = current();
  try {
    await buffer.flush();
  } finally {
    await client.setTerminated(runId, status);
    state.lastRunId = runId;
  }
}

export function activeRun(): ActiveRun | null {
  return runStack.at(-1) ?? null;
}

/** The most recently ended run, or the active one, fetched fresh. */
export async function lastActiveRun(): Promise<Run | null> {
  const id = runStack.at(-1)?.runId ?? state.lastRunId;
  return id === undefined ? null : getClient().getRun(id);
}

/**
 * Runs `fn` inside a new run: FINISHED when it returns, FAILED when it throws (the error is rethrown).
 */
export async function withRun<T>(options: StartRunOptions, fn: (run: ActiveRun) => T | Promise<T>): Promise<T> {
  if (typeof fn !== "function") throw invalidParameter(`withRun needs a function to run, got ${typeof fn}.`);
  const run = await startRun(options);
  let result: T;
  try {
    result = await fn(run);
  } catch (e) {
    await run.end("FAILED");
    throw e;
  }
  await run.end("FINISHED");
  return result;
}

// -- logging to the active run ----------------------------------------------------------------------------------

/**
 * Logs one metric point without waiting: it is buffered and written in the background (see metric-buffer.ts
 * for exactly when). Bad input throws here, at once.
 */
export function logMetric(key: string, value: number, step?: number, options: { timestamp?: number; runId?: string } = {}): void {
  if (options !== undefined && (typeof options !== "object" || options === null)) validateObject("logMetric options", options);
  if (options.runId !== undefined) validateId("run", options.runId);
  if (!state.checkedKeys.has(key)) {
    validateKey("metric", key);
    state.checkedKeys.add(key);
  }
  const metric =
    typeof value === "number" && (step === undefined || Number.isSafeInteger(step)) && options.timestamp === undefined
      ? { key, value, step: step ?? 0, timestamp: Date.now() }
      : checkedMetric(key, value, step ?? 0, options.timestamp ?? Date.now());
  current().buffer.add(options.runId ?? requireActiveRun().runId, metric);
}

export function logMetrics(metrics: Record<string, number>, step?: number, options: { timestamp?: number; runId?: string } = {}): void {
  validateObject("metrics", metrics);
  validateObject("logMetrics options", options);
  const timestamp = options.timestamp ?? Date.now();
  for (const [key, value] of Object.entries(metrics)) logMetric(key, value, step, { ...options, timestamp });
}

export async function logParam(key: string, value: unknown): Promise<void> {
  return getClient().logParam(requireActiveRun().runId, key, value);
}

export async function logParams(params: Record<string, unknown>): Promise<void> {
  validateObject("params", params);
  return getClient().logBatch(requireActiveRun().runId, {
    params: Object.entries(params).map(([key, value]) => ({ key, value: paramValueToString(value) })),
  });
}

export async function setTag(key: string, value: string): Promise<void> {
  return getClient().setTag(requireActiveRun().runId, key, value);
}

export async function setTags(tags: Record<string, string>): Promise<void> {
  validateObject("tags", tags);
  return getClient().logBatch(requireActiveRun().runId, {
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
  });
}

export async function deleteTag(key: string): Promise<void> {
  return getClient().deleteTag(requireActiveRun().runId, key);
}

export async function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  return getClient().logArtifact(requireActiveRun().runId, localPath, artifactPath);
}

export async function logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
  return getClient().logArtifacts(requireActiveRun().runId, localDir, artifactPath);
}

export async function logText(text: string, artifactFile: string): Promise<void> {
  return getClient().logText(requireActiveRun().runId, text, artifactFile);
}

export async function logDict(dictionary: unknown, artifactFile: string): Promise<void> {
  return getClient().logDict(requireActiveRun().runId, dictionary, artifactFile);
}

export async function logFigure(figure: string | Uint8Array, artifactFile: string): Promise<void> {
  return getClient().logFigure(requireActiveRun().runId, figure, artifactFile);
}

export async function logTable(rows: TableRows, artifactFile: string): Promise<void> {
  return getClient().logTable(requireActiveRun().runId, rows, artifactFile);
}

export async function listArtifacts(artifactPath?: string): Promise<FileInfo[]> {
  return getClient().listArtifacts(requireActiveRun().runId, artifactPath);
}

/** Writes every buffered metric point now; rejects if a background write failed. */
export async function flush(): Promise<void> {
  if (state.session) await state.session.buffer.flush();
}

// -- session ----------------------------------------------------------------------------------------------------

function current(): Session {
  const uri = getTrackingUri();
  if (!state.session || state.session.uri !== uri) {
    closeSession();
    const client = new LabopsClient(uri);
    state.session = { uri, client, buffer: new MetricBuffer(client.store) };
  }
  return state.session;
}

function closeSession(): void {
  if (!state.session) return;
  state.session.buffer.close();
  void state.session.client.close();
  state.session = undefined;
}

function requireActiveRun(): ActiveRun {
  const run = runStack.at(-1);
  if (!run) throw new LabopsError("BAD_REQUEST", "No active run: call startRun() (or use withRun/%%track) before logging.");
  return run;
}

/** The experiment new runs go to: the one setExperiment made current, else LABOPS_EXPERIMENT_NAME / _ID, else Default. */
export async function currentExperimentId(): Promise<string> {
  if (state.activeExperimentId !== undefined) return state.activeExperimentId;
  const name = process.env.LABOPS_EXPERIMENT_NAME;
  if (name) return (await setExperiment(name)).experimentId;
  return process.env.LABOPS_EXPERIMENT_ID ?? DEFAULT_EXPERIMENT_ID;
}

// A script that simply ends finishes its open runs, after writing their metrics (MLflow's atexit hook); one that
// sets a failing exit code fails them.
let ending = false;
if (!state.exitHookInstalled) {
  state.exitHookInstalled = true;
  process.on("beforeExit", () => {
    if (ending || runStack.length === 0) return;
    ending = true;
    const status: RunStatus = process.exitCode === undefined || Number(process.exitCode) === 0 ? "FINISHED" : "FAILED";
    void (async () => {
      while (runStack.length > 0) await endRun(status).catch(() => runStack.pop());
    })().finally(() => (ending = false));
  });
}

/**
 * While runs are open, a process that dies another way ends them too, as MLflow does: KILLED on SIGINT (Ctrl-C)
 * and SIGTERM, FAILED on process.exit(<non-zero>), an uncaught exception or an unhandled rejection (they exit
 * with code 1), FINISHED on process.exit(0). Buffered metrics are written first. Only stores that write
 * synchronously can do this (the file and memory stores). A signal is raised again afterwards, so the process
 * still dies of it (exit status 130 for SIGINT, 143 for SIGTERM), unless something else listens for it: then
 * that listener decides what the signal means, and open runs are left alone.
 */
function installEndHooks(): void {
  if (state.removeEndHooks) return;
  const onExit = (code: number): void => endOpenRunsSync(code === 0 ? "FINISHED" : "FAILED");
  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return;
    endOpenRunsSync("KILLED");
    remove();
    process.kill(process.pid, signal);
  };
  const remove = (): void => {
    process.off("exit", onExit);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    state.removeEndHooks = undefined;
  };
  process.on("exit", onExit);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  state.removeEndHooks = remove;
}

/** Writes buffered metrics, then ends every open run with `status`, innermost first; synchronous. */
function endOpenRunsSync(status: RunStatus): void {
  const session = state.session;
  if (!session || !supportsSyncWrites(session.client.store)) return;
  session.buffer.flushSync();
  while (runStack.length > 0) {
    const run = runStack.pop()!;
    try {
      session.client.store.updateRunSync(run.runId, { status, endTime: Date.now() });
      state.lastRunId = run.runId;
    } catch (e) {
      process.emitWarning(`labops could not end run ${run.runId} as ${status}: ${(e as Error).message}`, { code: "LABOPS_RUN" });
    }
  }
  state.removeEndHooks?.();
}
