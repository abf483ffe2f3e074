// The prediction server in process: champion routing, sticky rollout shares, the log collectPredictions reads,
// /health, /metrics, a bad request, and a reload when the champion alias moves.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { startRollout } from "../../src/abtest";
import { collectPredictions } from "../../src/data/collector";
import { ModelRegistryClient } from "../../src/registry/registry-client";
import { demoRainTraffic, rolloutMetrics, rolloutStoreFor, startPredictionServer, trainDemoRainModel, type PredictionServer } from "../../src/serving";
import { tempDir } from "../helpers/temp-dir";

let registry: ModelRegistryClient;
let server: PredictionServer;
let log: string;
const traffic = demoRainTraffic(2000);

async function post(body: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${server.url}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

before(async () => {
  const dir = tempDir();
  registry = new ModelRegistryClient({ tracking: path.join(dir, "store") });
  for (const epochs of [3, 300]) await registry.registerModel({ name: "rain", modelPath: trainDemoRainModel(path.join(dir, `m${epochs}`), { epochs }).dir });
  await registry.promote("rain", 1, { alias: "champion" });
  log = path.join(dir, "predictions.jsonl");
  server = await startPredictionServer({ registry, model: "rain", logFile: log, reloadIntervalMs: 200 });
});

after(async () => {
  await server.close();
  await registry.close();
});

test("without a rollout the champion answers, and each prediction is one log line the collector reads", async () => {
  const r = await post({ unit: "u1", features: traffic[1]!.features });
  assert.equal(r.status, 200);
  assert.equal(r.json.variant, "champion");
  assert.equal(r.json.modelVersion, "models:/rain/1");
  assert.ok(r.json.prediction === 0 || r.json.prediction === 1);
  assert.ok(r.json.confidence >= 0.5 && r.json.confidence <= 1);
  const lines = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.deepEqual(Object.keys(lines[0]).sort(), ["confidence", "features", "latencyMs", "modelVersion", "prediction", "time", "unitId", "variant"]);
  assert.equal(lines[0].unitId, "u1");
  assert.deepEqual(lines[0].features, traffic[1]!.features);
  const collected = await collectPredictions({ sources: log, minSamples: 0 });
  assert.deepEqual([collected.counts.read, collected.rows], [1, 1]);
  assert.ok(collected.table.columns["feature.wind"], "the features come back as feature.<name> columns");
});

test("a bad request is a 400 whose JSON error names the field, and it logs nothing", async () => {
  const size = fs.statSync(log).size;
  const bad = await post({ unit: "u1", features: { ...traffic[1]!.features, wind: "strong" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error_code, "INVALID_PARAMETER_VALUE");
  assert.match(bad.json.message, /features\.wind/);
  const noUnit = await post({ features: traffic[1]!.features });
  assert.equal(noUnit.status, 400);
  assert.match(noUnit.json.message, /\bunit\b/);
  const batch = await post({ instances: [{ unit: "a", features: traffic[0]!.features }, { unit: "b" }] });
  assert.equal(batch.status, 400);
  assert.match(batch.json.message, /instances\[1\]\.features/);
  const notJson = await post("{nope");
  assert.equal(notJson.status, 400);
  assert.match(notJson.json.message, /not JSON/);
  assert.equal(fs.statSync(log).size, size);
  assert.equal((await fetch(`${server.url}/nowhere`)).status, 404);
});

test("the server reloads when the champion alias moves (checked at most every reload interval)", async () => {
  await registry.promote("rain", 2, { alias: "champion" });
  await new Promise((r) => setTimeout(r, 250));
  assert.equal((await post({ unit: "u2", features: traffic[2]!.features })).json.modelVersion, "models:/rain/2");
  await registry.promote("rain", 1, { alias: "champion" });
  await new Promise((r) => setTimeout(r, 250));
  assert.equal((await post({ unit: "u2", features: traffic[2]!.features })).json.modelVersion, "models:/rain/1");
  const health = (await (await fetch(`${server.url}/health`)).json()) as any;
  assert.equal(health.status, "ok");
  assert.equal(health.champion, 1);
  assert.equal(health.rollout, null);
});

test("a running rollout sends the challenger its share, sticky by unit, and /metrics counts each variant", async () => {
  fs.rmSync(log);
  await startRollout(rolloutStoreFor(registry), { name: "rain", champion: "1", challenger: "2" });
  await new Promise((r) => setTimeout(r, 250));
  const answers: any[] = [];
  for (let i = 0; i < traffic.length; i += 100) {
    const r = await post({ instances: traffic.slice(i, i + 100).map(({ unit, features }) => ({ unit, features })) });
    assert.equal(r.status, 200);
    answers.push(...r.json.predictions);
  }
  const challenger = answers.filter((a) => a.variant === "challenger");
  // 10% of 2000 units: binomial sd 13.4, so 200 +- 60 is a 4.5-sd band.
  assert.ok(Math.abs(challenger.length - 200) < 60, `challenger served ${challenger.length} of 2000`);
  assert.ok(challenger.every((a) => a.modelVersion === "models:/rain/2"));
  assert.ok(answers.filter((a) => a.variant === "champion").every((a) => a.modelVersion === "models:/rain/1"));
  // Sticky: the same units again get the same variants.
  for (const a of answers.slice(0, 50)) assert.equal((await post({ unit: a.unit, features: traffic[Number(a.unit.slice(1))]!.features })).json.variant, a.variant);
  const lines = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 2050);
  // One latency per batch: the 100 lines of a request share it.
  assert.equal(new Set(lines.slice(0, 100).map((l) => l.latencyMs)).size, 1);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const count = (variant: string) => Number(new RegExp(`^labops_predictions_total\\{variant="${variant}"\\} (\\d+)$`, "m").exec(metrics)?.[1]);
  const served = lines.filter((l) => l.variant === "challenger").length;
  assert.equal(count("challenger"), served);
  assert.ok(count("champion") >= 2050 - served + 1, metrics);
  assert.match(metrics, /^# TYPE labops_prediction_latency_seconds histogram$/m);
  assert.match(metrics, /^labops_prediction_latency_seconds_bucket\{variant="challenger",le="\+Inf"\} \d+$/m);
  assert.match(metrics, /^labops_http_requests_total\{status="400"\} 4$/m);
  const health = (await (await fetch(`${server.url}/health`)).json()) as any;
  assert.deepEqual(health.rollout, { challenger: 2, share: 0.1 });
  // The log joined with outcomes gives each arm's units, and the better-trained challenger's accuracy.
  const outcomes = path.join(path.dirname(log), "outcomes.jsonl");
  fs.writeFileSync(outcomes, traffic.map((t) => JSON.stringify({ unitId: t.unit, label: t.label })).join("\n") + "\n");
  const m = rolloutMetrics(log, { outcomes, champion: "1", challenger: "2" });
  assert.equal(m.assignments.control + m.assignments.treatment, 2000);
  assert.equal(m.assignments.treatment, new Set(challenger.map((a) => a.unit)).size);
  assert.equal(m.metrics[0]!.name, "accuracy");
});
