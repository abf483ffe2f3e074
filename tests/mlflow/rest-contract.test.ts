// The tracking, registry and artifact contract suites against a REAL MLflow 3.6 server (one per file, emptied
// between tests), through the http scheme registrations.

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

const server = startMlflowServer();
after(async () => (await server).stop());

trackingStoreContract(
  "MLflow server (REST)",
  {
  create: async () => {
    const s = await server;
    s.reset();
    return openTrackingStore(s.uri);
  },
  },
  { historyOrder: "timestamp" }, // MLflow's SQL store returns a metric's history by (timestamp, step)
);

registryStoreContract(
  "MLflow server (REST)",
  {
    create: async () => {
      const s = await server;
      s.reset();
      return openRegistryStore(s.uri);
    },
  },
  { auditHistory: false },
);

let n = 0;
artifactRepositoryContract("MLflow artifact proxy (REST)", {
  create: async () => artifactRepositoryFor(`${(await server).uri}/api/2.0/mlflow-artifacts/artifacts/contract-${n++}`),
});
