// The TrackingStore over an MLflow tracking server's REST API (http:// and https:// tracking URIs).

import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "../core/page";
import type { Experiment, Metric, Param, Run, RunInfo, RunTag } from "../entities";
import type {
  CreateExperimentRequest,
  CreateRunRequest,
  LogBatchRequest,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
  UpdateRunRequest,
} from "../tracking/store";
import { LIMITS, validateKey, validateParamValue, validateTagValue } from "../tracking/validation";
import type { ExitAnswer, ExitJob } from "./exit-sender";
import { MetricFallback } from "./metric-fallback";
import {
  decodeExperiment,
  decodeMetric,
  decodeRun,
  decodeRunInfo,
  encodeMetric,
  LABOPS_CREATE_ID_TAG,
  type JsonExperiment,
  type JsonMetric,
  type JsonRun,
  type JsonRunInfo,
} from "./rest-codec";
import { MlflowRestClient, MlflowServerError, type RestClientOptions } from "./rest-client";

export interface RestTrackingStoreOptions extends RestClientOptions {
  /**
   * Where metric points go when the server stays unreachable after all retries (a folder, default
   * LABOPS_METRICS_FALLBACK_DIR, else ./labops-unsent-metrics); `syncPendingMetrics()` sends them later.
   * Set to null to fail instead.
   */
  metricsFallbackDir?: string | null;
}

const SEARCH_DEFAULT_MAX = 1000;

/** Splits a batch to MLflow's limits as MLflow's Python client does: params and tags paired, metrics filling up. */
export function splitBatch(batch: LogBatchRequest): LogBatchRequest[] {
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  const metrics = [...(batch.metrics ?? [])];
  const out: LogBatchRequest[] = [];
  for (let i = 0; i < Math.max(params.length, tags.length); i += LIMITS.batchParams) {
    const p = params.slice(i, i + LIMITS.batchParams);
    const t = tags.slice(i, i + LIMITS.batchTags);
    const room = LIMITS.batchTotal - p.length - t.length;
    out.push({ params: p, tags: t, metrics: metrics.splice(0, Math.min(room, LIMITS.batchMetrics)) });
  }
  while (metrics.length > 0) out.push({ metrics: metrics.splice(0, LIMITS.batchMetrics) });
  return out;
}

const EXIT_SENDER = path.join(__dirname, "exit-sender.js");

export class RestTrackingStore implements TrackingStore {
  readonly client: MlflowRestClient;
  private readonly fallback: MetricFallback | null;
  /** Metric batches sent but not yet answered: an exit that cuts them off sends them again (the server keeps one copy of a point). */
  private readonly inFlight = new Set<{ runId: string; metrics: Metric[] }>();
  private readonly onExit = (): void => this.resendInFlightSync();

  constructor(
    readonly uri: string,
    options: RestTrackingStoreOptions = {},
    client?: MlflowRestClient,
  ) {
    this.client = client ?? new MlflowRestClient(uri, options);
    const dir = options.metricsFallbackDir === undefined ? process.env.LABOPS_METRICS_FALLBACK_DIR || "labops-unsent-metrics" : options.metricsFallbackDir;
    this.fallback = dir === null ? null : new MetricFallback(path.resolve(dir), this.client.displayUri);
  }

