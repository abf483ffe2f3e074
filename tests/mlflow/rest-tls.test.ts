// https servers: an untrusted certificate gets one clear message; MLFLOW_TRACKING_SERVER_CERT_PATH trusts a CA
// bundle; MLFLOW_TRACKING_INSECURE_TLS skips the check; a missing bundle file is named.

import assert from "node:assert/strict";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { test } from "node:test";
import { LabopsError, RestTrackingStore } from "../../src";
import { repoRoot } from "../helpers/temp-dir";

const fixtures = path.join(repoRoot, "tests/mlflow/fixtures");
const cert = path.join(fixtures, "test-server.crt");

test("https: untrusted, trusted by a CA bundle, or insecure on request", async () => {
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(path.join(fixtures, "test-server.key")) }, (req, res) => {
    if (req.url === "/version") res.writeHead(200).end("3.6.0");
    else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ experiment: { experiment_id: "0", name: "Default" } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const uri = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fast = { maxRetries: 1, backoffFactor: 0.01, backoffJitter: 0, metricsFallbackDir: null };
  try {
    const untrusted = new RestTrackingStore(uri, { ...fast, env: {} });
    await assert.rejects(untrusted.getExperiment("0"), (e: unknown) => e instanceof LabopsError && e.message.includes(uri) && /TLS certificate is not trusted.*MLFLOW_TRACKING_SERVER_CERT_PATH/.test(e.message));
    await untrusted.close();
    const trusted = new RestTrackingStore(uri, { ...fast, env: { MLFLOW_TRACKING_SERVER_CERT_PATH: cert } });
    assert.equal((await trusted.getExperiment("0")).name, "Default");
    await trusted.close();
    const insecure = new RestTrackingStore(uri, { ...fast, env: { MLFLOW_TRACKING_INSECURE_TLS: "true" } });
    assert.equal((await insecure.getExperiment("0")).name, "Default");
    await insecure.close();
    assert.throws(() => new RestTrackingStore(uri, { env: { MLFLOW_TRACKING_SERVER_CERT_PATH: "/nonexistent/ca.pem" } }), /Cannot read MLFLOW_TRACKING_SERVER_CERT_PATH '\/nonexistent\/ca\.pem'/);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
