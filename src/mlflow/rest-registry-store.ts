// The RegistryStore over an MLflow server's model registry REST API. MLflow keeps no audit history, so
// getModelHistory says so (the contract's audit capability is off for this store).

import { randomUUID } from "node:crypto";
import { LabopsError, invalidParameter } from "../core/errors";
import { uriScheme } from "../core/uri-scheme";
import type { Page } from "../core/page";
import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { MODEL_STAGES, type AuditEntry, type ModelStage, type ModelVersion, type RegisteredModel } from "../registry/entities";
import { validateAlias, validateModelName } from "../registry/registry-state";
import type { ChangeOptions, CreateModelVersionRequest, RegistryStore, SearchRequest } from "../registry/store";
import {
  decodeModelVersion,
  decodeRegisteredModel,
  LABOPS_CREATE_ID_TAG,
  LABOPS_DIGEST_TAG,
  LABOPS_METRICS_TAG,
  LABOPS_SOURCE_TAG,
  LABOPS_STORAGE_TAG,
  toKeyValues,
  type JsonModelVersion,
  type JsonRegisteredModel,
} from "./rest-codec";
import { MlflowArtifactRepository } from "./rest-artifact-repository";
import { MlflowRestClient, MlflowServerError, type RestClientOptions } from "./rest-client";

/** Where a registry on an MLflow server keeps the model files labops publishes (under the artifact proxy). */
export const MODELS_ARTIFACT_FOLDER = "labops-models";

function checkStage(stage: string): ModelStage {
  const found = MODEL_STAGES.find((s) => s.toLowerCase() === String(stage).toLowerCase());
  if (!found) throw invalidParameter(`Invalid stage '${stage}': use one of ${MODEL_STAGES.join(", ")}.`);
  return found;
}

/** MLflow refuses local paths as a version's source: a local storage location is named under its own scheme. */
function serverSource(request: CreateModelVersionRequest): string {
  const proxied = /^https?:\/\/[^/]+.*?\/api\/2\.0\/mlflow-artifacts\/artifacts\/(.*)$/.exec(request.storageLocation);
  if (proxied) return `mlflow-artifacts:/${proxied[1]}`; // what MLflow's clients resolve against their own server
  for (const candidate of [request.storageLocation, request.source]) {
    const scheme = uriScheme(candidate);
    if (scheme !== "file") return candidate;
  }
  const local = request.storageLocation.startsWith("file:") ? request.storageLocation.slice("file:".length) : request.storageLocation;
  return `labops-local:${local.startsWith("//") ? local : `//${local}`}`;
}

export class RestRegistryStore implements RegistryStore {
  readonly client: MlflowRestClient;

  constructor(
    readonly uri: string,
    options: RestClientOptions = {},
    client?: MlflowRestClient,
  ) {
    this.client = client ?? new MlflowRestClient(uri, options);
  }

  modelArtifactRepository(): ArtifactRepository {
    return new MlflowArtifactRepository(`${this.client.displayUri}/api/2.0/mlflow-artifacts/artifacts/${MODELS_ARTIFACT_FOLDER}`, this.client);
  }

  async createRegisteredModel(name: string, options: { description?: string; tags?: Record<string, string> } & ChangeOptions = {}): Promise<RegisteredModel> {
    validateModelName(name);
    const body = { name, description: options.description, tags: toKeyValues(options.tags) };
    return this.client.createOnce(
      async () => decodeRegisteredModel((await this.client.call<{ registered_model: JsonRegisteredModel }>("POST", "registered-models/create", { body, maxRetries: 0 })).registered_model),
      async () => this.getRegisteredModel(name).catch(() => null),
    );
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const r = await this.client.call<{ registered_model: JsonRegisteredModel }>("GET", "registered-models/get", { query: { name } });
    return decodeRegisteredModel(r.registered_model);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    validateModelName(newName);
    const r = await this.client.call<{ registered_model: JsonRegisteredModel }>("POST", "registered-models/rename", { body: { name, new_name: newName } });
    return decodeRegisteredModel(r.registered_model);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    const r = await this.client.call<{ registered_model: JsonRegisteredModel }>("PATCH", "registered-models/update", { body: { name, description } });
    return decodeRegisteredModel(r.registered_model);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.client.call("DELETE", "registered-models/delete", { body: { name } });
  }

