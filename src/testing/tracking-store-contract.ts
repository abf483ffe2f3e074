// The contract every TrackingStore must pass (file, memory, and the MLflow server store to come).
// It ships inside the library, as Optuna ships its storage tests, so a new backend proves itself with one call.

import assert from "node:assert/strict";
import type { Run } from "../entities";
import type { TrackingStore } from "../tracking/store";
import { contractRunner, rejectsWith, type ContractHooks } from "./contract-harness";

export interface TrackingContractOptions {
  /**
   * The order getMetricHistory returns: "logged" (the file and memory stores), or "timestamp" for a backend
   * that orders by (timestamp, step), as MLflow's SQL-backed server does. Default "logged".
   */
  historyOrder?: "logged" | "timestamp";
  /**
   * False for a backend that cannot delete experiment tags (an MLflow 2.x server: the endpoint came with 3.0):
   * the call must then fail with NOT_IMPLEMENTED and leave the tag. Default true.
   */
  deletesExperimentTags?: boolean;
}

/** Registers the contract's tests with node:test under `describe(name)`. */
export function trackingStoreContract(name: string, hooks: ContractHooks<TrackingStore>, options: TrackingContractOptions = {}): void {
  const { describe, test } = contractRunner(hooks);

  const newRun = async (store: TrackingStore, experimentId = "0", startTime = Date.now(), runName?: string): Promise<Run> =>
    store.createRun({ experimentId, startTime, userId: "tester", runName, tags: [] });

  describe(`TrackingStore contract: ${name}`, () => {
    test("creates experiments with increasing ids beside the Default experiment 0", async (store) => {
      const a = await store.createExperiment({ name: "alpha", tags: [{ key: "team", value: "ml" }] });
      const b = await store.createExperiment({ name: "beta" });
      assert.equal(Number(b), Number(a) + 1);
      const zero = await store.getExperiment("0");
      assert.equal(zero.name, "Default");
      const alpha = await store.getExperiment(a);
      assert.equal(alpha.name, "alpha");
      assert.equal(alpha.lifecycleStage, "active");
      assert.deepEqual(alpha.tags, { team: "ml" });
      assert.ok(alpha.creationTime > 0 && alpha.lastUpdateTime >= alpha.creationTime);
      assert.equal((await store.getExperimentByName("beta"))?.experimentId, b);
      assert.equal(await store.getExperimentByName("nope"), null);
    });

    test("refuses a taken experiment name, also one held by a deleted experiment", async (store) => {
      const id = await store.createExperiment({ name: "taken" });
      await rejectsWith(store.createExperiment({ name: "taken" }), "RESOURCE_ALREADY_EXISTS", /taken/);
      await store.deleteExperiment(id);
      await rejectsWith(store.createExperiment({ name: "taken" }), "RESOURCE_ALREADY_EXISTS");
      await rejectsWith(store.getExperiment("999"), "RESOURCE_DOES_NOT_EXIST", /999/);
    });

    test("renames, tags, deletes and restores experiments", async (store) => {
      const id = await store.createExperiment({ name: "old" });
      await store.createExperiment({ name: "other" });
      await store.renameExperiment(id, "new");
      assert.equal((await store.getExperiment(id)).name, "new");
      assert.equal(await store.getExperimentByName("old"), null);
      await rejectsWith(store.renameExperiment(id, "other"), "RESOURCE_ALREADY_EXISTS");
      await store.setExperimentTag(id, "k", "v");
      assert.deepEqual((await store.getExperiment(id)).tags, { k: "v" });
      if (options.deletesExperimentTags === false) {
        await rejectsWith(store.deleteExperimentTag(id, "k"), "NOT_IMPLEMENTED", /experiment tags/);
        assert.deepEqual((await store.getExperiment(id)).tags, { k: "v" }, "a failed call changes nothing");
      } else {
        await store.deleteExperimentTag(id, "k");
        assert.deepEqual((await store.getExperiment(id)).tags, {});
        await rejectsWith(store.deleteExperimentTag(id, "k"), "RESOURCE_DOES_NOT_EXIST");
      }
      await store.deleteExperiment(id);
      assert.equal((await store.getExperiment(id)).lifecycleStage, "deleted");
      await rejectsWith(store.setExperimentTag(id, "k", "v"), "INVALID_PARAMETER_VALUE", /active/);
      const active = await store.searchExperiments({});
      assert.ok(!active.items.some((e) => e.experimentId === id));
      const deleted = await store.searchExperiments({ viewType: "DELETED_ONLY" });
      assert.deepEqual(deleted.items.map((e) => e.experimentId), [id]);
      await store.restoreExperiment(id);
      assert.equal((await store.getExperiment(id)).lifecycleStage, "active");
    });

    test("searches experiments by filter, order and page", async (store) => {
      for (const n of ["exp-b", "exp-a", "exp-c", "zzz"]) await store.createExperiment({ name: n });
      const found = await store.searchExperiments({ filter: "name LIKE 'exp-%'", orderBy: ["name ASC"] });
      assert.deepEqual(found.items.map((e) => e.name), ["exp-a", "exp-b", "exp-c"]);
      const first = await store.searchExperiments({ filter: "name LIKE 'exp-%'", orderBy: ["name DESC"], maxResults: 2 });
      assert.deepEqual(first.items.map((e) => e.name), ["exp-c", "exp-b"]);
      assert.ok(first.nextPageToken);
      const second = await store.searchExperiments({
        filter: "name LIKE 'exp-%'",
        orderBy: ["name DESC"],
        maxResults: 2,
        pageToken: first.nextPageToken,
      });
      assert.deepEqual(second.items.map((e) => e.name), ["exp-a"]);
      assert.equal(second.nextPageToken, undefined);
    });

    test("creates runs RUNNING with a name, the runName tag and an artifact URI", async (store) => {
      const run = await newRun(store, "0", 1_700_000_000_000, "first");
      assert.match(run.info.runId, /^[0-9a-f]{32}$/);
      assert.equal(run.info.status, "RUNNING");
      assert.equal(run.info.runName, "first");
      assert.equal(run.info.startTime, 1_700_000_000_000);
      assert.equal(run.info.endTime, undefined);
      assert.equal(run.info.lifecycleStage, "active");
      assert.equal(run.data.tags["mlflow.runName"], "first");
      assert.ok(run.info.artifactUri.includes(run.info.runId));
      const unnamed = await newRun(store);
      assert.match(unnamed.info.runName, /^[a-z]+-[a-z]+-\d+$/);
      await rejectsWith(store.getRun("0123456789abcdef0123456789abcdef"), "RESOURCE_DOES_NOT_EXIST");
      await rejectsWith(newRun(store, "424242"), "RESOURCE_DOES_NOT_EXIST");
      await rejectsWith(
        store.createRun({ experimentId: "0", startTime: 1, userId: "u", runName: "a", tags: [{ key: "mlflow.runName", value: "b" }] }),
        "INVALID_PARAMETER_VALUE",
      );
    });

    test("params are written once: the same value again is a no-op, another value fails the whole batch", async (store) => {
      const { info } = await newRun(store);
      await store.logBatch(info.runId, { params: [{ key: "lr", value: "0.1" }] });
      await store.logBatch(info.runId, { params: [{ key: "lr", value: "0.1" }] });
      await rejectsWith(
        store.logBatch(info.runId, {
          params: [{ key: "lr", value: "0.2" }],
          metrics: [{ key: "loss", value: 1, step: 0, timestamp: 1 }],
          tags: [{ key: "t", value: "x" }],
        }),
        "INVALID_PARAMETER_VALUE",
        /Changing param values is not allowed.*lr/,
      );
      const run = await store.getRun(info.runId);
      assert.deepEqual(run.data.params, { lr: "0.1" });
      assert.deepEqual(run.data.metrics, {}, "a failed batch writes nothing");
      assert.equal(run.data.tags.t, undefined);
      assert.deepEqual(await store.getMetricHistory(info.runId, "loss"), []);
    });

    test("a metric's latest value is the greatest point by (step, timestamp); history keeps every point", async (store) => {
      const { info } = await newRun(store);
      await store.logBatch(info.runId, { metrics: [{ key: "acc", value: 0.5, step: 2, timestamp: 100 }] });
      await store.logBatch(info.runId, { metrics: [{ key: "acc", value: 0.9, step: 1, timestamp: 200 }] });
      await store.logBatch(info.runId, {
        metrics: [
          { key: "acc", value: 0.7, step: 2, timestamp: 150 },
          { key: "nan", value: Number.NaN, step: 0, timestamp: 5 },
          { key: "big", value: -1e308, step: 9007199254740991, timestamp: 1_700_000_000_123 },
        ],
      });
      const run = await store.getRun(info.runId);
      assert.equal(run.data.metrics.acc, 0.7);
      assert.deepEqual(run.data.latestMetrics.acc, { key: "acc", value: 0.7, step: 2, timestamp: 150 });
      assert.ok(Number.isNaN(run.data.metrics.nan));
      const history = await store.getMetricHistory(info.runId, "acc");
      const logged = [[0.5, 2, 100], [0.9, 1, 200], [0.7, 2, 150]];
      const byTime = [[0.5, 2, 100], [0.7, 2, 150], [0.9, 1, 200]];
      assert.deepEqual(history.map((m) => [m.value, m.step, m.timestamp]), options.historyOrder === "timestamp" ? byTime : logged);
      assert.deepEqual((await store.getMetricHistory(info.runId, "big"))[0], {
        key: "big", value: -1e308, step: 9007199254740991, timestamp: 1_700_000_000_123,
      });
      await rejectsWith(store.getMetricHistory("0123456789abcdef0123456789abcdef", "acc"), "RESOURCE_DOES_NOT_EXIST");
    });

    test("tags overwrite, delete, and the runName tag renames the run", async (store) => {
      const { info } = await newRun(store, "0", Date.now(), "before");
      await store.logBatch(info.runId, { tags: [{ key: "stage", value: "a" }] });
      await store.logBatch(info.runId, { tags: [{ key: "stage", value: "b" }, { key: "mlflow.runName", value: "after" }] });
      let run = await store.getRun(info.runId);
      assert.equal(run.data.tags.stage, "b");
      assert.equal(run.info.runName, "after");
      await store.deleteTag(info.runId, "stage");
      run = await store.getRun(info.runId);
      assert.equal(run.data.tags.stage, undefined);
      await rejectsWith(store.deleteTag(info.runId, "stage"), "RESOURCE_DOES_NOT_EXIST");
      const updated = await store.updateRun(info.runId, { runName: "renamed" });
      assert.equal(updated.runName, "renamed");
      assert.equal((await store.getRun(info.runId)).data.tags["mlflow.runName"], "renamed");
    });

    test("ends, deletes and restores runs; a deleted run refuses writes and leaves searches", async (store) => {
      const { info } = await newRun(store);
      for (const status of ["SCHEDULED", "FAILED", "KILLED", "RUNNING", "FINISHED"] as const) {
        assert.equal((await store.updateRun(info.runId, { status })).status, status);
      }
      const ended = await store.updateRun(info.runId, { status: "FINISHED", endTime: 1234 });
      assert.equal(ended.endTime, 1234);
      await store.deleteRun(info.runId);
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, "deleted");
      await rejectsWith(store.logBatch(info.runId, { params: [{ key: "p", value: "1" }] }), "INVALID_PARAMETER_VALUE", /active/);
      assert.equal((await store.searchRuns({ experimentIds: ["0"] })).items.length, 0);
      assert.equal((await store.searchRuns({ experimentIds: ["0"], runViewType: "DELETED_ONLY" })).items.length, 1);
      await store.restoreRun(info.runId);
      assert.equal((await store.searchRuns({ experimentIds: ["0"] })).items.length, 1);
    });

    test("deleting an experiment deletes its runs; restoring restores them", async (store) => {
      const exp = await store.createExperiment({ name: "cascade" });
      const { info } = await newRun(store, exp);
      await store.deleteExperiment(exp);
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, "deleted");
      await rejectsWith(newRun(store, exp), "INVALID_PARAMETER_VALUE");
      await store.restoreExperiment(exp);
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, "active");
    });

    test("searches runs by metrics, params, tags and attributes, in order, page by page", async (store) => {
      const exp = await store.createExperiment({ name: "search" });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const { info } = await newRun(store, exp, 1000 + i, `run-${i}`);
        ids.push(info.runId);
        const metrics = i === 6 ? [] : [{ key: "acc", value: i / 10, step: 0, timestamp: 1 }];
        await store.logBatch(info.runId, {
          metrics,
          params: [{ key: "model", value: i % 2 ? "mlp" : "tree" }],
          tags: [{ key: "team", value: i < 3 ? "red" : "blue" }],
        });
      }
      const search = async (filter?: string, orderBy?: string[]) =>
        (await store.searchRuns({ experimentIds: [exp], filter, orderBy })).items.map((r) => r.info.runName);
      assert.deepEqual(await search(), ["run-6", "run-5", "run-4", "run-3", "run-2", "run-1", "run-0"], "default: newest first");
      assert.deepEqual(await search("metrics.acc >= 0.3", ["metrics.acc ASC"]), ["run-3", "run-4", "run-5"]);
      assert.deepEqual(await search("params.model = 'mlp' AND tags.team = 'blue'", ["attributes.start_time"]), ["run-3", "run-5"]);
      assert.deepEqual(await search("tags.team != 'red'", ["metrics.acc DESC"]), ["run-5", "run-4", "run-3", "run-6"], "missing metric last");
      assert.deepEqual(await search("attributes.run_name LIKE 'run-1%'"), ["run-1"]);
      assert.deepEqual(await search(`attributes.run_id IN ('${ids[0]}', '${ids[2]}')`, ["start_time ASC"]), ["run-0", "run-2"]);
      assert.deepEqual(await search("params.model ILIKE 'MLP'", ["start_time"]), ["run-1", "run-3", "run-5"]);
      await rejectsWith(store.searchRuns({ experimentIds: [exp], filter: "metrics.acc >> 1" }), "INVALID_PARAMETER_VALUE");
      const seen: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await store.searchRuns({ experimentIds: [exp], maxResults: 3, pageToken, orderBy: ["start_time ASC"] });
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((r) => r.info.runId));
        pageToken = page.nextPageToken;
      } while (pageToken);
      assert.deepEqual(seen, ids);
    });

    test("returned entities are copies: changing them changes nothing stored", async (store) => {
      const run = await newRun(store);
      run.data.tags["mlflow.runName"] = "mutated";
      run.info.status = "FAILED";
      const again = await store.getRun(run.info.runId);
      assert.equal(again.info.status, "RUNNING");
      assert.notEqual(again.data.tags["mlflow.runName"], "mutated");
    });
  });
}
