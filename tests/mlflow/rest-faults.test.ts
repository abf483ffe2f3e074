// What a real server won't do on demand, against a fake one: 429 with Retry-After, dropped connections,
// non-JSON errors, 401, a server down or of the wrong version; retried creates that must not create twice;
// batches split to MLflow's limits; credentials that never show; metrics kept locally while the server is down.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import * as labops from "../../src";
import { LabopsError, MlflowRestClient, MlflowServerError, RestTrackingStore, openTrackingStore } from "../../src";
import { freePort } from "../helpers/mlflow-server";
import { tempDir } from "../helpers/temp-dir";
import { json, startFakeServer, type FakeServer } from "./fake-mlflow-server";

const fast = { backoffFactor: 0.01, backoffJitter: 0, maxRetries: 4, metricsFallbackDir: null };
const servers: FakeServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});
async function fake(): Promise<FakeServer> {
  const s = await startFakeServer();
  servers.push(s);
  return s;
}

const apiCalls = (s: FakeServer, suffix: string) => s.seen.filter((r) => r.path.startsWith(`/api/2.0/mlflow/${suffix}`));

test("429 with Retry-After: waits what the server asks, then succeeds", async () => {
  const s = await fake();
  let n = 0;
  s.script = (req, res) => (req.path.includes("runs/set-tag") || req.path.includes("log-batch")) && n++ === 0 ? json(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" }, { "retry-after": "1" }) : false;
  const store = new RestTrackingStore(s.uri, fast);
  await store.logBatch("r1", { tags: [{ key: "k", value: "v" }] });
  const calls = apiCalls(s, "runs/log-batch");
  assert.equal(calls.length, 2);
  assert.ok(calls[1]!.at - calls[0]!.at >= 950, `waited ${calls[1]!.at - calls[0]!.at} ms for Retry-After: 1`);
  await store.close();
});

test("a dropped connection is retried; a create whose answer was lost is found by its tag, not made twice", async () => {
  const s = await fake();
  const runs: Record<string, unknown>[] = [];
  let dropped = false;
  s.script = (req, res, socket) => {
    if (req.path === "/api/2.0/mlflow/runs/create") {
      const body = JSON.parse(req.body) as { tags: { key: string; value: string }[]; experiment_id: string };
      const run = { info: { run_id: `${runs.length}`.padStart(32, "a"), experiment_id: body.experiment_id, status: "RUNNING", start_time: 1 }, data: { tags: body.tags } };
      runs.push(run);
      if (!dropped) {
        dropped = true;
        socket.destroy(); // created, but the answer never arrives
        return true;
      }
      return json(res, 200, { run });
    }
    if (req.path === "/api/2.0/mlflow/runs/search") {
      const filter = (JSON.parse(req.body) as { filter: string }).filter;
      const id = /= '([^']+)'/.exec(filter)![1];
      return json(res, 200, { runs: runs.filter((r) => (r.data as { tags: { key: string; value: string }[] }).tags.some((t) => t.value === id)) });
    }
    return false;
  };
  const store = new RestTrackingStore(s.uri, fast);
  const run = await store.createRun({ experimentId: "0", startTime: 1, userId: "u" });
  assert.equal(runs.length, 1, "one run on the server");
  assert.equal(run.info.runId, (runs[0]!.info as { run_id: string }).run_id);
  assert.equal(apiCalls(s, "runs/search").length, 1, "looked up before creating again");
  await store.close();
});

test("non-JSON error bodies become clear errors with the status; 4xx are not retried", async () => {
  const s = await fake();
  s.script = (req, res) => {
    if (req.path.includes("experiments/get")) {
      res.writeHead(403, { "content-type": "text/html" }).end("<html><body>Forbidden by proxy</body></html>");
      return true;
    }
    if (req.path.includes("runs/get")) {
      res.writeHead(503, { "content-type": "text/plain" }).end("artifact serving disabled");
      return true;
    }
    return false;
  };
  const store = new RestTrackingStore(s.uri, fast);
  await assert.rejects(store.getExperiment("1"), (e: unknown) => {
    assert.ok(e instanceof MlflowServerError);
    assert.equal(e.code, "PERMISSION_DENIED");
    assert.equal(e.status, 403);
    assert.match(e.message, new RegExp(`${s.uri}.*403`));
    return true;
  });
  assert.equal(apiCalls(s, "experiments/get").length, 1, "a 403 is not retried");
  await assert.rejects(store.getRun("r"), (e: unknown) => e instanceof MlflowServerError && e.status === 503 && e.unavailable && /artifact serving disabled/.test(e.message) && /after retries/.test(e.message));
  assert.equal(apiCalls(s, "runs/get").length, 5, "503 tried 1 + 4 times");
  await store.close();
});

