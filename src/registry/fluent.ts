// MLflow's registry functions for scripts and notebooks: registerModel, loadModel, getRegistryClient.

import { getClient } from "../tracking/fluent";
import type { GateResult } from "../evaluation/gates";
import type { ModelVersion } from "./entities";
import { parseModelUri } from "./model-uri";
import { ModelRegistryClient, type LoadedModel } from "./registry-client";
import { defaultRegistryUri } from "./registry-uri";

let cached: { key: string; client: ModelRegistryClient } | undefined;

/** The registry client for the current tracking URI (or LABOPS_REGISTRY_URI). */
export function getRegistryClient(): ModelRegistryClient {
  const tracking = getClient();
  const key = `${tracking.trackingUri}|${defaultRegistryUri(tracking.trackingUri)}`;
  if (cached?.key !== key) cached = { key, client: new ModelRegistryClient({ tracking }) };
  return cached.client;
}

/** Registers `runs:/RUN_ID/path` or a local model folder as a new version of `name` (mlflow.register_model). */
export function registerModel(modelUriOrPath: string, name: string, options: { description?: string; tags?: Record<string, string>; reason?: string; gates?: GateResult; force?: boolean } = {}): Promise<ModelVersion> {
  if (modelUriOrPath.startsWith("runs:/")) {
    const ref = parseModelUri(modelUriOrPath);
    if (ref.kind !== "run") throw new Error("unreachable");
    return getRegistryClient().registerModel({ name, runId: ref.runId, artifactPath: ref.path, ...options });
  }
  return getRegistryClient().registerModel({ name, modelPath: modelUriOrPath, ...options });
}

/** A model's files, by models:/ or runs:/ URI. */
export function loadModel(uri: string): Promise<LoadedModel> {
  return getRegistryClient().loadModel(uri);
}

/** Copies what a models:/ or runs:/ URI names to a local folder (MLflow's artifacts.download_artifacts). */
export function downloadArtifacts(uri: string, dstDir?: string): Promise<string> {
  return getRegistryClient().downloadArtifacts(uri, dstDir);
}
