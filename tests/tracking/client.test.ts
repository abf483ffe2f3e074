// LabopsClient: store selection by URI, argument checks, and all-or-nothing batches.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient, MemoryTrackingStore, openTrackingStore, RestTrackingStore } from "../../src";
import { tempDir } from "../helpers/temp-dir";

test("the store is chosen by URI: folder path, file: URI, memory:, an MLflow server; other schemes are refused clearly", async () => {
  const dir = tempDir();
  assert.ok(openTrackingStore(dir) instanceof FileTrackingStore);
  assert.ok(openTrackingStore(`file://${dir}`) instanceof FileTrackingStore);
  assert.equal((openTrackingStore(`file://${dir}`) as FileTrackingStore).root, dir);
  assert.ok(openTrackingStore("memory:") instanceof MemoryTrackingStore);
  const server = openTrackingStore("http://127.0.0.1:5000");
  assert.ok(server instanceof RestTrackingStore);
  await server.close();
  assert.throws(() => openTrackingStore("s3://bucket/x"), /No tracking store for URI 's3:\/\/bucket\/x'/);
});

test("a batch with one bad entry is refused whole", async () => {
  const client = new LabopsClient(new MemoryTrackingStore(tempDir()));
  const run = await client.createRun("0");
  await assert.rejects(
    client.logBatch(run.info.runId, {
      metrics: [{ key: "good", value: 1, step: 0, timestamp: 1 }],
      params: [{ key: "bad/../key", value: "x" }],
    }),
    /Invalid param key 'bad\/..\/key'/,
  );
  assert.deepEqual((await client.getRun(run.info.runId)).data.metrics, {});
  await assert.rejects(client.logMetric(run.info.runId, "m", 1, { timestamp: -5 }), /timestamp -5/);
});

test("search arguments are checked: experiment ids, maxResults, page tokens, filters", async () => {
  const client = new LabopsClient(path.join(tempDir(), "store"));
  assert.deepEqual((await client.searchRuns([])).runs, []); // as MLflow: no experiments, no runs
  await assert.rejects(client.searchRuns("0" as unknown as string[]), /needs a list of experiment ids/);
  await assert.rejects(client.searchRuns(["0"], { maxResults: 0 }), /Invalid maxResults 0/);
  await assert.rejects(client.searchRuns(["0"], { maxResults: 50_001 }), /1 to 50000/);
  await assert.rejects(client.searchRuns(["0"], { pageToken: "garbage" }), /Invalid page token "garbage"/);
  await assert.rejects(client.searchRuns(["0"], { filterString: "metrics.acc > 1 OR params.x = 'y'" }), /OR is not supported/);
  await assert.rejects(client.searchRuns(["0"], { orderBy: ["metrics.acc SIDEWAYS"] }), /column 13: expected ASC, DESC or the end of the clause, found .SIDEWAYS./);
  await assert.rejects(client.createExperiment(""), /Invalid experiment name/);
  await assert.rejects(client.createExperiment("x".repeat(501)), /at most 500/);
  await assert.rejects(client.updateRun("0123456789abcdef0123456789abcdef", { status: "DONE" as never }), /Invalid run status "DONE"/);
});