  async searchRegisteredModels(request: SearchRequest = {}): Promise<Page<RegisteredModel>> {
    const r = await this.client.call<{ registered_models?: JsonRegisteredModel[]; next_page_token?: string }>("GET", "registered-models/search", {
      query: { filter: request.filter, max_results: request.maxResults ?? 100, page_token: request.pageToken, order_by: ["name ASC"] },
    });
    const items = (r.registered_models ?? []).map(decodeRegisteredModel);
    return r.next_page_token ? { items, nextPageToken: r.next_page_token } : { items };
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.client.call("POST", "registered-models/set-tag", { body: { name, key, value } });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    const model = await this.getRegisteredModel(name);
    if (!(key in model.tags)) throw new LabopsError("RESOURCE_DOES_NOT_EXIST", `Registered model '${name}' has no tag '${key}'.`);
    await this.client.call("DELETE", "registered-models/delete-tag", { body: { name, key } });
  }

  /**
   * labops' source and storage location are kept in tags (MLflow's `source` must be a server-side URI). A retried
   * create must not register twice: a client-made id goes in the tag `labops.create_id`, looked up after a try
   * whose outcome is unknown.
   */
  async createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion> {
    validateModelName(request.name);
    if (request.createModel) {
      try {
        await this.createRegisteredModel(request.name);
      } catch (e) {
        if (!(e instanceof LabopsError && e.code === "RESOURCE_ALREADY_EXISTS")) throw e;
      }
    }
    const createId = randomUUID();
    const tags: Record<string, string> = { ...(request.tags ?? {}), [LABOPS_SOURCE_TAG]: request.source, [LABOPS_STORAGE_TAG]: request.storageLocation, [LABOPS_CREATE_ID_TAG]: createId };
    if (request.dataDigest) tags[LABOPS_DIGEST_TAG] = request.dataDigest;
    if (request.metrics && Object.keys(request.metrics).length > 0) tags[LABOPS_METRICS_TAG] = JSON.stringify(request.metrics);
    const body = { name: request.name, source: serverSource(request), run_id: request.runId, description: request.description, tags: toKeyValues(tags) };
    return this.client.createOnce(
      async () => decodeModelVersion((await this.client.call<{ model_version: JsonModelVersion }>("POST", "model-versions/create", { body, maxRetries: 0 })).model_version),
      async () => (await this.searchModelVersions({ filter: `name = '${request.name.replaceAll("'", "\\'")}' AND tags.\`${LABOPS_CREATE_ID_TAG}\` = '${createId}'` })).items[0] ?? null,
    );
  }

  async getModelVersion(name: string, version: number): Promise<ModelVersion> {
    const r = await this.client.call<{ model_version: JsonModelVersion }>("GET", "model-versions/get", { query: { name, version: String(version) } });
    return decodeModelVersion(r.model_version);
  }

  async updateModelVersion(name: string, version: number, description: string): Promise<ModelVersion> {
    const r = await this.client.call<{ model_version: JsonModelVersion }>("PATCH", "model-versions/update", { body: { name, version: String(version), description } });
    return decodeModelVersion(r.model_version);
  }

  /** A deleted version loses its aliases (MLflow 3.6's SQL store keeps them pointing at nothing, so they go here). */
  async deleteModelVersion(name: string, version: number): Promise<void> {
    const { aliases } = await this.getModelVersion(name, version);
    await this.client.call("DELETE", "model-versions/delete", { body: { name, version: String(version) } });
    for (const alias of aliases) {
      try {
        await this.client.call("DELETE", "registered-models/alias", { body: { name, alias } });
      } catch (e) {
        if (!(e instanceof LabopsError && e.code === "RESOURCE_DOES_NOT_EXIST")) throw e;
      }
    }
  }

