// Registry entities (MLflow's RegisteredModel and ModelVersion), plus the audit history labops keeps.

/** MLflow's deprecated stages, kept because retraining flows still speak in them. */
export type ModelStage = "None" | "Staging" | "Production" | "Archived";
export const MODEL_STAGES: readonly ModelStage[] = ["None", "Staging", "Production", "Archived"];

/** The stage a text names, in any case as MLflow takes it ("production"); undefined when it names none. */
export function modelStageNamed(text: string): ModelStage | undefined {
  return MODEL_STAGES.find((s) => s.toLowerCase() === text.toLowerCase());
}

export type ModelVersionStatus = "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";

export interface RegisteredModel {
  name: string;
  description: string;
  /** Unix milliseconds. */
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  tags: Record<string, string>;
  /** Alias -> version number. */
  aliases: Record<string, number>;
  /** The latest version of each stage that has one. */
  latestVersions: ModelVersion[];
}

/** What the run looked like when the version was registered: lineage that survives later edits. */
export interface RunSnapshot {
  runId: string;
  runName: string;
  experimentId: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
}

export interface ModelVersion {
  name: string;
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string;
  userId: string;
  currentStage: ModelStage;
  /** Where the files came from: runs:/ID/path or a local folder. */
  source: string;
  runId?: string;
  /** Where the registry keeps this version's files (a file: URI). */
  storageLocation: string;
  status: ModelVersionStatus;
  tags: Record<string, string>;
  aliases: string[];
  run?: RunSnapshot;
  /** Metrics given at registration (e.g. validation gates), beside the run's. */
  metrics?: Record<string, number>;
  /** SHA-256 over the version's files (paths and contents), to tell identical models apart from changed ones. */
  dataDigest?: string;
  /** The model's input/output signature, when the model folder has one (MLmodel or signature.json). */
  signature?: unknown;
}

export type AuditAction =
  | "create_model"
  | "rename_model"
  | "update_model"
  | "delete_model"
  | "set_model_tag"
  | "delete_model_tag"
  | "register_version"
  | "update_version"
  | "delete_version"
  | "set_version_tag"
  | "delete_version_tag"
  | "transition_stage"
  | "set_alias"
  | "rollback_alias"
  | "delete_alias";

/** One change, as the audit history records it. */
export interface AuditEntry {
  /** Position in the model's history, from 1. */
  seq: number;
  model: string;
  action: AuditAction;
  version?: number;
  /** What changed (alias or stage name, tag key), when the action has a subject. */
  subject?: string;
  from: string | number | null;
  to: string | number | null;
  /** Unix milliseconds. */
  at: number;
  /** LABOPS_USER, else the OS user. */
  by: string;
  reason?: string;
}

/** Aliases MLflow reserves: `latest` and `v<digits>`, any case. */
export function isReservedAlias(alias: string): boolean {
  return /^latest$/i.test(alias) || /^v\d+$/i.test(alias);
}
