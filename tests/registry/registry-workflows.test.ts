// Registry workflows for real: register from a folder or a run, promote, roll back, resolve URIs, load and
// download models; files stored once; concurrency and kill -9.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { LabopsClient, ModelRegistryClient, parseModelUri } from "../../src";
import { runNode, startNode, workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

let store: string;
let registry: ModelRegistryClient;
let runId: string;
let modelDir: string;

function writeModel(dir: string, weights: number[]): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ kind: "logreg", weights }));
  fs.writeFileSync(path.join(dir, "signature.json"), JSON.stringify({ inputs: [{ name: "x", type: "double" }], outputs: [{ type: "double" }] }));
  return dir;
}

before(async () => {
  store = path.join(tempDir(), "store");
  const tracking = new LabopsClient(store);
  const run = await tracking.createRun("0", { runName: "trainer" });
  runId = run.info.runId;
  await tracking.logBatch(runId, { metrics: [{ key: "auc", value: 0.91, step: 0, timestamp: 1 }], params: [{ key: "lr", value: "0.1" }] });
  await tracking.logArtifacts(runId, writeModel(path.join(tempDir(), "m"), [1, 2]), "model");
  registry = new ModelRegistryClient({ tracking });
  modelDir = writeModel(path.join(tempDir(), "local"), [3, 4]);
});

test("register from a run records source, run snapshot, digest and signature; from a folder too", async () => {
  const v1 = await registry.registerModel({ name: "churn", runId, artifactPath: "model", metrics: { gate_auc: 0.9 }, description: "from run" });
  assert.equal(v1.version, 1);
  assert.equal(v1.source, `runs:/${runId}/model`);
  assert.deepEqual(v1.run, { runId, runName: "trainer", experimentId: "0", metrics: { auc: 0.91 }, params: { lr: "0.1" } });
  assert.deepEqual(v1.metrics, { gate_auc: 0.9 });
  assert.match(v1.dataDigest!, /^[0-9a-f]{64}$/);
  assert.deepEqual(v1.signature, { inputs: [{ name: "x", type: "double" }], outputs: [{ type: "double" }] });
  const v2 = await registry.registerModel({ name: "churn", modelPath: modelDir });
  assert.equal(v2.version, 2);
  assert.equal(v2.run, undefined);
  assert.notEqual(v2.dataDigest, v1.dataDigest);
  await assert.rejects(registry.registerModel({ name: "churn", modelPath: path.join(modelDir, "nope") }), /Model path '.*nope' does not exist/);
  await assert.rejects(registry.registerModel({ name: "churn", runId, artifactPath: "missing" }), /has no artifact 'missing'/);
  await assert.rejects(registry.registerModel({ name: "churn" }), /--model-path PATH, or --run-id/);
});

test("the same files registered twice are stored once; a symlink leading out of a model folder is refused", async () => {
  const a = await registry.registerModel({ name: "dedup", modelPath: modelDir });
  const b = await registry.registerModel({ name: "dedup", modelPath: modelDir });
  assert.equal(a.storageLocation, b.storageLocation);
  const blobs = fs.readdirSync(path.join(store, "blobs/sha256"), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)));
  const sizeBefore = blobs.length;
  await registry.registerModel({ name: "dedup-2", modelPath: modelDir });
  assert.equal(fs.readdirSync(path.join(store, "blobs/sha256"), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length, sizeBefore);
  const sneaky = path.join(tempDir(), "sneaky");
  fs.mkdirSync(sneaky);
  fs.writeFileSync(path.join(sneaky, "model.json"), "{}");
  fs.symlinkSync("/etc/hostname", path.join(sneaky, "stolen.txt"));
  await assert.rejects(registry.registerModel({ name: "dedup", modelPath: sneaky }), /symbolic link to \/etc\/hostname, outside the folder; refused/);
});

