// The RegistryStore seam: what every registry backend (file, memory, MLflow server) implements.

import type { ArtifactRepository } from "../artifacts/artifact-repository";
import type { Page } from "../core/page";
import type { AuditEntry, ModelStage, ModelVersion, RegisteredModel, RunSnapshot } from "./entities";

/** Why a change was made: recorded in the audit history with who and when. */
export interface ChangeOptions {
  reason?: string;
  /** Marks an alias move as a rollback in the history (so the next rollback goes further back). */
  rollback?: boolean;
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string;
  run?: RunSnapshot;
  /** Where the version's files are kept (file: URI), already stored. */
  storageLocation: string;
  dataDigest?: string;
  signature?: unknown;
  metrics?: Record<string, number>;
  description?: string;
  tags?: Record<string, string>;
  /** Create the registered model first when it does not exist (mlflow.register_model does). */
  createModel?: boolean;
}

export interface SearchRequest {
  filter?: string;
  maxResults?: number;
  pageToken?: string;
}

/**
 * A model registry backend. Every write is all-or-nothing and recorded in the audit history; version numbers
 * of a model go up by one, with no gap or repeat, whichever processes register.
 */
export interface RegistryStore {
  readonly uri: string;

  /**
   * Where this registry keeps model versions' files; the client publishes them there, and reads them back
   * through the repository of each version's storageLocation scheme.
   */
  modelArtifactRepository(): ArtifactRepository;

  createRegisteredModel(name: string, options?: { description?: string; tags?: Record<string, string> } & ChangeOptions): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string, options?: ChangeOptions): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string, options?: ChangeOptions): Promise<RegisteredModel>;
  /** Deletes the model and all its versions (their history stays). */
  deleteRegisteredModel(name: string, options?: ChangeOptions): Promise<void>;
  searchRegisteredModels(request?: SearchRequest): Promise<Page<RegisteredModel>>;
  setRegisteredModelTag(name: string, key: string, value: string, options?: ChangeOptions): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string, options?: ChangeOptions): Promise<void>;

  createModelVersion(request: CreateModelVersionRequest, options?: ChangeOptions): Promise<ModelVersion>;
  getModelVersion(name: string, version: number): Promise<ModelVersion>;
  updateModelVersion(name: string, version: number, description: string, options?: ChangeOptions): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: number, options?: ChangeOptions): Promise<void>;
  searchModelVersions(request?: SearchRequest): Promise<Page<ModelVersion>>;
  setModelVersionTag(name: string, version: number, key: string, value: string, options?: ChangeOptions): Promise<void>;
  deleteModelVersionTag(name: string, version: number, key: string, options?: ChangeOptions): Promise<void>;
  /** MLflow's deprecated stages; with archiveExisting, other versions in that stage become Archived. */
  transitionModelVersionStage(name: string, version: number, stage: ModelStage, archiveExisting: boolean, options?: ChangeOptions): Promise<ModelVersion>;
  /** The newest version in each stage (all stages when none are given). */
  getLatestVersions(name: string, stages?: ModelStage[]): Promise<ModelVersion[]>;

  setRegisteredModelAlias(name: string, alias: string, version: number, options?: ChangeOptions): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string, options?: ChangeOptions): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  /**
   * Every change to the model, oldest first. An opt-in capability: MLflow's REST API keeps no audit history,
   * so a backend without one throws NOT_IMPLEMENTED (and passes the core contract only).
   */
  getModelHistory(name: string): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
