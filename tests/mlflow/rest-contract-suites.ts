// The tracking, registry and artifact contract suites against one real MLflow server (started for the calling test
// file, emptied between tests), through the http scheme registrations: one declaration for every server version.

import { after } from "node:test";
import {
  artifactRepositoryContract,
  artifactRepositoryFor,
  openRegistryStore,
  openTrackingStore,
  registryStoreContract,
  trackingStoreContract,
} from "../../src";
import { startMlflowServer } from "../helpers/mlflow-server";

type TrackingContractOptions = Parameters<typeof trackingStoreContract>[2];

/** Declares the three suites; returns the server for the file's other tests. */
export function restContractSuites(label: string, options: { venv?: string; tracking?: TrackingContractOptions } = {}): ReturnType<typeof startMlflowServer> {
  const server = startMlflowServer({}, options.venv);
  after(async () => (await server).stop());
  const fresh = async () => {
    const s = await server;
    s.reset();
    return s.uri;
  };
  // MLflow's SQL store returns a metric's history by (timestamp, step).
  trackingStoreContract(`${label} (REST)`, { create: async () => openTrackingStore(await fresh()) }, { historyOrder: "timestamp", ...options.tracking });
  registryStoreContract(`${label} (REST)`, { create: async () => openRegistryStore(await fresh()) }, { auditHistory: false });
  let n = 0;
  artifactRepositoryContract(`${label} artifact proxy (REST)`, {
    create: async () => artifactRepositoryFor(`${(await server).uri}/api/2.0/mlflow-artifacts/artifacts/contract-${n++}`),
  });
  return server;
}
