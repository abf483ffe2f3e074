// LabopsClient: the explicit tracking API (MLflow's MlflowClient), with no global state.

import fs from "node:fs";
import path from "node:path";
import type { Experiment, Metric, Param, Run, RunInfo, RunStatus, RunTag, ViewType } from "../entities";
import { invalidParameter } from "../core/errors";
import { artifactRepositoryFor, type ArtifactRepository, type FileInfo } from "../artifacts";
import { tableToCsv, type TableRows } from "./table-artifact";
import { LocalTrackingStore } from "./local-store";
import type { TrackingStore } from "./store";
import { currentUser } from "../core/current-user";
import { SYSTEM_TAGS } from "./system-tags";
import { openTrackingStore } from "./tracking-uri";
import {
  LIMITS,
  paramValueToString,
  validateId,
  validateKey,
  validateMetricValue,
  validateObject,
  validateObjectArray,
  validateOptionalString,
  validateParamValue,
  validateRunName,
  validateRunStatus,
  validateStep,
  validateString,
  validateStringArray,
  validateTagValue,
  validateTime,
  validateTimestamp,
  validateViewType,
} from "./validation";

export interface SearchRunsOptions {
  filterString?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchExperimentsOptions {
  filterString?: string;
  viewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface RunsPage {
  runs: Run[];
  nextPageToken?: string;
}

export interface ExperimentsPage {
  experiments: Experiment[];
  nextPageToken?: string;
}

export interface CreateRunOptions {
  runName?: string;
  tags?: Record<string, string>;
  /** Unix milliseconds; now by default. */
  startTime?: number;
}

// Every public method checks what a JavaScript caller may pass unchecked (TypeScript's types do not reach them),
// so a bad value is refused with a clear error before it can reach the store.
export class LabopsClient {
  readonly store: TrackingStore;

  /** Opens the store for `trackingUri` (default: LABOPS_TRACKING_URI, else ./labops-store), or uses a given store. */
  constructor(trackingUriOrStore?: string | TrackingStore) {
    this.store = typeof trackingUriOrStore === "object" ? trackingUriOrStore : openTrackingStore(trackingUriOrStore);
  }

  get trackingUri(): string {
    return this.store.uri;
  }

  // -- experiments --------------------------------------------------------------------------------------------

  async createExperiment(name: string, options: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    validateString("experiment name", name);
    const opts = validateObject<typeof options>("createExperiment options", options) ?? {};
    const artifactLocation = validateOptionalString("artifactLocation", opts.artifactLocation);
    const tags = toTags(validateObject("experiment tags", opts.tags), LIMITS.experimentTagValueLength);
    return this.store.createExperiment({ name, artifactLocation, tags });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return this.store.getExperiment(validateId("experiment", experimentId));
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.store.getExperimentByName(validateString("experiment name", name));
  }

  async searchExperiments(options: SearchExperimentsOptions = {}): Promise<ExperimentsPage> {
    const opts = validateObject<SearchExperimentsOptions>("searchExperiments options", options) ?? {};
    const page = await this.store.searchExperiments({
      filter: validateOptionalString("filterString", opts.filterString),
      viewType: validateViewType("viewType", opts.viewType),
      maxResults: opts.maxResults,
      orderBy: validateStringArray("orderBy", opts.orderBy),
      pageToken: validateOptionalString("pageToken", opts.pageToken),
    });
    return { experiments: page.items, nextPageToken: page.nextPageToken };
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.store.renameExperiment(validateId("experiment", experimentId), newName);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    return this.store.deleteExperiment(validateId("experiment", experimentId));
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    return this.store.restoreExperiment(validateId("experiment", experimentId));
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    validateId("experiment", experimentId);
    validateKey("tag", key);
    validateTagValue(key, value, LIMITS.experimentTagValueLength);
    return this.store.setExperimentTag(experimentId, key, value);
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return this.store.deleteExperimentTag(validateId("experiment", experimentId), validateKey("tag", key));
  }

  // -- runs ---------------------------------------------------------------------------------------------------

  async createRun(experimentId: string, options: CreateRunOptions = {}): Promise<Run> {
    validateId("experiment", experimentId);
    const opts = validateObject<CreateRunOptions>("createRun options", options) ?? {};
    const runName = opts.runName === undefined ? undefined : validateRunName(opts.runName);
    const startTime = opts.startTime === undefined ? Date.now() : validateTime("startTime", opts.startTime);
    const tags = toTags({ [SYSTEM_TAGS.user]: currentUser(), ...validateObject("run tags", opts.tags) });
    const user = tags.find((t) => t.key === SYSTEM_TAGS.user)!.value;
    return this.store.createRun({ experimentId, runName, startTime, userId: user, tags });
  }

  async getRun(runId: string): Promise<Run> {
    return this.store.getRun(validateId("run", runId));
  }

  async updateRun(runId: string, update: { status?: RunStatus; endTime?: number; name?: string }): Promise<RunInfo> {
    validateId("run", runId);
    const u = validateObject<typeof update>("updateRun update", update) ?? {};
    return this.store.updateRun(runId, {
      status: u.status === undefined ? undefined : validateRunStatus(u.status),
      endTime: u.endTime === undefined ? undefined : validateTime("endTime", u.endTime),
      runName: u.name === undefined ? undefined : validateRunName(u.name),
    });
  }

  /** Ends a run: FINISHED unless another status is given (MLflow's set_terminated). */
  async setTerminated(runId: string, status: RunStatus = "FINISHED", endTime: number = Date.now()): Promise<RunInfo> {
    validateId("run", runId);
    return this.store.updateRun(runId, { status: validateRunStatus(status), endTime: validateTime("endTime", endTime) });
  }

  async deleteRun(runId: string): Promise<void> {
    return this.store.deleteRun(validateId("run", runId));
  }

  async restoreRun(runId: string): Promise<void> {
    return this.store.restoreRun(validateId("run", runId));
  }

  async searchRuns(experimentIds: string[], options: SearchRunsOptions = {}): Promise<RunsPage> {
    if (!Array.isArray(experimentIds)) {
      throw invalidParameter(`searchRuns needs a list of experiment ids, got ${JSON.stringify(experimentIds)}.`);
    }
    for (const id of experimentIds) validateId("experiment", id);
    const opts = validateObject<SearchRunsOptions>("searchRuns options", options) ?? {};
    const page = await this.store.searchRuns({
      experimentIds,
      filter: validateOptionalString("filterString", opts.filterString),
      runViewType: validateViewType("runViewType", opts.runViewType),
      maxResults: opts.maxResults,
      orderBy: validateStringArray("orderBy", opts.orderBy),
      pageToken: validateOptionalString("pageToken", opts.pageToken),
    });
    return { runs: page.items, nextPageToken: page.nextPageToken };
  }

  // -- logging ------------------------------------------------------------------------------------------------

  /** Logs metrics, params and tags in one write: all of them or, on error, none. */
  async logBatch(runId: string, batch: { metrics?: Metric[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    validateId("run", runId);
    const b = validateObject<typeof batch>("logBatch batch", batch) ?? {};
    const metrics = validateObjectArray<Metric>("metrics", b.metrics).map((m) => checkedMetric(m.key, m.value, m.step, m.timestamp));
    const params = validateObjectArray<Param>("params", b.params).map((p) => checkedParam(p.key, p.value));
    const tags = validateObjectArray<RunTag>("tags", b.tags).map((t) => checkedTag(t.key, t.value));
    return this.store.logBatch(runId, { metrics, params, tags });
  }

  async logMetric(runId: string, key: string, value: number, options: { step?: number; timestamp?: number } = {}): Promise<void> {
    validateId("run", runId);
    const opts = validateObject<typeof options>("logMetric options", options) ?? {};
    return this.store.logBatch(runId, { metrics: [checkedMetric(key, value, opts.step, opts.timestamp)] });
  }

  async logParam(runId: string, key: string, value: unknown): Promise<void> {
    return this.store.logBatch(validateId("run", runId), { params: [checkedParam(key, value)] });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    return this.store.logBatch(validateId("run", runId), { tags: [checkedTag(key, value)] });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    return this.store.deleteTag(validateId("run", runId), validateKey("tag", key));
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return this.store.getMetricHistory(validateId("run", runId), validateKey("metric", key));
  }

  // -- artifacts ----------------------------------------------------------------------------------------------

  async artifactRepository(runId: string): Promise<ArtifactRepository> {
    const run = await this.store.getRun(validateId("run", runId));
    return artifactRepositoryFor(run.info.artifactUri, this.store instanceof LocalTrackingStore ? this.store.contentStore : undefined);
  }

  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    validateString("localPath", localPath);
    validateOptionalString("artifactPath", artifactPath);
    await (await this.artifactRepository(runId)).logArtifact(localPath, artifactPath);
  }

  async logArtifacts(runId: string, localDir: string, artifactPath?: string): Promise<void> {
    validateString("localDir", localDir);
    validateOptionalString("artifactPath", artifactPath);
    await (await this.artifactRepository(runId)).logArtifacts(localDir, artifactPath);
  }

  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    validateString("text", text);
    validateString("artifactFile", artifactFile);
    await (await this.artifactRepository(runId)).writeArtifact(artifactFile, text);
  }

  /** Logs a JSON-serialisable value as a JSON file. */
  async logDict(runId: string, dictionary: unknown, artifactFile: string): Promise<void> {
    if (!/\.json$/i.test(validateString("artifactFile", artifactFile))) {
      throw invalidParameter(`logDict writes JSON: name the artifact '*.json', got '${artifactFile}'.`);
    }
    await (await this.artifactRepository(runId)).writeArtifact(artifactFile, JSON.stringify(dictionary, null, 2) + "\n");
  }

  /** Logs a figure: SVG markup (a string) to a `.svg` file, or PNG bytes to a `.png` file. */
  async logFigure(runId: string, figure: string | Uint8Array, artifactFile: string): Promise<void> {
    validateString("artifactFile", artifactFile);
    if (typeof figure !== "string" && !(figure instanceof Uint8Array)) {
      throw invalidParameter(`logFigure takes SVG markup (a string) or PNG bytes (a Uint8Array); got ${typeof figure} for '${artifactFile}'.`);
    }
    const ext = path.extname(artifactFile).toLowerCase();
    if (typeof figure === "string") {
      if (ext !== ".svg" || !/<svg[\s>]/.test(figure)) {
        throw invalidParameter(`logFigure takes SVG markup for a '.svg' file or PNG bytes for a '.png' file; got a string for '${artifactFile}'.`);
      }
    } else if (ext !== ".png" || !isPng(figure)) {
      throw invalidParameter(`logFigure takes PNG bytes for a '.png' file; '${artifactFile}' got bytes that are not a PNG for that name.`);
    }
    await (await this.artifactRepository(runId)).writeArtifact(artifactFile, figure);
  }

  /** Logs rows as `<name>.json` (MLflow's table format: columns + data) and `<name>.csv` beside it. */
  async logTable(runId: string, rows: TableRows, artifactFile: string): Promise<void> {
    if (!/\.json$/i.test(validateString("artifactFile", artifactFile))) throw invalidParameter(`logTable writes '<name>.json' and '<name>.csv': name it '*.json', got '${artifactFile}'.`);
    const { columns, data, csv } = tableToCsv(rows);
    const repo = await this.artifactRepository(runId);
    await repo.writeArtifact(artifactFile, JSON.stringify({ columns, data }) + "\n");
    await repo.writeArtifact(artifactFile.replace(/\.json$/i, ".csv"), csv);
  }

  async listArtifacts(runId: string, artifactPath?: string): Promise<FileInfo[]> {
    validateOptionalString("artifactPath", artifactPath);
    return (await this.artifactRepository(runId)).listArtifacts(artifactPath);
  }

  async downloadArtifacts(runId: string, artifactPath: string, dstPath?: string): Promise<string> {
    validateString("artifactPath", artifactPath);
    validateOptionalString("dstPath", dstPath);
    if (dstPath !== undefined) fs.mkdirSync(dstPath, { recursive: true });
    return (await this.artifactRepository(runId)).downloadArtifacts(artifactPath, dstPath);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export function checkedMetric(key: string, value: unknown, step: unknown = 0, timestamp: unknown = Date.now()): Metric {
  validateKey("metric", key);
  return {
    key,
    value: validateMetricValue(key, value),
    step: validateStep(key, step),
    timestamp: validateTimestamp(key, timestamp),
  };
}

export function checkedParam(key: string, value: unknown): Param {
  validateKey("param", key);
  const text = paramValueToString(value);
  validateParamValue(key, text);
  return { key, value: text };
}

export function checkedTag(key: string, value: unknown, limit: number = LIMITS.runTagValueLength): RunTag {
  validateKey("tag", key);
  const text = typeof value === "string" ? value : paramValueToString(value);
  validateTagValue(key, text, limit);
  return { key, value: text };
}

function toTags(tags: Record<string, unknown> | undefined, limit?: number): RunTag[] {
  return Object.entries(tags ?? {}).map(([k, v]) => checkedTag(k, v, limit));
}

function isPng(bytes: Uint8Array): boolean {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}