test("URIs resolve everywhere: version, alias, stage, latest, runs:/; malformed ones say how to write them", async () => {
  const name = "uris";
  for (let i = 0; i < 3; i++) await registry.registerModel({ name, modelPath: writeModel(path.join(tempDir(), `u${i}`), [i]) });
  await registry.promote(name, 2, { alias: "champion" });
  await registry.promote(name, 1, { stage: "Production" });
  assert.equal((await registry.resolve(`models:/${name}/3`)).version, 3);
  assert.equal((await registry.resolve(`models:/${name}@champion`)).version, 2);
  assert.equal((await registry.resolve(`models:/${name}/production`)).version, 1);
  assert.equal((await registry.resolve(`models:/${name}/latest`)).version, 3);
  const loaded = await registry.loadModel(`models:/${name}@champion`);
  assert.deepEqual(loaded.json, { kind: "logreg", weights: [1] });
  assert.deepEqual(loaded.files, ["model.json", "signature.json"]);
  const fromRun = await registry.loadModel(`runs:/${runId}/model`);
  assert.deepEqual(fromRun.json, { kind: "logreg", weights: [1, 2] });
  const dst = await registry.downloadArtifacts(`models:/${name}/3`, tempDir());
  assert.deepEqual(fs.readdirSync(dst).sort(), ["model.json", "signature.json"]);
  for (const bad of ["models:/x", "models:/x/", "models:/x/Live", "models:/@a", "runs:/123/x", "s3://bucket/model"]) {
    assert.throws(() => parseModelUri(bad), /Malformed model URI .* Use models:\/NAME\/VERSION/, bad);
  }
  await assert.rejects(registry.resolve(`models:/${name}@nobody`), /no alias 'nobody'/);
  await assert.rejects(registry.resolve("models:/ghost/1"), /Registered Model with name=ghost not found/);
});

test("promote refuses a version whose files are missing; rollback walks back through the alias's holders", async () => {
  const name = "flow";
  for (let i = 0; i < 4; i++) await registry.registerModel({ name, modelPath: writeModel(path.join(tempDir(), `f${i}`), [10 + i]) });
  await registry.promote(name, 1, { alias: "champion" }, { reason: "baseline" });
  await registry.promote(name, 2, { alias: "champion" });
  await registry.promote(name, 3, { alias: "champion" });
  assert.deepEqual(await registry.rollback(name), { from: 3, to: 2 });
  assert.deepEqual(await registry.rollback(name, { reason: "still bad" }), { from: 2, to: 1 });
  await assert.rejects(registry.rollback(name), /No earlier version of flow held alias 'champion'/);
  assert.deepEqual(await registry.rollback(name, { toVersion: 3 }), { from: 1, to: 3 });
  const history = await registry.store.getModelHistory(name);
  assert.deepEqual(history.filter((e) => e.subject === "champion").map((e) => [e.action, e.from, e.to]), [
    ["set_alias", null, 1], ["set_alias", 1, 2], ["set_alias", 2, 3], ["rollback_alias", 3, 2], ["rollback_alias", 2, 1], ["rollback_alias", 1, 3],
  ]);
  assert.equal(history.find((e) => e.action === "rollback_alias" && e.to === 1)?.reason, "still bad");
  const v4 = await registry.store.getModelVersion(name, 4);
  fs.chmodSync(path.join(new URL(v4.storageLocation).pathname, "model.json"), 0o644);
  fs.rmSync(path.join(new URL(v4.storageLocation).pathname, "model.json"));
  const before = (await registry.store.getModelHistory(name)).length;
  await assert.rejects(registry.promote(name, 4, { alias: "champion" }), /Refusing to promote flow version 4: its files are missing or changed: model.json \(missing\)/);
  assert.equal((await registry.store.getModelHistory(name)).length, before, "a refused promotion changes nothing");
});

test("4 processes x 25 registrations of one model give versions 1..100 exactly", { timeout: 180_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const results = await Promise.all(Array.from({ length: 4 }, () => runNode(workerPath("registry-writer"), ["register", root, "race", "25", modelDir])));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const reported = results.flatMap((r) => r.stdout.trim().split("\n").map(Number)).sort((a, b) => a - b);
  assert.deepEqual(reported, Array.from({ length: 100 }, (_, i) => i + 1));
  const reader = new ModelRegistryClient({ registry: root, tracking: root });
  const versions = (await reader.store.searchModelVersions({ filter: "name = 'race'" })).items.map((v) => v.version).sort((a, b) => a - b);
  assert.deepEqual(versions, reported);
  assert.equal((await reader.store.getModelHistory("race")).filter((e) => e.action === "register_version").length, 100);
});

