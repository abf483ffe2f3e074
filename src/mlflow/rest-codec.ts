// MLflow's REST JSON (snake_case, absent empty fields, NaN as strings) to labops' entities and back.

import type { Experiment, LifecycleStage, Metric, Run, RunInfo, RunStatus } from "../entities";
import { compareMetricPoints } from "../entities";
import type { ModelStage, ModelVersion, ModelVersionStatus, RegisteredModel } from "../registry/entities";

export interface KeyValue {
  key: string;
  value?: string;
}

export interface JsonExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  last_update_time?: number;
  creation_time?: number;
  tags?: KeyValue[];
}

export interface JsonMetric {
  key: string;
  value: number | string;
  timestamp?: number;
  step?: number;
}

export interface JsonRunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface JsonRun {
  info: JsonRunInfo;
  data?: { metrics?: JsonMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

export interface JsonModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: KeyValue[];
  aliases?: string[];
}

export interface JsonRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: JsonModelVersion[];
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

/** Tags labops writes for its own bookkeeping on registry entities; not shown as the user's tags. */
export const LABOPS_SOURCE_TAG = "labops.source";
export const LABOPS_STORAGE_TAG = "labops.storage_location";
export const LABOPS_CREATE_ID_TAG = "labops.create_id";
export const LABOPS_DIGEST_TAG = "labops.data_digest";
export const LABOPS_METRICS_TAG = "labops.metrics";
const HIDDEN_VERSION_TAGS = new Set([LABOPS_SOURCE_TAG, LABOPS_STORAGE_TAG, LABOPS_CREATE_ID_TAG, LABOPS_DIGEST_TAG, LABOPS_METRICS_TAG]);

export function tagsOf(list: KeyValue[] | undefined, hidden?: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (!hidden?.has(t.key)) out[t.key] = t.value ?? "";
  return out;
}

export function toKeyValues(record: Record<string, string> | undefined): KeyValue[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}

/** Protobuf JSON writes NaN and infinities as strings. */
export function decodeDouble(v: number | string | undefined): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  return Number(v);
}

export function encodeDouble(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return v;
}

export function decodeMetric(m: JsonMetric): Metric {
  return { key: m.key, value: decodeDouble(m.value), timestamp: Number(m.timestamp ?? 0), step: Number(m.step ?? 0) };
}

export function encodeMetric(m: Metric): JsonMetric {
  return { key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step };
}

export function decodeExperiment(e: JsonExperiment): Experiment {
  return {
    experimentId: String(e.experiment_id),
    name: e.name,
    artifactLocation: e.artifact_location ?? "",
    lifecycleStage: (e.lifecycle_stage ?? "active") as LifecycleStage,
    creationTime: Number(e.creation_time ?? 0),
    lastUpdateTime: Number(e.last_update_time ?? e.creation_time ?? 0),
    tags: tagsOf(e.tags),
  };
}

export function decodeRunInfo(i: JsonRunInfo): RunInfo {
  const info: RunInfo = {
    runId: i.run_id,
    runName: i.run_name ?? "",
    experimentId: String(i.experiment_id),
    userId: i.user_id ?? "",
    status: (i.status ?? "RUNNING") as RunStatus,
    startTime: Number(i.start_time ?? 0),
    artifactUri: i.artifact_uri ?? "",
    lifecycleStage: (i.lifecycle_stage ?? "active") as LifecycleStage,
  };
  if (i.end_time !== undefined && i.end_time !== null) info.endTime = Number(i.end_time);
  return info;
}

export function decodeRun(r: JsonRun): Run {
  const latestMetrics: Record<string, Metric> = {};
  for (const m of (r.data?.metrics ?? []).map(decodeMetric)) {
    const seen = latestMetrics[m.key];
    if (!seen || compareMetricPoints(m, seen) > 0) latestMetrics[m.key] = m;
  }
  const metrics: Record<string, number> = {};
  for (const [k, m] of Object.entries(latestMetrics)) metrics[k] = m.value;
  const info = decodeRunInfo(r.info);
  const tags = tagsOf(r.data?.tags);
  if (!info.userId && tags["mlflow.user"]) info.userId = tags["mlflow.user"];
  return { info, data: { metrics, latestMetrics, params: tagsOf(r.data?.params), tags } };
}

export function decodeModelVersion(v: JsonModelVersion): ModelVersion {
  const all = tagsOf(v.tags);
  const out: ModelVersion = {
    name: v.name,
    version: Number(v.version),
    creationTimestamp: Number(v.creation_timestamp ?? 0),
    lastUpdatedTimestamp: Number(v.last_updated_timestamp ?? v.creation_timestamp ?? 0),
    description: v.description ?? "",
    userId: v.user_id || "unknown",
    currentStage: (v.current_stage ?? "None") as ModelStage,
    source: all[LABOPS_SOURCE_TAG] ?? v.source ?? "",
    storageLocation: all[LABOPS_STORAGE_TAG] ?? v.source ?? "",
    status: (v.status ?? "READY") as ModelVersionStatus,
    tags: tagsOf(v.tags, HIDDEN_VERSION_TAGS),
    aliases: [...(v.aliases ?? [])],
  };
  if (v.run_id) out.runId = v.run_id;
  if (all[LABOPS_DIGEST_TAG]) out.dataDigest = all[LABOPS_DIGEST_TAG];
  if (all[LABOPS_METRICS_TAG]) {
    try {
      out.metrics = JSON.parse(all[LABOPS_METRICS_TAG]) as Record<string, number>;
    } catch {
      // a tag edited by hand: the version is still readable
    }
  }
  return out;
}

export function decodeRegisteredModel(m: JsonRegisteredModel): RegisteredModel {
  const aliases: Record<string, number> = {};
  for (const a of m.aliases ?? []) aliases[a.alias] = Number(a.version);
  return {
    name: m.name,
    description: m.description ?? "",
    creationTimestamp: Number(m.creation_timestamp ?? 0),
    lastUpdatedTimestamp: Number(m.last_updated_timestamp ?? m.creation_timestamp ?? 0),
    tags: tagsOf(m.tags),
    aliases,
    latestVersions: (m.latest_versions ?? []).map(decodeModelVersion),
  };
}
