// Against a REAL MLflow 3.6 server (one for this file): what labops writes through the fluent API and the
// registry client, MLflow's Python client reads back the same; syncStore replays a file store, idempotently,
// resuming an interrupted copy, with a dry run that changes nothing.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import {
  endRun,
  LabopsClient,
  logMetric,
  logParam,
  logText,
  ModelRegistryClient,
  RestTrackingStore,
  setExperiment,
  setTag,
  setTrackingUri,
  startRun,
  syncStore,
  type SyncProgress,
} from "../../src";
import { mlflowPython, startMlflowServer } from "../helpers/mlflow-server";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const server = startMlflowServer();
after(async () => (await server).stop());

interface Readback {
  experiment: { id: string; tags: Record<string, string>; stage: string };
  runs: Record<string, {
    id: string; name: string; status: string; start: number; end: number | null; stage: string;
    params: Record<string, string>; tags: Record<string, string>; history: Record<string, [number | string, number, number][]>; artifacts: Record<string, string>;
  }>;
  model?: { aliases: Record<string, number>; description: string; versions: { version: number; stage: string; run_id: string; tags: Record<string, string> }[]; files: Record<string, string> };
}

const readback = (uri: string, experiment: string, model?: string): Readback =>
  mlflowPython<Readback>(fs.readFileSync(path.join(repoRoot, "tests/mlflow/readback.py"), "utf8"), [uri, experiment, ...(model ? [model] : [])]);

test("the fluent API and the registry client write to the server; MLflow's Python client reads the same back", async () => {
  const { uri } = await server;
  setTrackingUri(uri);
  await setExperiment("readback");
  const run = await startRun({ runName: "fluent" });
  await logParam("lr", 0.01);
  await setTag("team", "ml");
  for (let step = 0; step < 50; step++) logMetric("loss", 1 / (step + 1), step, { timestamp: 1_700_000_000_000 + step });
  logMetric("nan", Number.NaN, 0, { timestamp: 5 });
  await logText("hello from labops", "notes/hello.txt");
  await endRun();
  const back = readback(uri, "readback");
  const r = back.runs[run.runId]!;
  assert.equal(r.name, "fluent");
  assert.equal(r.status, "FINISHED");
  assert.ok(r.end !== null && r.end >= r.start);
  assert.deepEqual(r.params, { lr: "0.01" });
  assert.equal(r.tags.team, "ml");
  assert.deepEqual(r.history.loss, Array.from({ length: 50 }, (_, step) => [1 / (step + 1), step, 1_700_000_000_000 + step]));
  assert.deepEqual(r.history.nan, [["NaN", 0, 5]]);
  assert.deepEqual(r.artifacts, { "notes/hello.txt": "hello from labops" });

  const modelDir = tempDir();
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[1,2,3]}');
  const registry = new ModelRegistryClient({ registry: uri, tracking: uri });
  const v1 = await registry.registerModel({ name: "rain", modelPath: modelDir, description: "first", tags: { owner: "ml" }, metrics: { auc: 0.91 } });
  const again = await registry.store.getModelVersion("rain", 1);
  assert.deepEqual([again.metrics, again.dataDigest, again.tags], [{ auc: 0.91 }, v1.dataDigest, { owner: "ml" }], "labops' own fields survive the server");
  assert.match(v1.dataDigest ?? "", /^[0-9a-f]{64}$/);
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[4,5,6]}');
  const v2 = await registry.registerModel({ name: "rain", modelPath: modelDir });
  assert.deepEqual([v1.version, v2.version], [1, 2]);
  await registry.promote("rain", 2, { alias: "champion" });
  await registry.promote("rain", 1, { stage: "Staging" });
  const loaded = await registry.loadModel("models:/rain@champion");
  assert.deepEqual(loaded.json, { w: [4, 5, 6] }, "models:/ resolves through the server");
  const model = readback(uri, "readback", "rain").model!;
  assert.deepEqual(model.aliases, { champion: 2 });
  assert.deepEqual(model.versions.map((v) => [v.version, v.stage, v.tags]), [[1, "Staging", { owner: "ml" }], [2, "None", {}]]);
  assert.equal(JSON.parse(model.files["model.json"]!).w.join(), "4,5,6", "MLflow's client downloads the champion's files");
  await registry.store.close();
});