test("MLflow's JSON error codes map to labops' codes", async () => {
  const s = await fake();
  s.script = (req, res) => {
    if (req.path.includes("get-by-name")) return json(res, 404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment with name 'x'" });
    if (req.path.includes("experiments/get")) return json(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: "bad id" });
    if (req.path.includes("runs/get")) return json(res, 401, { error_code: "UNAUTHENTICATED", message: "who are you" });
    return false;
  };
  const store = new RestTrackingStore(s.uri, fast);
  assert.equal(await store.getExperimentByName("x"), null);
  await assert.rejects(store.getExperiment("z"), (e: unknown) => e instanceof LabopsError && e.code === "INVALID_PARAMETER_VALUE" && e.message === "bad id");
  await assert.rejects(store.getRun("z"), (e: unknown) => e instanceof MlflowServerError && e.code === "PERMISSION_DENIED" && e.mlflowErrorCode === "UNAUTHENTICATED");
  await store.close();
});

test("credentials: Basic wins over a token, sent only in the header, never in messages, errors or run data", async () => {
  const s = await fake();
  s.script = (_req, res) => {
    res.writeHead(401, { "www-authenticate": 'Basic realm="mlflow"', "content-type": "text/plain" }).end("You are not authenticated. Please see https://mlflow.org/docs/latest/auth.");
    return true;
  };
  const env = { MLFLOW_TRACKING_USERNAME: "alice", MLFLOW_TRACKING_PASSWORD: "pa55-SECRET-word", MLFLOW_TRACKING_TOKEN: "tok-SECRET-123" };
  const store = new RestTrackingStore(s.uri, { ...fast, env });
  const err = await store.getRun("r").then(() => null, (e: unknown) => e as MlflowServerError);
  assert.ok(err instanceof MlflowServerError);
  assert.equal(err.code, "PERMISSION_DENIED");
  assert.match(err.message, /refused the credentials \(401\).*MLFLOW_TRACKING_USERNAME/);
  assert.equal(s.seen[0]!.headers.authorization, `Basic ${Buffer.from("alice:pa55-SECRET-word").toString("base64")}`);
  const everything = `${err.message} ${err.stack} ${JSON.stringify(err)} ${String(err)}`;
  for (const secret of ["pa55-SECRET-word", "tok-SECRET-123", Buffer.from("alice:pa55-SECRET-word").toString("base64")]) assert.ok(!everything.includes(secret), `no ${secret}`);
  await store.close();

  s.script = null;
  s.seen.length = 0;
  const tokenStore = new RestTrackingStore(s.uri, { ...fast, env: { MLFLOW_TRACKING_TOKEN: "tok-SECRET-123" } });
  s.script = (req, res) => (req.path.includes("runs/create") ? json(res, 200, { run: { info: { run_id: "a".repeat(32), experiment_id: "0" }, data: { tags: JSON.parse(req.body).tags } } }) : false);
  await tokenStore.createRun({ experimentId: "0", startTime: 1, userId: "u", tags: [{ key: "t", value: "v" }] });
  assert.equal(s.seen.at(-1)!.headers.authorization, "Bearer tok-SECRET-123");
  assert.ok(s.seen.every((r) => !r.body.includes("tok-SECRET")), "no credential in any request body (run data)");
  await tokenStore.close();

  // Credentials in the URI itself are used, and never shown.
  const port = await freePort();
  const inUri = new RestTrackingStore(`http://bob:uri-SECRET@127.0.0.1:${port}`, { ...fast, maxRetries: 0 });
  const down = await inUri.getRun("r").then(() => null, (e: unknown) => e as Error);
  assert.ok(down && !down.message.includes("uri-SECRET") && !down.message.includes("bob:"), down?.message);
  assert.match(down!.message, new RegExp(`http://127\\.0\\.0\\.1:${port}`));
  await inUri.close();
});

