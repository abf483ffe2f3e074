// The RegistryStore operations shared by local backends, written once over a RegistryState.

import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { notFound } from "../core/errors";
import { currentUser } from "../core/current-user";
import { compareCodePoints, paginate } from "../search";
import { validateMaxResults } from "../tracking/validation";
import type { Page } from "../core/page";
import { MODEL_STAGES, modelStageNamed, type AuditEntry, type ModelStage, type ModelVersion, type RegisteredModel } from "./entities";
import type { OpContext, RegistryOp } from "./registry-ops";
import { modelMatches, parseModelFilter, parseVersionFilter, versionMatches } from "./registry-search";
import { validateAlias, validateModelName, type ModelRecord, type RegistryState } from "./registry-state";
import type { ChangeOptions, CreateModelVersionRequest, RegistryStore, SearchRequest } from "./store";

type Step = (state: RegistryState) => RegistryOp | null;

export abstract class LocalRegistryStore implements RegistryStore {
  constructor(readonly uri: string) {}

  protected abstract readState(): RegistryState;
  /** Applies the steps' ops in order on the freshest state and makes them durable, all or none. */
  protected abstract commit(steps: Step[]): void;
  abstract close(): Promise<void>;
  abstract modelArtifactRepository(): ArtifactRepository;

  private context(options?: ChangeOptions): OpContext {
    const ctx: OpContext = { at: Date.now(), by: currentUser() };
    if (options?.reason !== undefined) ctx.reason = options.reason;
    return ctx;
  }

  async createRegisteredModel(name: string, options: { description?: string; tags?: Record<string, string> } & ChangeOptions = {}): Promise<RegisteredModel> {
    validateModelName(name);
    this.commit([() => ({ ...this.context(options), op: "createModel", name, description: options.description ?? "", tags: options.tags ?? {} })]);
    return this.getRegisteredModel(name);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return modelOf(this.readState().record(name));
  }

  async renameRegisteredModel(name: string, newName: string, options?: ChangeOptions): Promise<RegisteredModel> {
    this.commit([() => ({ ...this.context(options), op: "renameModel", name, newName })]);
    return this.getRegisteredModel(newName);
  }

  async updateRegisteredModel(name: string, description: string, options?: ChangeOptions): Promise<RegisteredModel> {
    this.commit([() => ({ ...this.context(options), op: "updateModel", name, description })]);
    return this.getRegisteredModel(name);
  }

