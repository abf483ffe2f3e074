// Values JavaScript callers can pass unchecked (TypeScript's types do not reach them) are refused at the API,
// client and fluent, with a LabopsError naming the value; nothing is written, and the store stays readable.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import * as labops from "../../src";
import { FileTrackingStore, LabopsClient, LabopsError } from "../../src";
import { tempDir } from "../helpers/temp-dir";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function refused(pattern: RegExp) {
  return (e: unknown): true => {
    assert.ok(e instanceof LabopsError, `a LabopsError, got ${String(e)}`);
    assert.equal(e.code, "INVALID_PARAMETER_VALUE");
    assert.match(e.message, pattern);
    return true;
  };
}

test("the client refuses wrong types at every entry point, and writes nothing", async () => {
  const root = path.join(tempDir(), "store");
  const client: Loose = new LabopsClient(new FileTrackingStore(root));
  const runId = (await client.createRun("0", { runName: "good" })).info.runId;
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ["createRun startTime string", () => client.createRun("0", { startTime: "yesterday" }), /startTime 'yesterday' \(string\).*Unix milliseconds/],
    ["createRun startTime Date", () => client.createRun("0", { startTime: new Date(0) }), /startTime .*Pass date\.getTime\(\)/],
    ["createRun startTime negative", () => client.createRun("0", { startTime: -5 }), /startTime -5/],
    ["createRun startTime fraction", () => client.createRun("0", { startTime: 1.5 }), /startTime 1\.5/],
    ["createRun runName number", () => client.createRun("0", { runName: 42 }), /run name 42 \(number\)/],
    ["createRun tags array", () => client.createRun("0", { tags: ["a"] }), /run tags \["a"\] \(array\).*key: value/],
    ["createRun tags string", () => client.createRun("0", { tags: "a=b" }), /run tags 'a=b' \(string\)/],
    ["createRun experiment id number", () => client.createRun(0), /experiment id 0 \(number\).*Pass it as a string: '0'/],
    ["createRun options string", () => client.createRun("0", "name"), /createRun options 'name' \(string\)/],
    ["getRun id number", () => client.getRun(7), /run id 7 \(number\)/],
    ["getExperiment id undefined", () => client.getExperiment(undefined), /experiment id undefined/],
    ["deleteExperiment id object", () => client.deleteExperiment({ id: "1" }), /experiment id \{"id":"1"\} \(object\)/],
    ["renameExperiment id number", () => client.renameExperiment(1, "x"), /experiment id 1 \(number\)/],
    ["createExperiment name number", () => client.createExperiment(5), /experiment name 5 \(number\)/],
    ["createExperiment tags array", () => client.createExperiment("e", { tags: [["k", "v"]] }), /experiment tags/],
    ["createExperiment artifactLocation number", () => client.createExperiment("e", { artifactLocation: 1 }), /artifactLocation 1/],
    ["updateRun endTime string", () => client.updateRun(runId, { endTime: "now" }), /endTime 'now'/],
    ["updateRun name number", () => client.updateRun(runId, { name: 3 }), /run name 3/],
    ["updateRun status", () => client.updateRun(runId, { status: "DONE" }), /run status "DONE"/],
    ["setTerminated endTime", () => client.setTerminated(runId, "FINISHED", "later"), /endTime 'later'/],
    ["setTerminated status", () => client.setTerminated(runId, "OK"), /run status "OK"/],
    ["deleteRun id number", () => client.deleteRun(123), /run id 123/],
    ["searchRuns ids of numbers", () => client.searchRuns([0]), /experiment id 0 \(number\)/],
    ["searchRuns viewType", () => client.searchRuns(["0"], { runViewType: "EVERYTHING" }), /runViewType 'EVERYTHING'.*ACTIVE_ONLY/],
    ["searchRuns orderBy string", () => client.searchRuns(["0"], { orderBy: "metrics.m" }), /orderBy 'metrics\.m' \(string\).*array of strings/],
    ["searchRuns filter number", () => client.searchRuns(["0"], { filterString: 1 }), /filterString 1/],
    ["searchExperiments viewType", () => client.searchExperiments({ viewType: 2 }), /viewType 2/],
    ["searchExperiments pageToken", () => client.searchExperiments({ pageToken: 5 }), /pageToken 5/],
    ["logBatch metrics object", () => client.logBatch(runId, { metrics: { m: 1 } }), /metrics \{"m":1\} \(object\): give an array/],
    ["logBatch params item string", () => client.logBatch(runId, { params: ["p=1"] }), /params\[0\] 'p=1'/],
    ["logBatch batch null", () => client.logBatch(runId, null), /logBatch batch null/],
    ["logMetric options number", () => client.logMetric(runId, "m", 1, 5), /logMetric options 5/],
    ["logMetric value string", () => client.logMetric(runId, "m", "1"), /Metric 'm' must be a number/],
    ["logParam run id number", () => client.logParam(1, "p", 1), /run id 1/],
    ["setTag key number", () => client.setTag(runId, 5, "v"), /tag key 5/],
    ["deleteTag key undefined", () => client.deleteTag(runId, undefined), /tag key undefined/],
    ["getMetricHistory key number", () => client.getMetricHistory(runId, 1), /metric key 1/],
    ["logText text number", () => client.logText(runId, 5, "a.txt"), /text 5/],
    ["logArtifact path number", () => client.logArtifact(runId, 5), /localPath 5/],
    ["logFigure figure number", () => client.logFigure(runId, 5, "a.png"), /SVG markup .* or PNG bytes/],
  ];
  for (const [what, call, pattern] of cases) await assert.rejects(call(), refused(pattern), what);

  const reader = new LabopsClient(new FileTrackingStore(root));
  const runs = (await reader.searchRuns(["0"], { orderBy: ["attributes.start_time DESC"] })).runs;
  assert.deepEqual(runs.map((r) => r.info.runName), ["good"], "no refused call created a run");
  const run = runs[0]!;
  assert.equal(run.info.status, "RUNNING");
  assert.equal(run.info.endTime, undefined);
  assert.deepEqual([run.data.params, run.data.metrics], [{}, {}]);
  assert.deepEqual((await reader.searchExperiments()).experiments.map((e) => e.name), ["Default"]);
});

