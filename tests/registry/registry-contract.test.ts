// Runs the RegistryStore contract against the file registry and the memory registry, and its core against a
// store without audit history (as MLflow's REST API); the client over a registry chosen by a registered scheme.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileRegistryStore, LabopsError, MemoryRegistryStore, ModelRegistryClient, openRegistryStore, registerRegistryStore, registryStoreContract } from "../../src";
import { tempDir } from "../helpers/temp-dir";

const noWarnings = (m: string): never => {
  throw new Error(`unexpected store warning: ${m}`);
};

registryStoreContract("file registry", { create: () => new FileRegistryStore(path.join(tempDir(), "store"), { onWarning: noWarnings }) });
registryStoreContract("file registry, compacting on every write", {
  create: () => new FileRegistryStore(path.join(tempDir(), "store"), { compactBytes: 1, onWarning: noWarnings }),
});
registryStoreContract("memory registry", { create: () => new MemoryRegistryStore() });

/** A store shaped like MLflow's REST backend: the core, no audit history. */
class NoHistoryStore extends MemoryRegistryStore {
  override async getModelHistory(): Promise<never> {
    throw new LabopsError("NOT_IMPLEMENTED", "MLflow's REST API keeps no audit history.");
  }
}
registryStoreContract("memory registry without audit history (core only)", { create: () => new NoHistoryStore() }, { auditHistory: false });

test("the client works over any registered registry scheme: model files go through the store's artifact repository", async () => {
  registerRegistryStore("nohistory", () => new NoHistoryStore());
  const registry = new ModelRegistryClient({ registry: openRegistryStore("nohistory://x"), tracking: "memory:" });
  const model = path.join(tempDir(), "m");
  fs.mkdirSync(model);
  fs.writeFileSync(path.join(model, "model.json"), JSON.stringify({ w: [1, 2] }));
  const v1 = await registry.registerModel({ name: "mem", modelPath: model });
  assert.match(v1.storageLocation, /^memory:\/\/registry-[0-9a-f]+\/models\/[0-9a-f]{64}$/, "kept in memory, not on disk");
  fs.writeFileSync(path.join(model, "model.json"), JSON.stringify({ w: [3] }));
  await registry.registerModel({ name: "mem", modelPath: model });
  const loaded = await registry.loadModel("models:/mem/1");
  assert.deepEqual(loaded.json, { w: [1, 2] });
  assert.deepEqual(loaded.files, ["model.json"]);
  const dst = await registry.downloadArtifacts("models:/mem/2", tempDir());
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dst, "model.json"), "utf8")), { w: [3] });
  await registry.promote("mem", 1, { alias: "champion" });
  await registry.promote("mem", 2, { alias: "champion" });
  await assert.rejects(registry.rollback("mem"), /keeps no audit history .* give --to-version/);
  assert.deepEqual(await registry.rollback("mem", { toVersion: 1 }), { from: 2, to: 1 });
});
