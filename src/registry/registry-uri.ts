// Chooses the RegistryStore: LABOPS_REGISTRY_URI, else the tracking URI (as MLflow does), so runs and models
// live in one store folder.

import { SchemeRegistry, localPath } from "../core/uri-scheme";
import { defaultTrackingUri } from "../tracking/tracking-uri";
import { FileRegistryStore } from "./file-registry-store";
import { MemoryRegistryStore } from "./memory-registry-store";
import type { RegistryStore } from "./store";

export function defaultRegistryUri(trackingUri?: string): string {
  return process.env.LABOPS_REGISTRY_URI || trackingUri || defaultTrackingUri();
}

export type RegistryStoreFactory = (uri: string) => RegistryStore;

const registryStores = new SchemeRegistry<RegistryStore>("registry store", () => "Use a folder path, a file: URI, memory: or an MLflow server's http(s):// URI.");
registryStores.register("file", (uri) => new FileRegistryStore(localPath(uri)));
registryStores.register("memory", () => new MemoryRegistryStore());
registryStores.registerLazy(["http", "https"], () => require("../mlflow")); // the MLflow server backend registers itself

/** Lets a backend (such as the MLflow server store) serve a registry URI scheme. */
export function registerRegistryStore(scheme: string, factory: RegistryStoreFactory): void {
  registryStores.register(scheme, factory);
}

export function openRegistryStore(uri: string = defaultRegistryUri()): RegistryStore {
  return registryStores.open(uri);
}