  async deleteRegisteredModel(name: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "deleteModel", name })]);
  }

  async searchRegisteredModels(request: SearchRequest = {}): Promise<Page<RegisteredModel>> {
    const clauses = parseModelFilter(request.filter);
    const found = [...this.readState().models.values()].filter((r) => modelMatches(r.model, clauses)).map(modelOf);
    found.sort((a, b) => compareCodePoints(a.name, b.name));
    return paginate(found, validateMaxResults(request.maxResults ?? 100), request.pageToken);
  }

  async setRegisteredModelTag(name: string, key: string, value: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "setModelTag", name, key, value })]);
  }

  async deleteRegisteredModelTag(name: string, key: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "deleteModelTag", name, key })]);
  }

  async createModelVersion(request: CreateModelVersionRequest, options?: ChangeOptions): Promise<ModelVersion> {
    validateModelName(request.name);
    const ctx = this.context(options);
    let version = 0;
    this.commit([
      (state) => (request.createModel && !state.models.has(request.name) ? { ...ctx, op: "createModel", name: request.name, description: "", tags: {} } : null),
      (state) => {
        version = state.record(request.name).nextVersion; // under the store's lock: no gap, no repeat
        return {
          ...ctx,
          op: "createVersion",
          name: request.name,
          version,
          source: request.source,
          runId: request.runId,
          run: request.run,
          storageLocation: request.storageLocation,
          dataDigest: request.dataDigest,
          signature: request.signature,
          metrics: request.metrics,
          description: request.description ?? "",
          tags: request.tags ?? {},
        };
      },
    ]);
    return this.getModelVersion(request.name, version);
  }

  async getModelVersion(name: string, version: number): Promise<ModelVersion> {
    return copyVersion(this.readState().version(name, version));
  }

  async updateModelVersion(name: string, version: number, description: string, options?: ChangeOptions): Promise<ModelVersion> {
    this.commit([() => ({ ...this.context(options), op: "updateVersion", name, version, description })]);
    return this.getModelVersion(name, version);
  }

  async deleteModelVersion(name: string, version: number, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "deleteVersion", name, version })]);
  }

  async searchModelVersions(request: SearchRequest = {}): Promise<Page<ModelVersion>> {
    const clauses = parseVersionFilter(request.filter);
    const found: ModelVersion[] = [];
    for (const r of this.readState().models.values()) for (const v of Object.values(r.versions)) if (versionMatches(v, clauses)) found.push(copyVersion(v));
    found.sort((a, b) => compareCodePoints(a.name, b.name) || b.version - a.version);
    return paginate(found, validateMaxResults(request.maxResults ?? 10_000), request.pageToken);
  }

  async setModelVersionTag(name: string, version: number, key: string, value: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "setVersionTag", name, version, key, value })]);
  }

  async deleteModelVersionTag(name: string, version: number, key: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "deleteVersionTag", name, version, key })]);
  }

  async transitionModelVersionStage(name: string, version: number, stage: ModelStage, archiveExisting: boolean, options?: ChangeOptions): Promise<ModelVersion> {
    const canonical = modelStageNamed(String(stage)) ?? stage; // MLflow: any case
    this.commit([() => ({ ...this.context(options), op: "transitionStage", name, version, stage: canonical, archiveExisting })]);
    return this.getModelVersion(name, version);
  }

  async getLatestVersions(name: string, stages?: ModelStage[]): Promise<ModelVersion[]> {
    return latestVersions(this.readState().record(name), stages).map(copyVersion);
  }

  async setRegisteredModelAlias(name: string, alias: string, version: number, options?: ChangeOptions): Promise<void> {
    validateAlias(alias);
    this.commit([() => ({ ...this.context(options), op: "setAlias", name, alias, version, ...(options?.rollback ? { rollback: true } : {}) })]);
  }

  async deleteRegisteredModelAlias(name: string, alias: string, options?: ChangeOptions): Promise<void> {
    this.commit([() => ({ ...this.context(options), op: "deleteAlias", name, alias })]);
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const state = this.readState();
    const version = state.record(name).model.aliases[alias];
    if (version === undefined) throw notFound(`Registered Model ${name} has no alias '${alias}'. See 'labops models show ${name}'.`);
    return copyVersion(state.version(name, version));
  }

  async getModelHistory(name: string): Promise<AuditEntry[]> {
    const state = this.readState();
    const history = state.historyOf(name);
    if (history.length === 0) state.record(name); // unknown model: a clear not-found
    return history.map((e) => ({ ...e }));
  }
}

function latestVersions(record: ModelRecord, stages?: readonly ModelStage[]): ModelVersion[] {
  const latest = new Map<ModelStage, ModelVersion>();
  for (const v of Object.values(record.versions)) {
    const prev = latest.get(v.currentStage);
    if (!prev || v.version > prev.version) latest.set(v.currentStage, v);
  }
  return MODEL_STAGES.filter((s) => (stages ?? MODEL_STAGES).includes(s) && latest.has(s)).map((s) => latest.get(s)!);
}

function modelOf(record: ModelRecord): RegisteredModel {
  const m = record.model;
  return { ...m, tags: { ...m.tags }, aliases: { ...m.aliases }, latestVersions: latestVersions(record).map(copyVersion) };
}

function copyVersion(v: ModelVersion): ModelVersion {
  return { ...v, tags: { ...v.tags }, aliases: [...v.aliases] };
}