test("alias moves racing each other end in one consistent state, every move in the history", { timeout: 180_000 }, async () => {
  const root = path.join(tempDir(), "store");
  const setup = new ModelRegistryClient({ registry: root, tracking: root });
  for (let i = 0; i < 3; i++) await setup.registerModel({ name: "racy", modelPath: writeModel(path.join(tempDir(), `r${i}`), [i]) });
  const results = await Promise.all([
    runNode(workerPath("registry-writer"), ["alias", root, "racy", "champion", "1,2", "30"]),
    runNode(workerPath("registry-writer"), ["alias", root, "racy", "champion", "2,3", "30"]),
    runNode(workerPath("registry-writer"), ["alias", root, "racy", "champion", "3,1", "30"]),
  ]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const reader = new ModelRegistryClient({ registry: root, tracking: root });
  const moves = (await reader.store.getModelHistory("racy")).filter((e) => e.action === "set_alias");
  assert.equal(moves.length, 90);
  for (let i = 1; i < moves.length; i++) assert.equal(moves[i]!.from, moves[i - 1]!.to, `move ${i} starts where move ${i - 1} ended`);
  const final = moves.at(-1)!.to as number;
  assert.equal((await reader.resolve("models:/racy@champion")).version, final);
  const holders = (await reader.store.searchModelVersions({ filter: "name = 'racy'" })).items.filter((v) => v.aliases.includes("champion"));
  assert.deepEqual(holders.map((v) => v.version), [final], "exactly one version holds the alias");
});

test("kill -9 during registrations leaves a readable registry with every acknowledged version", { timeout: 120_000 }, async () => {
  const root = path.join(tempDir(), "store");
  for (let round = 0; round < 4; round++) {
    const acked = await new Promise<number[]>((resolve, reject) => {
      const child = startNode(workerPath("registry-writer"), ["forever", root, "crashy", modelDir]);
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stdout!.once("data", () => setTimeout(() => child.kill("SIGKILL"), 50 + round * 40));
      child.on("close", (_code, signal) => (signal === "SIGKILL" ? resolve([...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]))) : reject(new Error(out))));
    });
    const reader = new ModelRegistryClient({ registry: root, tracking: root });
    const versions = new Set((await reader.store.searchModelVersions({ filter: "name = 'crashy'" })).items.map((v) => v.version));
    for (const v of acked) assert.ok(versions.has(v), `acknowledged version ${v} (round ${round})`);
    const all = [...versions].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1), "no gap in version numbers");
  }
});

test("rollback ignores the history of a deleted model of the same name and steps over deleted versions", async () => {
  const name = "reborn";
  const mk = (i: number) => writeModel(path.join(tempDir(), `rb${i}`), [100 + i]);
  await registry.registerModel({ name, modelPath: mk(1) });
  await registry.registerModel({ name, modelPath: mk(2) });
  await registry.promote(name, 1, { alias: "champion" });
  await registry.promote(name, 2, { alias: "champion" });
  await registry.store.deleteRegisteredModel(name);
  for (let i = 3; i <= 5; i++) await registry.registerModel({ name, modelPath: mk(i) });
  await registry.promote(name, 1, { alias: "champion" });
  await assert.rejects(registry.rollback(name), /No earlier version of reborn held alias 'champion'/);
  await registry.promote(name, 2, { alias: "champion" });
  await registry.promote(name, 3, { alias: "champion" });
  await registry.store.deleteModelVersion(name, 2);
  const afterDelete = await registry.store.getModelHistory(name);
  assert.deepEqual([afterDelete.at(-1)!.action, afterDelete.at(-1)!.subject, afterDelete.at(-1)!.from], ["delete_version", undefined, 2]);
  await registry.promote(name, 3, { alias: "champion" }).catch(() => undefined);
  assert.deepEqual(await registry.rollback(name), { from: 3, to: 1 }, "version 2 is gone: back to 1");
});

test("deleting a version that holds aliases records each alias's removal", async () => {
  const name = "aliased";
  await registry.registerModel({ name, modelPath: writeModel(path.join(tempDir(), "al"), [7]) });
  await registry.promote(name, 1, { alias: "champion" });
  await registry.promote(name, 1, { alias: "shadow" });
  await registry.store.deleteModelVersion(name, 1, { reason: "leaked data" });
  const tail = (await registry.store.getModelHistory(name)).slice(-3).map((e) => [e.action, e.subject ?? null, e.from, e.to, e.reason]);
  assert.deepEqual(tail, [["delete_version", null, 1, null, "leaked data"], ["delete_alias", "champion", 1, null, "leaked data"], ["delete_alias", "shadow", 1, null, "leaked data"]]);
});

test("a refused registration stores no file", async () => {
  const root = path.join(tempDir(), "store");
  const r = new ModelRegistryClient({ tracking: root });
  await assert.rejects(r.registerModel({ name: "bad/name", modelPath: modelDir }), /Invalid model name "bad\/name"/);
  const badSig = path.join(tempDir(), "badsig");
  fs.mkdirSync(badSig);
  fs.writeFileSync(path.join(badSig, "model.json"), "{}");
  fs.writeFileSync(path.join(badSig, "signature.json"), "{oops");
  await assert.rejects(r.registerModel({ name: "ok", modelPath: badSig }), /signature.json in .* is not valid JSON/);
  assert.equal(fs.existsSync(path.join(root, "blobs")), false);
  assert.equal(fs.existsSync(path.join(root, "registry", "models")), false);
});