  async createExperiment(request: CreateExperimentRequest): Promise<string> {
    const body = { name: request.name, artifact_location: request.artifactLocation, tags: request.tags ?? [] };
    // Names are unique: a lost response can't have created a second one; a retry that finds the name taken
    // after a try of unknown outcome answers with what that try created.
    return this.client.createOnce(
      async () => (await this.client.call<{ experiment_id: string }>("POST", "experiments/create", { body, maxRetries: 0 })).experiment_id,
      async () => (await this.getExperimentByName(request.name))?.experimentId ?? null,
    );
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const r = await this.client.call<{ experiment: JsonExperiment }>("GET", "experiments/get", { query: { experiment_id: experimentId } });
    return decodeExperiment(r.experiment);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const r = await this.client.call<{ experiment: JsonExperiment }>("GET", "experiments/get-by-name", { query: { experiment_name: name } });
      return decodeExperiment(r.experiment);
    } catch (e) {
      if (e instanceof MlflowServerError && e.code === "RESOURCE_DOES_NOT_EXIST") return null;
      throw e;
    }
  }

  async searchExperiments(request: SearchExperimentsRequest): Promise<Page<Experiment>> {
    const r = await this.client.call<{ experiments?: JsonExperiment[]; next_page_token?: string }>("POST", "experiments/search", {
      body: {
        max_results: request.maxResults ?? SEARCH_DEFAULT_MAX,
        filter: request.filter,
        order_by: request.orderBy,
        view_type: request.viewType,
        page_token: request.pageToken,
      },
    });
    return page((r.experiments ?? []).map(decodeExperiment), r.next_page_token);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    // MLflow's SQL store answers a taken name with a raw integrity error: say it as MLflow's other stores do.
    const holder = await this.getExperimentByName(newName);
    if (holder && holder.experimentId !== experimentId) {
      throw new MlflowServerError("RESOURCE_ALREADY_EXISTS", `Experiment(name=${newName}) already exists (id ${holder.experimentId}); choose another name.`, undefined, undefined, false);
    }
    await this.client.call("POST", "experiments/update", { body: { experiment_id: experimentId, new_name: newName } });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.client.call("POST", "experiments/delete", { body: { experiment_id: experimentId } });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.client.call("POST", "experiments/restore", { body: { experiment_id: experimentId } });
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    validateKey("tag", key);
    validateTagValue(key, value, LIMITS.experimentTagValueLength);
    await this.client.call("POST", "experiments/set-experiment-tag", { body: { experiment_id: experimentId, key, value } });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    try {
      await this.client.call("POST", "experiments/delete-experiment-tag", { body: { experiment_id: experimentId, key } });
    } catch (e) {
      // MLflow 2.x has no such endpoint: its Flask app answers an HTML 404 (not an MLflow error).
      if (e instanceof MlflowServerError && e.status === 404 && e.mlflowErrorCode === undefined) {
        const version = await this.client.checkServer();
        throw new MlflowServerError(
          "NOT_IMPLEMENTED",
          `The MLflow server at ${this.client.displayUri} runs MLflow ${version}, which cannot delete experiment tags (MLflow 3.0 can): upgrade the server, or set the tag '${key}' to another value.`,
          404,
          undefined,
          false,
        );
      }
      throw e;
    }
  }

  /**
   * A retried create must not make two runs: each create carries a client-made id in the tag
   * `labops.create_id`; after a try whose outcome is unknown, the experiment is searched for that tag first.
   */
  async createRun(request: CreateRunRequest): Promise<Run> {
    const createId = randomUUID();
    const tags: RunTag[] = [...(request.tags ?? []), { key: LABOPS_CREATE_ID_TAG, value: createId }];
    if (request.userId && !tags.some((t) => t.key === "mlflow.user")) tags.push({ key: "mlflow.user", value: request.userId });
    for (const t of tags) {
      validateKey("tag", t.key);
      validateTagValue(t.key, t.value);
    }
    const body = { experiment_id: request.experimentId, run_name: request.runName, start_time: request.startTime, user_id: request.userId, tags };
    return this.client.createOnce(
      async () => decodeRun((await this.client.call<{ run: JsonRun }>("POST", "runs/create", { body, maxRetries: 0 })).run),
      async () => {
        const found = await this.searchRuns({
          experimentIds: [request.experimentId],
          filter: `tags.\`${LABOPS_CREATE_ID_TAG}\` = '${createId}'`,
          runViewType: "ALL",
          maxResults: 1,
        });
        return found.items[0] ?? null;
      },
    );
  }

  async getRun(runId: string): Promise<Run> {
    return decodeRun((await this.client.call<{ run: JsonRun }>("GET", "runs/get", { query: { run_id: runId } })).run);
  }

  async updateRun(runId: string, request: UpdateRunRequest): Promise<RunInfo> {
    const r = await this.client.call<{ run_info: JsonRunInfo }>("POST", "runs/update", {
      body: { run_id: runId, status: request.status, end_time: request.endTime, run_name: request.runName },
    });
    return decodeRunInfo(r.run_info);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.client.call("POST", "runs/delete", { body: { run_id: runId } });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.client.call("POST", "runs/restore", { body: { run_id: runId } });
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    if (request.experimentIds.length === 0) return page([], undefined);
    const r = await this.client.call<{ runs?: JsonRun[]; next_page_token?: string }>("POST", "runs/search", {
      body: {
        experiment_ids: request.experimentIds,
        filter: request.filter,
        run_view_type: request.runViewType,
        max_results: request.maxResults ?? SEARCH_DEFAULT_MAX,
        order_by: request.orderBy,
        page_token: request.pageToken,
      },
    });
    return page((r.runs ?? []).map(decodeRun), r.next_page_token);
  }

  /**
   * Checked against MLflow's limits before anything is sent, then split to the server's batch limits. A batch
   * of metrics only (what the fluent API's buffer flushes) that cannot reach the server after all retries is
   * kept in the fallback folder, with a warning, for syncPendingMetrics() to send later.
   */
  async logBatch(runId: string, batch: LogBatchRequest): Promise<void> {
    const parts = splitBatch(checkBatch(batch));
    const metricsOnly = parts.every((p) => !p.params?.length && !p.tags?.length);
    const flight = { runId, metrics: parts.flatMap((p) => p.metrics ?? []) };
    if (metricsOnly && flight.metrics.length > 0) this.takeOff(flight);
    try {
      await this.sendParts(runId, parts);
    } finally {
      this.land(flight);
    }
  }

  /**
   * For an exiting process (buffered metrics flushed from an 'exit' handler, process.exit() included): the batch
   * goes through a child process, since this one's event loop no longer runs; points the server cannot take are
   * kept in the fallback folder, with the message saying how to send them later.
   */
  logBatchSync(runId: string, batch: LogBatchRequest): void {
    const { metrics, params, tags } = checkBatch(batch);
    this.sendSync({ batches: [{ runId, metrics: metrics.map(encodeMetric), params, tags }], updates: [] });
  }

  /** Ends a run from an 'exit' or signal handler, through a child process as logBatchSync does. */
  updateRunSync(runId: string, request: UpdateRunRequest): void {
    this.sendSync({ batches: [], updates: [{ runId, request }] });
  }

  private sendSync(job: Omit<ExitJob, "uri" | "fallbackDir">): void {
    const full: ExitJob = { uri: this.uri, fallbackDir: this.fallback?.dir ?? null, ...job };
    // The URI may carry credentials: it goes on stdin, never on the command line.
    const r = spawnSync(process.execPath, [EXIT_SENDER], { input: JSON.stringify(full), stdio: ["pipe", "pipe", "inherit"], encoding: "utf8", timeout: 120_000 });
    let answer: ExitAnswer;
    try {
      answer = JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as ExitAnswer;
    } catch {
      answer = { ok: false, error: `the process sending it ended with ${r.error?.message ?? `status ${r.status ?? r.signal}`}` };
    }
    if (!answer.ok) throw new MlflowServerError("INTERNAL_ERROR", this.client.redact(`Could not send to the MLflow server at ${this.client.displayUri} while exiting: ${answer.error}`), undefined, undefined, false);
  }

  private takeOff(flight: { runId: string; metrics: Metric[] }): void {
    if (this.inFlight.size === 0) process.on("exit", this.onExit);
    this.inFlight.add(flight);
  }

  private land(flight: { runId: string; metrics: Metric[] }): void {
    if (!this.inFlight.delete(flight)) return;
    if (this.inFlight.size === 0) process.off("exit", this.onExit);
  }

  private resendInFlightSync(): void {
    const batches = [...this.inFlight].map((f) => ({ runId: f.runId, metrics: f.metrics.map(encodeMetric) }));
    this.inFlight.clear();
    process.off("exit", this.onExit);
    try {
      this.sendSync({ batches, updates: [] });
    } catch (e) {
      process.stderr.write(`labops: warning: ${(e as Error).message}\n`); // a warning event would never fire now
    }
  }

  private async sendParts(runId: string, parts: LogBatchRequest[]): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      try {
        await this.client.call("POST", "runs/log-batch", {
          body: { run_id: runId, metrics: (part.metrics ?? []).map(encodeMetric), params: part.params, tags: part.tags },
        });
      } catch (e) {
        const metricsOnly = parts.slice(i).every((p) => !p.params?.length && !p.tags?.length);
        if (this.fallback && metricsOnly && e instanceof MlflowServerError && e.unavailable) {
          const rest = parts.slice(i).flatMap((p) => p.metrics ?? []);
          this.fallback.keep(runId, rest, e);
          return;
        }
        throw e;
      }
    }
  }

  /** Sends metric points kept in the fallback folder while the server was down; returns how many were sent. */
  async syncPendingMetrics(): Promise<number> {
    if (!this.fallback) return 0;
    return this.fallback.replay(async (runId, metrics) => {
      for (const part of splitBatch({ metrics })) {
        await this.client.call("POST", "runs/log-batch", { body: { run_id: runId, metrics: (part.metrics ?? []).map(encodeMetric) } });
      }
    });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.client.call("POST", "runs/delete-tag", { body: { run_id: runId, key } });
  }

  /**
   * Every point, in the server's order: MLflow's SQL store orders by (timestamp, step). max_results is always
   * sent: MLflow 3.x answers a request without it with an empty page.
   */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const r = await this.client.call<{ metrics?: JsonMetric[]; next_page_token?: string }>("GET", "metrics/get-history", {
        query: { run_id: runId, metric_key: key, max_results: 25_000, page_token: pageToken },
      });
      out.push(...(r.metrics ?? []).map(decodeMetric));
      pageToken = r.next_page_token || undefined;
    } while (pageToken);
    if (out.length === 0) await this.getRun(runId); // the server answers an unknown run with an empty history
    return out;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Checked against MLflow's limits before anything is sent; a param given twice with one value is sent once. */
function checkBatch(batch: LogBatchRequest): { metrics: Metric[]; params: Param[]; tags: RunTag[] } {
  const metrics = (batch.metrics ?? []).map((m) => (validateKey("metric", m.key), m));
  const params: Param[] = (batch.params ?? []).map((p) => (validateKey("param", p.key), validateParamValue(p.key, p.value), p));
  const tags: RunTag[] = (batch.tags ?? []).map((t) => (validateKey("tag", t.key), validateTagValue(t.key, t.value), t));
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.key)) {
      const values = params.filter((q) => q.key === p.key).map((q) => q.value);
      if (new Set(values).size > 1) throw new MlflowServerError("INVALID_PARAMETER_VALUE", `Param '${p.key}' is given twice with different values (${values.join(", ")}) in one batch.`, undefined, undefined, false);
    }
    seen.add(p.key);
  }
  return { metrics, params: params.filter((p, i) => params.findIndex((q) => q.key === p.key) === i), tags };
}

function page<T>(items: T[], nextPageToken: string | undefined): Page<T> {
  return nextPageToken ? { items, nextPageToken } : { items };
}
