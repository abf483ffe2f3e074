// MLflow's limits on names, keys and values, checked before anything is written.

import { invalidParameter } from "../core/errors";
import { RUN_STATUSES, type RunStatus } from "../entities";

export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  runTagValueLength: 8000,
  experimentTagValueLength: 5000,
  experimentNameLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  maxResults: 50000,
} as const;

// Word characters, '/', '.', '-', ' ' and ':' (MLflow on a POSIX server).
const KEY_PATTERN = /^[\w/.\- :]+$/;

/** Checks a metric, param or tag key; throws naming the key and what is allowed. */
export function validateKey(kind: "metric" | "param" | "tag", key: unknown): string {
  if (typeof key !== "string" || key.length === 0) {
    throw invalidParameter(`Invalid ${kind} key ${JSON.stringify(key)}: a key must be a non-empty string.`);
  }
  if (key.length > LIMITS.keyLength) {
    throw invalidParameter(
      `Invalid ${kind} key '${key.slice(0, 40)}...' (${key.length} characters): keys are at most ${LIMITS.keyLength} characters.`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw invalidParameter(
      `Invalid ${kind} key '${key}': use only letters, digits, '_', '-', '.', ' ', ':' and '/'.`,
    );
  }
  // Keys name files in some stores: refuse ones that normalise to another path.
  const parts = key.split("/");
  if (key.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw invalidParameter(`Invalid ${kind} key '${key}': it must be a relative path without empty, '.' or '..' parts.`);
  }
  return key;
}

export function validateParamValue(key: string, value: string): void {
  if (value.length > LIMITS.paramValueLength) {
    throw invalidParameter(
      `Param '${key}' has a value of ${value.length} characters; params are at most ${LIMITS.paramValueLength}. Log long text with logText instead.`,
    );
  }
}

export function validateTagValue(key: string, value: string, limit: number = LIMITS.runTagValueLength): void {
  if (typeof value !== "string") {
    throw invalidParameter(`Tag '${key}' must have a string value, got ${typeof value}.`);
  }
  if (value.length > limit) {
    throw invalidParameter(`Tag '${key}' has a value of ${value.length} characters; tags are at most ${limit}.`);
  }
}

export function validateMetricValue(key: string, value: unknown): number {
  if (typeof value !== "number") {
    throw invalidParameter(`Metric '${key}' must be a number, got ${JSON.stringify(value)} (${typeof value}).`);
  }
  return value;
}

export function validateStep(key: string, step: unknown): number {
  if (typeof step !== "number" || !Number.isSafeInteger(step)) {
    throw invalidParameter(`Metric '${key}' has step ${JSON.stringify(step)}; a step must be a safe integer.`);
  }
  return step;
}

export function validateTimestamp(key: string, timestamp: unknown): number {
  if (typeof timestamp !== "number" || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw invalidParameter(
      `Metric '${key}' has timestamp ${JSON.stringify(timestamp)}; use Unix milliseconds (a non-negative integer).`,
    );
  }
  return timestamp;
}

export function validateExperimentName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") {
    throw invalidParameter(`Invalid experiment name ${JSON.stringify(name)}: give a non-empty name.`);
  }
  if (name.length > LIMITS.experimentNameLength) {
    throw invalidParameter(`Experiment name is ${name.length} characters; at most ${LIMITS.experimentNameLength}.`);
  }
  return name;
}

export function validateRunStatus(status: unknown): RunStatus {
  if (!RUN_STATUSES.includes(status as RunStatus)) {
    throw invalidParameter(`Invalid run status ${JSON.stringify(status)}: use one of ${RUN_STATUSES.join(", ")}.`);
  }
  return status as RunStatus;
}

export function validateMaxResults(maxResults: unknown): number {
  if (typeof maxResults !== "number" || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > LIMITS.maxResults) {
    throw invalidParameter(
      `Invalid maxResults ${JSON.stringify(maxResults)}: use an integer from 1 to ${LIMITS.maxResults}.`,
    );
  }
  return maxResults;
}

/** Params are strings, stringified the way MLflow's Python client does for the usual types. */
export function paramValueToString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  return JSON.stringify(value);
}
