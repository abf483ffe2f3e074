// The monitoring loop's logic in-process: where-conditions, intervals, decisions recorded (and a failed retraining
// recorded as FAILED), the loop's bound and its stop signal.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { appendPredictionLog, LabopsClient, type PredictionRecord } from "../../src";
import { parseWhere, tableToDriftColumns } from "../../src/monitor/drift-inputs";
import { checkOnce, monitorLoop, parseInterval, type MonitorCheckOptions, type MonitorDeps } from "../../src/monitor/monitor";
import { fitReferenceProfile, loadColumns, ModelRegistryClient, serializeProfile } from "../../src";
import { tempDir } from "../helpers/temp-dir";

test("parseWhere reads COLUMN OP VALUE into the data library's conditions, and names a bad one", async () => {
  assert.deepEqual(parseWhere(["date>=2015-01-01", "date<2016-01-01", "weather=rain", "wind != 3"]), { date: { gte: "2015-01-01", lt: "2016-01-01" }, weather: { eq: "rain" }, wind: { ne: "3" } });
  assert.equal(parseWhere([]), undefined);
  assert.throws(() => parseWhere(["wind"], "--current-where"), /--current-where 'wind' is not a condition/);
  assert.throws(() => parseWhere(["wind>1", "wind>2"]), /column 'wind' already has a > condition/);
  const cols = tableToDriftColumns(await loadColumns("seattle-weather", { where: parseWhere(["date>=2012-01-01", "date<2012-01-04"]) }));
  assert.deepEqual(Object.keys(cols), ["precipitation", "temp_max", "temp_min", "wind", "weather"], "dates are left out");
  assert.deepEqual(Array.from(cols.temp_max!), [12.8, 10.6, 11.7]);
  assert.deepEqual(cols.weather, ["drizzle", "rain", "rain"]);
});

test("parseInterval: units and bare seconds; zero and words are errors", () => {
  assert.equal(parseInterval("60m"), 3_600_000);
  assert.equal(parseInterval("1.5h"), 5_400_000);
  assert.equal(parseInterval("250ms"), 250);
  assert.equal(parseInterval("30"), 30_000);
  assert.throws(() => parseInterval("0s"), /must be positive/);
  assert.throws(() => parseInterval("hourly"), /'hourly' is not a duration/);
});

/** A log whose wind is shifted by `shift` (km/h), stamped over the last day. */
function log(dir: string, name: string, shift: number): string {
  const file = path.join(dir, name);
  const now = Date.now();
  const records: PredictionRecord[] = Array.from({ length: 200 }, (_, i) => ({
    time: new Date(now - 86_400_000 + i * 400_000).toISOString(),
    unitId: `u${i}`,
    variant: "control",
    modelVersion: "1",
    features: { wind: 1 + ((i * 37) % 50) / 10 + shift, temp_max: 5 + ((i * 53) % 200) / 10 },
    prediction: 0,
    confidence: 0.9,
    latencyMs: 1,
  }));
  appendPredictionLog(file, records);
  return file;
}

function setup() {
  const dir = tempDir();
  const client = new LabopsClient(path.join(dir, "store"));
  const calls: Record<string, unknown>[] = [];
  const deps: MonitorDeps = {
    client,
    runTemplate: async (_nb, parameters) => {
      calls.push(parameters);
      if (parameters.fail) throw new Error("cell 3 failed");
      return { executed: 4, output: null };
    },
  };
  return { dir, client, calls, deps };
}

test("checkOnce: shifted wind retrains with the reason and the user's parameters; a failed template leaves the run FAILED", async () => {
  const { dir, client, calls, deps } = setup();
  const options: MonitorCheckOptions = { log: [log(dir, "shifted.jsonl", 6)], reference: "seattle-weather", template: "retrain.ipynb", parameters: { epochs: 3 } };
  const check = await checkOnce(options, deps);
  assert.equal(check.decision, "retrain");
  assert.equal(check.window.rows, 200);
  assert.equal(check.report.numberOfColumns, 2, "only the features the log has");
  assert.deepEqual(calls, [{ reason: check.reasons[0], monitorRunId: check.runId, storeDir: client.trackingUri, epochs: 3 }]);
  const run = await client.getRun(check.runId);
  assert.deepEqual([run.data.tags.decision, run.data.tags.retrain, run.info.status], ["retrain", "done", "FINISHED"]);
  assert.equal(run.data.params.threshold, "0.2");

  await assert.rejects(checkOnce({ ...options, parameters: { fail: true } }, deps), /cell 3 failed/);
  const exp = await client.getExperimentByName("labops-monitor");
  const failed = (await client.searchRuns([exp!.experimentId])).runs.find((r) => r.data.tags.retrain === "failed")!;
  assert.equal(failed.info.status, "FAILED");
  assert.equal(failed.data.tags.decision, "retrain");

  const high = await checkOnce({ ...options, threshold: 1, dryRun: true }, deps);
  assert.equal(high.report.driftShare, 1, "the threshold is the report's drift share");
  assert.equal(high.decision, high.report.shareOfDriftedColumns >= 1 ? "dry-run" : "no-drift");
  await assert.rejects(checkOnce({ ...options, threshold: 0 }, deps), /--threshold must lie in \(0, 1\]/);
});

test("monitorLoop: bounded by maxChecks; an abort while sleeping ends it after the check in hand", async () => {
  const { dir, deps } = setup();
  const options: MonitorCheckOptions = { log: [log(dir, "a.jsonl", 0)], reference: "seattle-weather", template: "t.ipynb", dryRun: true };
  const two = await monitorLoop(options, deps, { intervalMs: 5, maxChecks: 2, signal: new AbortController().signal });
  assert.equal(two.length, 2);
  const controller = new AbortController();
  const started = Date.now();
  const stopped = await monitorLoop(options, deps, { intervalMs: 3_600_000, signal: controller.signal, onCheck: () => setTimeout(() => controller.abort(), 10) });
  assert.equal(stopped.length, 1);
  assert.ok(Date.now() - started < 10_000);
  await assert.rejects(monitorLoop(options, deps, { intervalMs: 5, maxChecks: 0, signal: controller.signal }), /--max-checks must be at least 1/);
});

test("checkOnce with a saved profile (and --columns over it); a model that is not registered is a warning, not a failure", async () => {
  const { dir, deps } = setup();
  const profileFile = path.join(dir, "profile.json");
  const table = await loadColumns("seattle-weather");
  fs.writeFileSync(profileFile, serializeProfile(fitReferenceProfile(tableToDriftColumns(table), { rowSample: 0 })));
  const warnings: string[] = [];
  const options: MonitorCheckOptions = { log: [log(dir, "p.jsonl", 6)], profile: profileFile, columns: ["wind", "temp_max"], template: "t.ipynb", dryRun: true, model: "nobody" };
  const check = await checkOnce(options, { ...deps, registry: () => new ModelRegistryClient({ tracking: deps.client }), warn: (t) => warnings.push(t) });
  assert.equal(check.decision, "dry-run");
  assert.deepEqual(check.report.columns.map((c) => c.column).sort(), ["temp_max", "wind"]);
  assert.equal(check.modelTagged, null);
  assert.match(warnings[0]!, /model 'nobody' is not registered: the decision is recorded in run \w+ only/);
  await assert.rejects(checkOnce({ ...options, columns: undefined }, deps), /The current data has no column\(s\) precipitation, temp_min, weather of the reference/);
});
