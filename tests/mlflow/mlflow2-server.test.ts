// The tracking, registry and artifact contract suites against a REAL MLflow 2.x server (2.22 from
// .venv-mlflow2), and MLflow 2.x's own Python client reading back what labops wrote. Only the contract suites
// and one read-back run here (CI time): everything else runs against 3.6 in the other files.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  endRun,
  logMetric,
  logParam,
  logText,
  ModelRegistryClient,
  setExperiment,
  setTrackingUri,
  startRun,
} from "../../src";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { restContractSuites } from "./rest-contract-suites";

const VENV = ".venv-mlflow2";
const server = restContractSuites("MLflow 2.x server", { venv: VENV, tracking: { deletesExperimentTags: false } });

test("MLflow 2.x's Python client reads back runs, histories, artifacts, versions and aliases that labops wrote", async () => {
  const s = await server;
  s.reset();
  assert.equal(await (await fetch(`${s.uri}/version`)).text(), "2.22.5");
  setTrackingUri(s.uri);
  await setExperiment("readback-2x");
  const run = await startRun({ runName: "fluent-2x" });
  await logParam("lr", 0.1);
  for (let step = 0; step < 20; step++) logMetric("loss", 1 / (step + 1), step, { timestamp: 1_700_000_000_000 + step });
  await logText("from labops to 2.x", "notes/a.txt");
  await endRun();
  const modelDir = tempDir();
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[9]}');
  const registry = new ModelRegistryClient({ registry: s.uri, tracking: s.uri });
  await registry.registerModel({ name: "rain2", modelPath: modelDir, tags: { owner: "ml" } });
  await registry.registerModel({ name: "rain2", modelPath: modelDir });
  await registry.promote("rain2", 2, { alias: "champion" });
  await registry.promote("rain2", 1, { stage: "Staging" });
  await registry.store.close();
  setTrackingUri("memory:");

  const r = spawnSync(path.join(repoRoot, VENV, "bin/python"), [path.join(repoRoot, "tests/mlflow/readback.py"), s.uri, "readback-2x", "rain2"], {
    encoding: "utf8",
    env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true" },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-3000));
  const back = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const got = back.runs[run.runId];
  assert.deepEqual([got.name, got.status, got.params], ["fluent-2x", "FINISHED", { lr: "0.1" }]);
  assert.deepEqual(got.history.loss, Array.from({ length: 20 }, (_, step) => [1 / (step + 1), step, 1_700_000_000_000 + step]));
  assert.deepEqual(got.artifacts, { "notes/a.txt": "from labops to 2.x" });
  assert.deepEqual(back.model.aliases, { champion: 2 });
  assert.deepEqual(back.model.versions.map((v: { version: number; stage: string; tags: object }) => [v.version, v.stage, v.tags]), [[1, "Staging", { owner: "ml" }], [2, "None", {}]]);
  assert.deepEqual(JSON.parse(back.model.files["model.json"]), { w: [9] });
});
