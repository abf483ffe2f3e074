// Chooses the RegistryStore: LABOPS_REGISTRY_URI, else the tracking URI (as MLflow does), so runs and models
// live in one store folder.

import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LabopsError } from "../errors";
import { defaultTrackingUri, uriScheme } from "../tracking/tracking-uri";
import { FileRegistryStore } from "./file-registry-store";
import { MemoryRegistryStore } from "./memory-registry-store";
import type { RegistryStore } from "./store";

export function defaultRegistryUri(trackingUri?: string): string {
  return process.env.LABOPS_REGISTRY_URI || trackingUri || defaultTrackingUri();
}

export function openRegistryStore(uri: string = defaultRegistryUri()): RegistryStore {
  const scheme = uriScheme(uri);
  if (scheme === "file") return new FileRegistryStore(uri.startsWith("file:") ? fileURLToPath(uri) : uri);
  if (scheme === "memory") return new MemoryRegistryStore();
  throw new LabopsError("NOT_IMPLEMENTED", `No registry store for URI '${uri}' (scheme '${scheme}'). Use a folder path, a file: URI or memory:.`);
}

/** The local folder where a registry keeps its model files and blobs. */
export function registryFilesRoot(store: RegistryStore): string {
  return store instanceof FileRegistryStore ? store.root : path.join(os.tmpdir(), `labops-memory-${process.pid}`, "registry");
}
