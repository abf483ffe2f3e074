// Chooses the TrackingStore for a URI: LABOPS_TRACKING_URI, else a folder in the working directory.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { LabopsError } from "../errors";
import { FileTrackingStore } from "./file-store/file-store";
import { MemoryTrackingStore } from "./memory-store";
import type { TrackingStore } from "./store";

/** The folder the embedded store uses when no URI is configured. */
export const DEFAULT_STORE_FOLDER = "labops-store";

export function defaultTrackingUri(): string {
  return process.env.LABOPS_TRACKING_URI || path.resolve(DEFAULT_STORE_FOLDER);
}

export type TrackingStoreFactory = (uri: string) => TrackingStore;

const factories = new Map<string, TrackingStoreFactory>([
  ["file", (uri) => new FileTrackingStore(uri.startsWith("file:") ? fileURLToPath(uri) : uri)],
  ["memory", () => new MemoryTrackingStore()],
]);

/** Lets a backend (such as the MLflow server store) serve a URI scheme without callers changing. */
export function registerTrackingStore(scheme: string, factory: TrackingStoreFactory): void {
  factories.set(scheme, factory);
}

export function uriScheme(uri: string): string {
  const m = /^([a-zA-Z][\w+.-]+):/.exec(uri); // two characters at least, so "C:\..." is a path
  return m ? m[1]!.toLowerCase() : "file";
}

export function openTrackingStore(uri: string = defaultTrackingUri()): TrackingStore {
  const scheme = uriScheme(uri);
  const factory = factories.get(scheme);
  if (!factory) {
    const hint =
      scheme === "http" || scheme === "https"
        ? "The MLflow server backend is not built yet; use a folder path, file: URI or memory:."
        : "Use a folder path, a file: URI or memory:.";
    throw new LabopsError("NOT_IMPLEMENTED", `No tracking store for URI '${uri}' (scheme '${scheme}'). ${hint}`);
  }
  return factory(uri);
}
