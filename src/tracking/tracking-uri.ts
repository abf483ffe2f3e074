// Chooses the TrackingStore for a URI: LABOPS_TRACKING_URI, else a folder in the working directory.

import path from "node:path";
import { SchemeRegistry, localPath } from "../core/uri-scheme";
import { FileTrackingStore } from "./file-store/file-store";
import { MemoryTrackingStore } from "./memory-store";
import type { TrackingStore } from "./store";

/** The folder the embedded store uses when no URI is configured. */
export const DEFAULT_STORE_FOLDER = "labops-store";

export function defaultTrackingUri(): string {
  const mlflow = process.env.MLFLOW_TRACKING_URI; // MLflow's variable, when it names a server labops can reach
  return process.env.LABOPS_TRACKING_URI || (mlflow && /^https?:\/\//i.test(mlflow) ? mlflow : "") || path.resolve(DEFAULT_STORE_FOLDER);
}

export type TrackingStoreFactory = (uri: string) => TrackingStore;

const trackingStores = new SchemeRegistry<TrackingStore>("tracking store", () => "Use a folder path, a file: URI, memory: or an MLflow server's http(s):// URI.");
trackingStores.register("file", (uri) => new FileTrackingStore(localPath(uri)));
trackingStores.register("memory", () => new MemoryTrackingStore());
trackingStores.registerLazy(["http", "https"], () => require("../mlflow")); // the MLflow server backend registers itself

/** Lets a backend (such as the MLflow server store) serve a URI scheme without callers changing. */
export function registerTrackingStore(scheme: string, factory: TrackingStoreFactory): void {
  trackingStores.register(scheme, factory);
}

export function openTrackingStore(uri: string = defaultTrackingUri()): TrackingStore {
  return trackingStores.open(uri);
}
