// The contract every RegistryStore must pass (file, memory, and the MLflow server store to come): MLflow's
// core, and the audit history as an opt-in capability (MLflow's REST API has none).

import assert from "node:assert/strict";
import { artifactRepositoryFor, childArtifactUri } from "../artifacts";
import type { RegistryStore } from "../registry/store";
import { contractRunner, rejectsWith, type ContractHooks } from "./contract-harness";

export interface RegistryContractOptions {
  /** Run the audit-history tests too (getModelHistory); default true. A store without it throws NOT_IMPLEMENTED. */
  auditHistory?: boolean;
}

/** Registers the contract's tests with node:test under `describe(name)`. */
export function registryStoreContract(name: string, hooks: ContractHooks<RegistryStore>, options: RegistryContractOptions = {}): void {
  const { describe, test } = contractRunner(hooks);

  const version = (store: RegistryStore, model: string, extra: { runId?: string; createModel?: boolean } = {}) =>
    store.createModelVersion({ name: model, source: `/models/${model}`, storageLocation: `file:///models/${model}`, createModel: true, ...extra });

  describe(`RegistryStore contract: ${name}`, () => {
    test("creates, gets, renames, describes and deletes registered models", async (store) => {
      const m = await store.createRegisteredModel("churn", { description: "first", tags: { team: "ml" } });
      assert.equal(m.name, "churn");
      assert.deepEqual([m.description, m.tags, m.aliases, m.latestVersions], ["first", { team: "ml" }, {}, []]);
      await rejectsWith(store.createRegisteredModel("churn"), "RESOURCE_ALREADY_EXISTS", /churn/);
      await rejectsWith(store.getRegisteredModel("nope"), "RESOURCE_DOES_NOT_EXIST", /nope/);
      await rejectsWith(store.createRegisteredModel("a/b"), "INVALID_PARAMETER_VALUE");
      assert.equal((await store.updateRegisteredModel("churn", "second")).description, "second");
      await version(store, "churn");
      const renamed = await store.renameRegisteredModel("churn", "churn-v2");
      assert.equal(renamed.name, "churn-v2");
      assert.equal((await store.getModelVersion("churn-v2", 1)).name, "churn-v2");
      await rejectsWith(store.getRegisteredModel("churn"), "RESOURCE_DOES_NOT_EXIST");
      await store.setRegisteredModelTag("churn-v2", "k", "v");
      assert.equal((await store.getRegisteredModel("churn-v2")).tags.k, "v");
      await store.deleteRegisteredModelTag("churn-v2", "k");
      await rejectsWith(store.deleteRegisteredModelTag("churn-v2", "k"), "RESOURCE_DOES_NOT_EXIST");
      await store.deleteRegisteredModel("churn-v2");
      await rejectsWith(store.getModelVersion("churn-v2", 1), "RESOURCE_DOES_NOT_EXIST");
    });

    test("searches models by name and tags, page by page", async (store) => {
      for (const n of ["fraud-b", "fraud-a", "churn"]) await store.createRegisteredModel(n, { tags: { domain: n.startsWith("fraud") ? "risk" : "growth" } });
      assert.deepEqual((await store.searchRegisteredModels({ filter: "name LIKE 'fraud%'" })).items.map((m) => m.name), ["fraud-a", "fraud-b"]);
      assert.deepEqual((await store.searchRegisteredModels({ filter: "tags.domain = 'growth'" })).items.map((m) => m.name), ["churn"]);
      const first = await store.searchRegisteredModels({ maxResults: 2 });
      assert.deepEqual(first.items.map((m) => m.name), ["churn", "fraud-a"]);
      const second = await store.searchRegisteredModels({ maxResults: 2, pageToken: first.nextPageToken });
      assert.deepEqual(second.items.map((m) => m.name), ["fraud-b"]);
      assert.equal(second.nextPageToken, undefined);
      await rejectsWith(store.searchRegisteredModels({ filter: "nme = 'x'" }), "INVALID_PARAMETER_VALUE");
    });

    test("versions count up by one and are never reused; they record source, run and status", async (store) => {
      const v1 = await version(store, "m", { runId: "0123456789abcdef0123456789abcdef" });
      assert.deepEqual([v1.version, v1.status, v1.currentStage, v1.source, v1.runId], [1, "READY", "None", "/models/m", "0123456789abcdef0123456789abcdef"]);
      assert.ok(v1.userId.length > 0);
      await version(store, "m");
      await version(store, "m");
      await store.deleteModelVersion("m", 3);
      assert.equal((await version(store, "m")).version, 4, "a deleted version's number is not reused");
      await rejectsWith(store.getModelVersion("m", 3), "RESOURCE_DOES_NOT_EXIST", /version=3/);
      await rejectsWith(store.createModelVersion({ name: "missing", source: "s", storageLocation: "file:///s" }), "RESOURCE_DOES_NOT_EXIST");
      assert.equal((await store.updateModelVersion("m", 2, "better")).description, "better");
      await store.setModelVersionTag("m", 2, "validated", "yes");
      assert.deepEqual((await store.getModelVersion("m", 2)).tags, { validated: "yes" });
      await store.deleteModelVersionTag("m", 2, "validated");
      const found = await store.searchModelVersions({ filter: "name = 'm' AND run_id = '0123456789abcdef0123456789abcdef'" });
      assert.deepEqual(found.items.map((v) => v.version), [1]);
      assert.deepEqual((await store.searchModelVersions({ filter: "name = 'm'" })).items.map((v) => v.version), [4, 2, 1]);
    });

    test("aliases move, resolve, and refuse reserved or malformed names; a deleted version loses its aliases", async (store) => {
      for (let i = 0; i < 3; i++) await version(store, "m");
      await store.setRegisteredModelAlias("m", "champion", 1);
      await store.setRegisteredModelAlias("m", "champion", 2);
      await store.setRegisteredModelAlias("m", "challenger", 3);
      assert.equal((await store.getModelVersionByAlias("m", "champion")).version, 2);
      assert.deepEqual((await store.getModelVersion("m", 1)).aliases, []);
      assert.deepEqual((await store.getModelVersion("m", 2)).aliases, ["champion"]);
      assert.deepEqual((await store.getRegisteredModel("m")).aliases, { champion: 2, challenger: 3 });
      for (const reserved of ["latest", "LATEST", "v1", "V12"]) await rejectsWith(store.setRegisteredModelAlias("m", reserved, 1), "INVALID_PARAMETER_VALUE", /reserved/);
      await rejectsWith(store.setRegisteredModelAlias("m", "bad alias", 1), "INVALID_PARAMETER_VALUE");
      await rejectsWith(store.setRegisteredModelAlias("m", "x", 9), "RESOURCE_DOES_NOT_EXIST");
      await rejectsWith(store.getModelVersionByAlias("m", "nobody"), "RESOURCE_DOES_NOT_EXIST");
      await store.deleteModelVersion("m", 3);
      assert.deepEqual((await store.getRegisteredModel("m")).aliases, { champion: 2 });
      await store.deleteRegisteredModelAlias("m", "champion");
      await rejectsWith(store.deleteRegisteredModelAlias("m", "champion"), "RESOURCE_DOES_NOT_EXIST");
    });

    test("stages: transitions, archiveExisting, latest versions per stage", async (store) => {
      for (let i = 0; i < 3; i++) await version(store, "m");
      await store.transitionModelVersionStage("m", 1, "Production", false);
      await store.transitionModelVersionStage("m", 2, "production" as never, true);
      assert.equal((await store.getModelVersion("m", 1)).currentStage, "Archived");
      assert.equal((await store.getModelVersion("m", 2)).currentStage, "Production");
      await store.transitionModelVersionStage("m", 3, "Staging", false);
      assert.deepEqual((await store.getLatestVersions("m")).map((v) => [v.currentStage, v.version]), [["Staging", 3], ["Production", 2], ["Archived", 1]]);
      assert.deepEqual((await store.getLatestVersions("m", ["Production"])).map((v) => v.version), [2]);
      await rejectsWith(store.transitionModelVersionStage("m", 1, "Live" as never, false), "INVALID_PARAMETER_VALUE", /Invalid stage 'Live'/);
    });

    test("model files go to the store's artifact repository, readable back by their URI's scheme", async (store) => {
      const repo = store.modelArtifactRepository();
      assert.ok(repo.artifactUri.length > 0);
      await repo.writeArtifact("contract/probe.txt", "probe");
      const byUri = artifactRepositoryFor(childArtifactUri(repo.artifactUri, "contract"));
      assert.equal((await byUri.readArtifact("probe.txt")).toString("utf8"), "probe");
    });
  });

  if (options.auditHistory === false) return;
  describe(`RegistryStore contract, audit history: ${name}`, () => {
    test("every change is in the audit history: what, from, to, when, who, why", async (store) => {
      await store.createRegisteredModel("m");
      await version(store, "m");
      await version(store, "m");
      await store.setRegisteredModelAlias("m", "champion", 1, { reason: "first" });
      await store.setRegisteredModelAlias("m", "champion", 2, { reason: "better auc" });
      await store.transitionModelVersionStage("m", 2, "Production", true);
      await rejectsWith(store.setRegisteredModelAlias("m", "champion", 7), "RESOURCE_DOES_NOT_EXIST");
      await store.renameRegisteredModel("m", "n");
      const history = await store.getModelHistory("n");
      assert.deepEqual(
        history.map((e) => [e.seq, e.action, e.version ?? null, e.subject ?? null, e.from, e.to, e.reason ?? null]),
        [
          [1, "create_model", null, null, null, "m"],
          [2, "register_version", 1, "/models/m", null, 1],
          [3, "register_version", 2, "/models/m", null, 2],
          [4, "set_alias", 1, "champion", null, 1, "first"],
          [5, "set_alias", 2, "champion", 1, 2, "better auc"],
          [6, "transition_stage", 2, "Production", "None", "Production", null],
          [7, "rename_model", null, null, "m", "n", null],
        ].map((row) => (row.length === 6 ? [...row, null] : row)),
      );
      assert.ok(history.every((e) => e.by.length > 0 && e.at > 0 && e.model === "n"));
      await store.deleteRegisteredModel("n", { reason: "retired" });
      const after = await store.getModelHistory("n");
      assert.deepEqual([after.at(-1)!.action, after.at(-1)!.reason], ["delete_model", "retired"], "the history outlives the model");
      await rejectsWith(store.getModelHistory("never-existed"), "RESOURCE_DOES_NOT_EXIST");
    });
  });
}
