// The MLflow server backend: REST stores for tracking and registry, the artifact proxy repository, and sync from
// the embedded store. Importing this module registers the http, https and mlflow-artifacts schemes.

import { registerArtifactRepository } from "../artifacts";
import { registerRegistryStore } from "../registry/registry-uri";
import { registerTrackingStore } from "../tracking/tracking-uri";
import { MlflowArtifactRepository } from "./rest-artifact-repository";
import { MlflowRestClient } from "./rest-client";
import { RestRegistryStore } from "./rest-registry-store";
import { RestTrackingStore } from "./rest-tracking-store";

export { MlflowRestClient, MlflowServerError, redactUserInfo, type RestClientOptions } from "./rest-client";
export { RestTrackingStore, splitBatch, type RestTrackingStoreOptions } from "./rest-tracking-store";
export { RestRegistryStore } from "./rest-registry-store";
export { MlflowArtifactRepository } from "./rest-artifact-repository";
export { checkSourceStore, syncStore, type SyncAction, type SyncCounts, type SyncOptions, type SyncPhase, type SyncReport, type SyncProgress } from "./sync";

/** The server that `mlflow-artifacts:/...` URIs (no host) resolve against: the last one a store was opened on. */
let lastServer: string | null = null;

const clients = new Map<string, MlflowRestClient>();

/** One shared client (keep-alive pool) per server for artifact repositories, which are made per call. */
function sharedClient(base: string): MlflowRestClient {
  let c = clients.get(base);
  if (!c) clients.set(base, (c = new MlflowRestClient(base)));
  return c;
}

function envServer(): string | null {
  for (const v of [process.env.LABOPS_TRACKING_URI, process.env.MLFLOW_TRACKING_URI]) if (v && /^https?:\/\//i.test(v)) return v;
  return null;
}

/** The tracking server an artifact URI is served by. */
export function artifactServerFor(artifactUri: string): string {
  if (/^https?:/i.test(artifactUri)) return new URL(artifactUri).origin + new URL(artifactUri).pathname.split("/api/2.0/mlflow-artifacts")[0]!;
  const hosted = /^mlflow-artifacts:\/\/([^/]+)/.exec(artifactUri);
  const server = lastServer ?? envServer();
  if (hosted) return `${server ? new URL(server).protocol : "http:"}//${hosted[1]}`;
  if (!server) {
    throw new Error(`Cannot resolve '${artifactUri}': no MLflow server is known; set LABOPS_TRACKING_URI (or MLFLOW_TRACKING_URI) to the server's http(s) URI.`);
  }
  return server;
}

for (const scheme of ["http", "https"]) {
  registerTrackingStore(scheme, (uri) => {
    lastServer = uri;
    return new RestTrackingStore(uri);
  });
  registerRegistryStore(scheme, (uri) => new RestRegistryStore(uri));
  registerArtifactRepository(scheme, (uri) => new MlflowArtifactRepository(uri, sharedClient(artifactServerFor(uri))));
}
registerArtifactRepository("mlflow-artifacts", (uri) => new MlflowArtifactRepository(uri, sharedClient(artifactServerFor(uri))));
