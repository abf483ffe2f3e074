// searchRuns over an empty list of experiments finds nothing, as MLflow's search_runs([]) does (item 26);
// a filter is still checked, and something that is not a list is still refused.

import assert from "node:assert/strict";
import { test } from "node:test";
import { LabopsClient, MemoryTrackingStore } from "../../src";
import { tempDir } from "../helpers/temp-dir";

test("searchRuns([]) returns no runs, even when runs exist", async () => {
  const client = new LabopsClient(new MemoryTrackingStore(tempDir()));
  await client.createRun("0");
  assert.equal((await client.searchRuns(["0"])).runs.length, 1, "the run is there to be found");
  const page = await client.searchRuns([]);
  assert.deepEqual(page.runs, []);
  assert.equal(page.nextPageToken, undefined);
  await assert.rejects(client.searchRuns([], { filterString: "metrics.acc >> 1" }), /Invalid filter/);
  await assert.rejects(client.searchRuns("0" as unknown as string[]), /experiment ids/);
});