test("a URI without a server: one clear message naming the URI; an unsupported version or a stranger too", async () => {
  const port = await freePort();
  const store = openTrackingStore(`http://127.0.0.1:${port}`) as RestTrackingStore;
  assert.ok(store instanceof RestTrackingStore, "http URIs open the REST store");
  const client = new MlflowRestClient(`http://127.0.0.1:${port}`, { ...fast, maxRetries: 1 });
  await assert.rejects(client.call("GET", "runs/get", { query: { run_id: "x" } }), (e: unknown) => {
    assert.ok(e instanceof MlflowServerError && e.unavailable);
    assert.match(e.message, new RegExp(`^Cannot reach the MLflow server at http://127\\.0\\.0\\.1:${port} .*connection refused.*LABOPS_TRACKING_URI`));
    return true;
  });
  await client.close();
  await store.close();

  const old = await fake();
  old.version = "1.30.0";
  const oldStore = new RestTrackingStore(old.uri, fast);
  await assert.rejects(oldStore.getRun("x"), (e: unknown) => e instanceof LabopsError && e.code === "NOT_IMPLEMENTED" && e.message.includes(old.uri) && /version 1\.30\.0.*MLflow 2\.0 or newer/.test(e.message));
  assert.equal(apiCalls(old, "").length, 0, "nothing sent to an unsupported server");
  await oldStore.close();

  const stranger = await fake();
  stranger.script = (req, res) => (req.path === "/version" ? (res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>"), true) : false);
  const strangerStore = new RestTrackingStore(stranger.uri, fast);
  await assert.rejects(strangerStore.getRun("x"), /does not look like an MLflow tracking server \(GET \/version answered 404/);
  await strangerStore.close();
});

test("logBatch: keys and values checked before sending; split to 1000 metrics, 100 params, 100 tags, 1000 items", async () => {
  const s = await fake();
  const store = new RestTrackingStore(s.uri, fast);
  await assert.rejects(store.logBatch("r", { metrics: [{ key: "ok", value: 1, step: 0, timestamp: 1 }], params: [{ key: "bad\nkey", value: "1" }] }), /bad/);
  await assert.rejects(store.logBatch("r", { params: [{ key: "p", value: "x".repeat(6001) }] }), LabopsError);
  assert.equal(apiCalls(s, "runs/log-batch").length, 0, "nothing sent");
  const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: `m${i % 3}`, value: i, step: i, timestamp: 1 }));
  const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
  const tags = Array.from({ length: 30 }, (_, i) => ({ key: `t${i}`, value: "v" }));
  await store.logBatch("r", { metrics, params, tags });
  const bodies = apiCalls(s, "runs/log-batch").map((r) => JSON.parse(r.body) as { metrics?: unknown[]; params?: unknown[]; tags?: unknown[] });
  for (const b of bodies) {
    const [m, p, t] = [b.metrics?.length ?? 0, b.params?.length ?? 0, b.tags?.length ?? 0];
    assert.ok(m <= 1000 && p <= 100 && t <= 100 && m + p + t <= 1000, `${m}/${p}/${t}`);
  }
  assert.equal(bodies.reduce((n, b) => n + (b.metrics?.length ?? 0), 0), 2500);
  assert.equal(bodies.reduce((n, b) => n + (b.params?.length ?? 0), 0), 150);
  assert.equal(bodies.reduce((n, b) => n + (b.tags?.length ?? 0), 0), 30);
  const nan = new RestTrackingStore(s.uri, fast);
  await nan.logBatch("r", { metrics: [{ key: "n", value: Number.NaN, step: 0, timestamp: 1 }, { key: "i", value: -Infinity, step: 0, timestamp: 1 }] });
  assert.deepEqual((JSON.parse(s.seen.at(-1)!.body) as { metrics: { value: unknown }[] }).metrics.map((m) => m.value), ["NaN", "-Infinity"]);
  await nan.close();
  await store.close();
});

