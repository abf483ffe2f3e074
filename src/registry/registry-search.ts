// Searching the registry with MLflow's filter language: models by name and tags, versions by name, run id,
// source, version number and tags.

import { clauseHolds, parseFilter, type EntityKind, type FilterClause, type SearchSchema } from "../search";
import type { ModelVersion, RegisteredModel } from "./entities";

const TAG_PREFIXES = new Map<string, EntityKind>([["tag", "tag"], ["tags", "tag"]]);

const MODEL_SCHEMA: SearchSchema = {
  prefixes: TAG_PREFIXES,
  attributes: new Map([["name", { type: "string" as const }]]),
  aliases: new Map(),
  hint: "name or tags.<key>",
};

const VERSION_SCHEMA: SearchSchema = {
  prefixes: TAG_PREFIXES,
  attributes: new Map([
    ["name", { type: "string" as const }],
    ["run_id", { type: "list" as const }],
    ["source_path", { type: "string" as const }],
    ["version_number", { type: "number" as const }],
    ["current_stage", { type: "string" as const }],
  ]),
  aliases: new Map(),
  hint: "name, run_id, source_path, version_number, current_stage or tags.<key>",
};

export const parseModelFilter = (filter: string | undefined): FilterClause[] => parseFilter(filter, MODEL_SCHEMA);
export const parseVersionFilter = (filter: string | undefined): FilterClause[] => parseFilter(filter, VERSION_SCHEMA);

export function modelMatches(model: Pick<RegisteredModel, "name" | "tags">, clauses: readonly FilterClause[]): boolean {
  return clauses.every((c) => clauseHolds(c.kind === "tag" ? (Object.hasOwn(model.tags, c.key) ? model.tags[c.key] : undefined) : model.name, c));
}

export function versionMatches(v: ModelVersion, clauses: readonly FilterClause[]): boolean {
  return clauses.every((c) => {
    if (c.kind === "tag") return clauseHolds(Object.hasOwn(v.tags, c.key) ? v.tags[c.key] : undefined, c);
    const value = { name: v.name, run_id: v.runId, source_path: v.source, version_number: v.version, current_stage: v.currentStage }[c.key];
    return clauseHolds(value, c);
  });
}