  async searchModelVersions(request: SearchRequest = {}): Promise<Page<ModelVersion>> {
    const r = await this.client.call<{ model_versions?: JsonModelVersion[]; next_page_token?: string }>("GET", "model-versions/search", {
      query: { filter: request.filter, max_results: request.maxResults ?? 10_000, page_token: request.pageToken },
    });
    const items = (r.model_versions ?? []).map(decodeModelVersion).sort((a, b) => (a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1));
    return r.next_page_token ? { items, nextPageToken: r.next_page_token } : { items };
  }

  async setModelVersionTag(name: string, version: number, key: string, value: string): Promise<void> {
    await this.client.call("POST", "model-versions/set-tag", { body: { name, version: String(version), key, value } });
  }

  async deleteModelVersionTag(name: string, version: number, key: string): Promise<void> {
    await this.client.call("DELETE", "model-versions/delete-tag", { body: { name, version: String(version), key } });
  }

  async transitionModelVersionStage(name: string, version: number, stage: ModelStage, archiveExisting: boolean): Promise<ModelVersion> {
    const r = await this.client.call<{ model_version: JsonModelVersion }>("POST", "model-versions/transition-stage", {
      body: { name, version: String(version), stage: checkStage(stage), archive_existing_versions: archiveExisting },
    });
    return decodeModelVersion(r.model_version);
  }

  async getLatestVersions(name: string, stages?: ModelStage[]): Promise<ModelVersion[]> {
    const r = await this.client.call<{ model_versions?: JsonModelVersion[] }>("POST", "registered-models/get-latest-versions", {
      body: { name, stages: stages?.map(checkStage) },
    });
    // labops lists stages as the file store does: Staging, Production, Archived, then None.
    const order = (s: ModelStage) => ["Staging", "Production", "Archived", "None"].indexOf(s);
    return (r.model_versions ?? []).map(decodeModelVersion).sort((a, b) => order(a.currentStage) - order(b.currentStage));
  }

  async setRegisteredModelAlias(name: string, alias: string, version: number): Promise<void> {
    validateAlias(alias);
    await this.client.call("POST", "registered-models/alias", { body: { name, alias, version: String(version) } });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    const model = await this.getRegisteredModel(name);
    if (!(alias in model.aliases)) throw new LabopsError("RESOURCE_DOES_NOT_EXIST", `Registered model '${name}' has no alias '${alias}'.`);
    await this.client.call("DELETE", "registered-models/alias", { body: { name, alias } });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    try {
      const r = await this.client.call<{ model_version: JsonModelVersion }>("GET", "registered-models/alias", { query: { name, alias } });
      return decodeModelVersion(r.model_version);
    } catch (e) {
      // MLflow answers an unknown alias with INVALID_PARAMETER_VALUE; labops' stores say RESOURCE_DOES_NOT_EXIST.
      if (e instanceof MlflowServerError && /alias .* not found/i.test(e.message)) {
        throw new MlflowServerError("RESOURCE_DOES_NOT_EXIST", `Registered model '${name}' has no alias '${alias}'.`, e.status, e.mlflowErrorCode, false);
      }
      throw e;
    }
  }

  /** Where a version's files are, as the server says (models:/ URIs resolve through it). */
  async getModelVersionDownloadUri(name: string, version: number): Promise<string> {
    const r = await this.client.call<{ artifact_uri: string }>("GET", "model-versions/get-download-uri", { query: { name, version: String(version) } });
    return r.artifact_uri;
  }

  async getModelHistory(): Promise<AuditEntry[]> {
    throw new MlflowServerError("NOT_IMPLEMENTED", `The MLflow server at ${this.client.displayUri} keeps no audit history of registry changes; use a labops file store for one.`, undefined, undefined, false);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