test("syncStore replays a file store: dry run changes nothing, a second sync creates nothing, an interrupted one resumes", async () => {
  const { uri } = await server;
  const from = path.join(tempDir(), "store");
  const local = new LabopsClient(from);
  const exp = await local.createExperiment("offline-work", { tags: { purpose: "sync" } });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const run = await local.createRun(exp, { runName: `run-${i}`, startTime: 1_700_000_000_000 + i * 1000 });
    ids.push(run.info.runId);
    const metrics = Array.from({ length: 1500 }, (_, s) => ({ key: "acc", value: s / 1500 + i, step: s, timestamp: 1_700_000_000_000 + s }));
    await local.logBatch(run.info.runId, { metrics, params: [{ key: "i", value: String(i) }], tags: [{ key: "kind", value: i % 2 ? "odd" : "even" }] });
    await local.logText(run.info.runId, `report ${i}`, `reports/r${i}.txt`);
    await local.setTerminated(run.info.runId, i === 2 ? "FAILED" : "FINISHED", 1_700_000_100_000 + i);
  }
  const modelDir = tempDir();
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[7]}');
  const localRegistry = new ModelRegistryClient({ registry: from, tracking: local });
  await localRegistry.registerModel({ name: "synced", modelPath: modelDir });
  await localRegistry.registerModel({ name: "synced", modelPath: modelDir, tags: { second: "yes" } });
  await localRegistry.promote("synced", 2, { alias: "prod" });
  await localRegistry.store.close();

  // An interrupted earlier sync: run-1 was created on the server with the first 400 points, not finished.
  const dst = new RestTrackingStore(uri, { metricsFallbackDir: null });
  const partialExp = await dst.createExperiment({ name: "offline-work" });
  const partial = await dst.createRun({ experimentId: partialExp, startTime: 1, userId: "u", runName: "run-1", tags: [{ key: "labops.source_run_id", value: ids[1]! }] });
  await dst.logBatch(partial.info.runId, { metrics: (await local.getMetricHistory(ids[1]!, "acc")).slice(0, 400) });

  const dry = await syncStore({ from, to: uri, dryRun: true });
  assert.deepEqual([dry.runs.created, dry.runs.resumed, dry.models.created, dry.versions.created], [2, 1, 1, 2]);
  assert.equal((await dst.searchRuns({ experimentIds: [partialExp] })).items.length, 1, "a dry run creates nothing");

  const seen: SyncProgress[] = [];
  const first = await syncStore({ from, to: uri, onProgress: (p) => seen.push(p) });
  assert.deepEqual([first.runs.created, first.runs.resumed, first.runs.skipped], [2, 1, 0]);
  assert.equal(first.metricPoints, 3 * 1500 - 400, "only the points the server lacked were sent");
  assert.ok(seen.some((p) => p.phase === "runs" && p.action?.action === "resume" && p.action.subject === ids[1]));
  for (const phase of ["experiments", "runs", "artifacts", "models"] as const) {
    const steps = seen.filter((p) => p.phase === phase);
    assert.deepEqual([steps[0]!.done, steps.at(-1)!.done === steps.at(-1)!.total], [0, true], `${phase}: from 0 to its total`);
  }
  assert.equal(seen.filter((p) => p.phase === "artifacts").at(-1)!.total, 3, "one report file per run");

  const back = readback(uri, "offline-work", "synced");
  for (const [i, id] of ids.entries()) {
    const r = back.runs[id]!;
    assert.equal(r.name, `run-${i}`);
    assert.equal(r.status, i === 2 ? "FAILED" : "FINISHED");
    assert.equal(r.end, 1_700_000_100_000 + i);
    assert.deepEqual(r.params, { i: String(i) });
    assert.equal(r.tags.kind, i % 2 ? "odd" : "even");
    const expected = (await local.getMetricHistory(id, "acc")).map((m) => [m.value, m.step, m.timestamp]);
    assert.deepEqual(r.history.acc, expected, `run-${i}: the full history, once`);
    assert.deepEqual(r.artifacts, { [`reports/r${i}.txt`]: `report ${i}` });
  }
  assert.equal(back.runs[ids[0]!]!.start, 1_700_000_000_000);
  assert.deepEqual(back.experiment.tags.purpose, "sync");
  assert.deepEqual(back.model!.aliases, { prod: 2 });
  assert.deepEqual(back.model!.versions.map((v) => v.tags), [{}, { second: "yes" }]);
  assert.deepEqual(JSON.parse(back.model!.files["model.json"]!), { w: [7] });

  const again = await syncStore({ from, to: uri });
  assert.deepEqual([again.experiments.created, again.runs.created, again.runs.resumed, again.runs.skipped, again.models.created, again.versions.created, again.metricPoints], [0, 0, 0, 3, 0, 0, 0]);
  assert.equal((await dst.searchRuns({ experimentIds: [partialExp] })).items.length, 3, "still three runs on the server");
  await dst.close();
  await local.close();
});
