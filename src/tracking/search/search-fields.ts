// Which identifiers a search may name, for runs and for experiments, and how to read them off an entity.

import type { Experiment, Run } from "../../entities";
import type { EntityKind } from "./filter-clause";

const KIND_ALIASES: Record<string, EntityKind> = {
  metric: "metric", metrics: "metric",
  param: "param", params: "param", parameter: "param", parameters: "param",
  tag: "tag", tags: "tag",
  attribute: "attribute", attributes: "attribute", attr: "attribute", run: "attribute",
};

export function entityKind(prefix: string): EntityKind | undefined {
  return KIND_ALIASES[prefix.toLowerCase()];
}

export interface SearchFields<T> {
  /** Identifier kinds this entity has besides attributes. */
  kinds: readonly EntityKind[];
  /** Attribute name (canonical) -> "number" or "string". */
  attributes: Record<string, "number" | "string">;
  /** Other spellings of attribute names. */
  attributeAliases: Record<string, string>;
  read(entity: T, kind: EntityKind, key: string): number | string | undefined;
}

export const RUN_FIELDS: SearchFields<Run> = {
  kinds: ["metric", "param", "tag"],
  attributes: {
    run_id: "string", run_name: "string", status: "string", user_id: "string", artifact_uri: "string",
    lifecycle_stage: "string", start_time: "number", end_time: "number",
  },
  attributeAliases: { created: "start_time", "run name": "run_name", run_uuid: "run_id" },
  read(run, kind, key) {
    if (kind === "metric") return run.data.latestMetrics[key]?.value;
    if (kind === "param") return run.data.params[key];
    if (kind === "tag") return run.data.tags[key];
    const info = run.info;
    switch (key) {
      case "run_id": return info.runId;
      case "run_name": return info.runName;
      case "status": return info.status;
      case "user_id": return info.userId;
      case "artifact_uri": return info.artifactUri;
      case "lifecycle_stage": return info.lifecycleStage;
      case "start_time": return info.startTime;
      case "end_time": return info.endTime;
    }
    return undefined;
  },
};

export const EXPERIMENT_FIELDS: SearchFields<Experiment> = {
  kinds: ["tag"],
  attributes: { name: "string", experiment_id: "string", creation_time: "number", last_update_time: "number", lifecycle_stage: "string" },
  attributeAliases: {},
  read(e, kind, key) {
    if (kind === "tag") return e.tags[key];
    switch (key) {
      case "name": return e.name;
      case "experiment_id": return e.experimentId;
      case "creation_time": return e.creationTime;
      case "last_update_time": return e.lastUpdateTime;
      case "lifecycle_stage": return e.lifecycleStage;
    }
    return undefined;
  },
};

/** Resolves an identifier token to (kind, key), or says what is wrong. */
export function resolveIdentifier<T>(
  fields: SearchFields<T>,
  prefix: string,
  key: string,
): { kind: EntityKind; key: string } | { error: string } {
  if (prefix === "") {
    const attr = fields.attributeAliases[key.toLowerCase()] ?? key.toLowerCase();
    if (attr in fields.attributes) return { kind: "attribute", key: attr };
    return { error: `unknown attribute '${key}'. Use ${describeIdentifiers(fields)}.` };
  }
  const kind = entityKind(prefix);
  if (!kind || (kind !== "attribute" && !fields.kinds.includes(kind))) {
    return { error: `unknown identifier type '${prefix}'. Use ${describeIdentifiers(fields)}.` };
  }
  if (key === "") return { error: `'${prefix}.' needs a key after the dot.` };
  if (kind === "attribute") return resolveIdentifier(fields, "", key);
  return { kind, key };
}

function describeIdentifiers<T>(fields: SearchFields<T>): string {
  const prefixes = fields.kinds.map((k) => `${k}s.<key>`);
  return [...prefixes, ...Object.keys(fields.attributes).map((a) => `attributes.${a}`)].join(", ");
}