test("the server dying mid-run: buffered metrics are kept locally with a message, and sent once it is back", async () => {
  const s = await fake();
  const received: unknown[] = [];
  let up = true;
  s.script = (req, _res, socket) => {
    if (!up && req.path !== "/version") {
      socket.destroy();
      return true;
    }
    if (req.path.includes("log-batch")) received.push(...((JSON.parse(req.body) as { metrics?: unknown[] }).metrics ?? []));
    return false;
  };
  const dir = path.join(tempDir(), "unsent");
  const store = new RestTrackingStore(s.uri, { ...fast, maxRetries: 2, metricsFallbackDir: dir });
  await store.logBatch("run1", { metrics: [{ key: "loss", value: 1, step: 0, timestamp: 1 }] });
  up = false;
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarning);
  await store.logBatch("run1", { metrics: [{ key: "loss", value: 0.5, step: 1, timestamp: 2 }, { key: "loss", value: Number.NaN, step: 2, timestamp: 3 }] });
  await new Promise((r) => setImmediate(r));
  process.off("warning", onWarning);
  assert.equal(received.length, 1);
  assert.ok(fs.existsSync(path.join(dir, "run1.jsonl")));
  assert.match(warnings.join("\n"), new RegExp(`MLflow server at ${s.uri} is unreachable.*2 metric points of run run1 were kept in .*run1\\.jsonl`));
  await assert.rejects(store.logBatch("run1", { params: [{ key: "p", value: "1" }] }), /Cannot reach/, "params are never silently parked");
  up = true;
  assert.equal(await store.syncPendingMetrics(), 2);
  assert.deepEqual(received.slice(1), [{ key: "loss", value: 0.5, timestamp: 2, step: 1 }, { key: "loss", value: "NaN", timestamp: 3, step: 2 }]);
  assert.ok(!fs.existsSync(path.join(dir, "run1.jsonl")), "sent points leave the fallback folder");
  assert.equal(await store.syncPendingMetrics(), 0);
  await store.close();
});

test("a training loop on the fluent API: the server dies, logMetric never blocks, flushed points are kept locally and resent", async () => {
  const s = await fake();
  const received: { value: unknown; step: number }[] = [];
  let up = true;
  const run = { info: { run_id: "f".repeat(32), run_name: "loop", experiment_id: "0", status: "RUNNING", start_time: 1, artifact_uri: "mlflow-artifacts:/0/x/artifacts", lifecycle_stage: "active" }, data: {} };
  s.script = (req, res, socket) => {
    if (!up && req.path !== "/version") return (socket.destroy(), true);
    if (req.path.includes("experiments/get")) return json(res, 200, { experiment: { experiment_id: "0", name: "Default", lifecycle_stage: "active" } });
    if (req.path.includes("runs/create") || req.path.includes("runs/get")) return json(res, 200, { run });
    if (req.path.includes("runs/update")) return json(res, 200, { run_info: { ...run.info, status: "FINISHED", end_time: 2 } });
    if (req.path.includes("log-batch")) received.push(...((JSON.parse(req.body) as { metrics?: { value: unknown; step: number }[] }).metrics ?? []));
    return false;
  };
  const dir = path.join(tempDir(), "unsent");
  const saved = { ...process.env };
  Object.assign(process.env, { LABOPS_METRICS_FALLBACK_DIR: dir, MLFLOW_HTTP_REQUEST_MAX_RETRIES: "2", MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "0.01", MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: "0" });
  try {
    labops.setTrackingUri(s.uri);
    await labops.startRun({ runName: "loop" });
    for (let step = 0; step < 100; step++) labops.logMetric("loss", 1 / (step + 1), step);
    await labops.flush();
    assert.equal(received.length, 100, "the buffer's flush went through log-batch");
    up = false;
    const t0 = Date.now();
    for (let step = 100; step < 300; step++) labops.logMetric("loss", 1 / (step + 1), step);
    assert.ok(Date.now() - t0 < 200, "logMetric does not wait on the dead server");
    await labops.flush(); // the points go to the fallback folder instead of failing
    const kept = fs.readFileSync(path.join(dir, `${"f".repeat(32)}.jsonl`), "utf8").trim().split("\n");
    assert.equal(kept.length, 200);
    up = true;
    const store = labops.getClient().store as RestTrackingStore;
    assert.equal(await store.syncPendingMetrics(), 200);
    assert.deepEqual(received.map((m) => m.step), Array.from({ length: 300 }, (_, i) => i));
    await labops.endRun();
  } finally {
    process.env = saved;
    labops.setTrackingUri("memory:");
  }
});
