// MLflow's limits on names, keys and values, checked before anything is written.

import { invalidParameter } from "../core/errors";
import { RUN_STATUSES, VIEW_TYPES, type RunStatus, type ViewType } from "../entities";

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

// Letters and digits of any script, '_', '/', '.', '-', ' ' and ':' (MLflow's rule on a POSIX server).
const KEY_PATTERN = /^[\p{L}\p{N}_/.\- :]+$/u;

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
      `Invalid ${kind} key '${key}': use only letters and digits of any script, '_', '-', '.', ' ', ':' and '/'.`,
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

// -- shapes of what JavaScript callers pass (TypeScript's types do not reach them) --------------------------------

/** How a bad value is shown in a message: short, and with its type. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? `'${value}'` : typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = text.slice(0, 57) + "...";
  return `${text} (${value === null ? "null" : Array.isArray(value) ? "array" : typeof value})`;
}

/** An experiment or run id: a non-empty string ('3', not 3). */
export function validateId(kind: "experiment" | "run", id: unknown): string {
  if (typeof id !== "string" || id === "") {
    const hint = typeof id === "number" ? ` Pass it as a string: '${id}'.` : "";
    throw invalidParameter(`Invalid ${kind} id ${shown(id)}: ${kind} ids are non-empty strings.${hint}`);
  }
  return id;
}

/** A time in Unix milliseconds (startTime, endTime): a non-negative integer. */
export function validateTime(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    const hint = value instanceof Date ? " Pass date.getTime()." : " Use Date.now() or date.getTime().";
    throw invalidParameter(`Invalid ${name} ${shown(value)}: use Unix milliseconds (a non-negative integer).${hint}`);
  }
  return value;
}

export function validateRunName(name: unknown): string {
  if (typeof name !== "string") throw invalidParameter(`Invalid run name ${shown(name)}: a run name is a string.`);
  validateTagValue("mlflow.runName", name);
  return name;
}

/** An optional string argument (a filter, a page token, a path): undefined or a string. */
export function validateOptionalString(name: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== "string") throw invalidParameter(`Invalid ${name} ${shown(value)}: give a string.`);
  return value;
}

export function validateString(name: string, value: unknown): string {
  if (typeof value !== "string") throw invalidParameter(`Invalid ${name} ${shown(value)}: give a string.`);
  return value;
}

/** An options or record argument: undefined or a plain object (not an array, not null). */
export function validateObject<T extends object>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParameter(`Invalid ${name} ${shown(value)}: give an object${name.endsWith("tags") || name.endsWith("params") ? " of key: value pairs" : ""}.`);
  }
  return value as T;
}

/** An optional array whose items are objects (metrics, params, tags of a batch). */
export function validateObjectArray<T>(name: string, value: unknown): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameter(`Invalid ${name} ${shown(value)}: give an array.`);
  value.forEach((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw invalidParameter(`Invalid ${name}[${i}] ${shown(item)}: give an object with key and value.`);
    }
  });
  return value as T[];
}

export function validateStringArray(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParameter(`Invalid ${name} ${shown(value)}: give an array of strings.`);
  }
  return value as string[];
}

export function validateViewType(name: string, value: unknown): ViewType | undefined {
  if (value !== undefined && !VIEW_TYPES.includes(value as ViewType)) {
    throw invalidParameter(`Invalid ${name} ${shown(value)}: use one of ${VIEW_TYPES.join(", ")}.`);
  }
  return value as ViewType | undefined;
}

export function validateOptionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw invalidParameter(`Invalid ${name} ${shown(value)}: give true or false.`);
  return value;
}
