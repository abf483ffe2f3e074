// Validation gates at registration: a passing gate registers, a failed one refuses (nothing stored), --force
// registers and says so in the audit history; the gate result logged on a source run is read too.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient, ModelRegistryClient } from "../../src";
import { evaluateClassifier, validateModel, type GateResult } from "../../src/evaluation";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");

function modelDir(): string {
  const dir = path.join(tempDir(), "model");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ flavor: "test", weights: [1, 2] }));
  return dir;
}

/** A real evaluation (6 of 8 right: accuracy 0.75) checked against an accuracy gate. */
function gates(minAccuracy: number): GateResult {
  const ev = evaluateClassifier({ yTrue: [0, 0, 0, 0, 1, 1, 1, 1], yPred: [0, 0, 0, 1, 1, 1, 1, 0] });
  return validateModel(ev, { config: { accuracy: minAccuracy, f1Macro: null, perClassPrecision: null, perClassRecall: null, meanConfidence: null } });
}

function setup() {
  const store = path.join(tempDir(), "store");
  const tracking = new LabopsClient(store);
  return { store, tracking, registry: new ModelRegistryClient({ tracking }) };
}

const blobCount = (store: string) => (fs.existsSync(path.join(store, "blobs")) ? fs.readdirSync(path.join(store, "blobs"), { recursive: true }).length : 0);

test("a passing gate registers; the audit entry carries the given reason only", async () => {
  const { registry } = setup();
  const g = gates(0.7);
  assert.equal(g.passed, true);
  const v = await registry.registerModel({ name: "rain", modelPath: modelDir(), gates: g, reason: "weekly retrain" });
  assert.equal(v.version, 1);
  assert.equal(v.tags["labops.gates.forced"], undefined);
  const history = await registry.store.getModelHistory("rain");
  assert.ok(history.some((e) => e.action === "register_version" || e.version === 1));
  assert.ok(history.every((e) => !/forced/.test(e.reason ?? "")));
});

test("a failed gate refuses with its reasons and stores nothing", async () => {
  const { registry, store } = setup();
  const before = blobCount(store);
  const g = gates(0.8);
  assert.equal(g.passed, false);
  await assert.rejects(registry.registerModel({ name: "rain", modelPath: modelDir(), gates: g }), (e: Error & { code?: string }) => {
    assert.equal(e.code, "INVALID_STATE");
    assert.match(e.message, /failed 1 validation gate: accuracy \(accuracy is 0\.75; needs >= 0\.8\)/);
    return true;
  });
  assert.equal(blobCount(store), before);
  assert.equal((await registry.store.searchRegisteredModels({})).items.length, 0);
});

test("forced: registered, tagged, and the audit entry names the failed gates", async () => {
  const { registry } = setup();
  const v = await registry.registerModel({ name: "rain", modelPath: modelDir(), gates: gates(0.8), force: true, reason: "hotfix" });
  assert.equal(v.tags["labops.gates.forced"], "true");
  const entries = (await registry.store.getModelHistory("rain")).filter((e) => e.version === 1);
  assert.ok(entries.length > 0);
  assert.match(entries.map((e) => e.reason).join("\n"), /^hotfix\. Registered despite 1 failed validation gate \(forced\): accuracy \(accuracy is 0\.75; needs >= 0\.8\)/m);
});

test("runs:/ sources: the run's logged gate result decides, through the CLI and --force", async () => {
  const { store, tracking } = setup();
  const run = await tracking.createRun("0", { runName: "eval" });
  const runId = run.info.runId;
  await tracking.logArtifacts(runId, modelDir(), "model");
  const failed = gates(0.8);
  await tracking.setTag(runId, "labops.gates.passed", "false");
  await tracking.logDict(runId, failed, "evaluation/gates.json");
  const env = { LABOPS_TRACKING_URI: store, LABOPS_REGISTRY_URI: "" };
  const refused = runNodeSync(cli, ["models", "register", "--name", "rain", "--run-id", runId, "--artifact-path", "model"], { env });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /failed 1 validation gate: accuracy \(accuracy is 0\.75/);
  const listed = runNodeSync(cli, ["models", "list", "--json"], { env });
  assert.deepEqual(JSON.parse(listed.stdout), []);
  const forced = runNodeSync(cli, ["models", "register", "--name", "rain", "--run-id", runId, "--artifact-path", "model", "--force", "--json"], { env });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(JSON.parse(forced.stdout).tags["labops.gates.forced"], "true");
  const history = runNodeSync(cli, ["models", "history", "rain", "--json"], { env });
  assert.match(history.stdout, /Registered despite 1 failed validation gate \(forced\): accuracy/);
  // A run whose gates passed registers without --force.
  await tracking.setTag(runId, "labops.gates.passed", "true");
  await tracking.logDict(runId, gates(0.7), "evaluation/gates.json");
  const ok = runNodeSync(cli, ["models", "register", "--name", "rain", "--run-id", runId, "--artifact-path", "model", "--json"], { env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).version, 2);
});