test("a bad startTime given to the store itself is refused too, so listing runs never breaks", async () => {
  const store: Loose = new FileTrackingStore(path.join(tempDir(), "store"));
  await assert.rejects(store.createRun({ experimentId: "0", startTime: "2024-01-01", userId: "me" }), refused(/startTime '2024-01-01'/));
  await assert.rejects(store.createRun({ experimentId: "0", startTime: Number.NaN, userId: "me" }), refused(/startTime NaN \(number\)/));
  const run = await store.createRun({ experimentId: "0", startTime: 5, userId: "me" });
  await assert.rejects(store.updateRun(run.info.runId, { endTime: "x" }), refused(/endTime 'x'/));
  assert.equal((await new LabopsClient(store).searchRuns(["0"], { orderBy: ["attributes.start_time"] })).runs.length, 1);
});

test("the fluent API refuses wrong types, leaving no run started or ended", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const fluent: Loose = labops;
  const cases: [string, () => unknown, RegExp][] = [
    ["setTrackingUri number", () => fluent.setTrackingUri(5), /tracking URI 5/],
    ["setExperiment number", () => fluent.setExperiment(3), /setExperiment argument 3 \(number\)/],
    ["setExperiment id number", () => fluent.setExperiment({ experimentId: 3 }), /experiment id 3 \(number\)/],
    ["startRun experimentId number", () => fluent.startRun({ experimentId: 0 }), /experiment id 0 \(number\)/],
    ["startRun runName number", () => fluent.startRun({ runName: 1 }), /run name 1/],
    ["startRun tags string", () => fluent.startRun({ tags: "a" }), /run tags 'a'/],
    ["startRun nested string", () => fluent.startRun({ nested: "yes" }), /nested 'yes'.*true or false/],
    ["startRun description number", () => fluent.startRun({ description: 1 }), /description 1/],
    ["startRun runId number", () => fluent.startRun({ runId: 1 }), /run id 1/],
    ["startRun options string", () => fluent.startRun("run"), /startRun options 'run'/],
    ["withRun without a function", () => fluent.withRun({}, "not a function"), /withRun needs a function/],
  ];
  for (const [what, call, pattern] of cases) await assert.rejects(async () => call(), refused(pattern), what);
  assert.equal(labops.activeRun(), null, "no refused call started a run");

  const run = await labops.startRun({ runName: "fluent" });
  const inRun: [string, () => unknown, RegExp][] = [
    ["logMetric step string", () => fluent.logMetric("m", 1, "2"), /step "2"/],
    ["logMetric timestamp string", () => fluent.logMetric("m", 1, 0, { timestamp: "now" }), /timestamp "now"/],
    ["logMetric options null", () => fluent.logMetric("m", 1, 0, null), /logMetric options null/],
    ["logMetric runId number", () => fluent.logMetric("m", 1, 0, { runId: 5 }), /run id 5/],
    ["logMetrics array", () => fluent.logMetrics([1, 2]), /metrics \[1,2\] \(array\)/],
    ["logParams string", () => fluent.logParams("a=1"), /params 'a=1'/],
    ["setTags array", () => fluent.setTags([["a", "b"]]), /tags .*\(array\)/],
    ["endRun status", () => fluent.endRun("DONE"), /run status "DONE"/],
    ["ActiveRun.end status", () => run.end("OK" as Loose), /run status "OK"/],
  ];
  for (const [what, call, pattern] of inRun) await assert.rejects(async () => call(), refused(pattern), what);
  assert.equal(labops.activeRun()?.runId, run.runId, "a refused endRun leaves the run active");
  await labops.endRun();
  const ended = await labops.getClient().getRun(run.runId);
  assert.equal(ended.info.status, "FINISHED");
  assert.deepEqual(ended.data.metrics, {}, "no refused metric was logged");
});
