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
import { runNode } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

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

/** A log whose wind is shifted by `shift` (km/h), stamped over the day before `now`. */
function log(dir: string, name: string, shift: number, now = Date.now()): string {
  const file = path.join(dir, name);
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
  assert.equal(check.report!.numberOfColumns, 2, "only the features the log has");
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
  assert.equal(high.report!.driftShare, 1, "the threshold is the report's drift share");
  assert.equal(high.decision, high.report!.shareOfDriftedColumns >= 1 ? "dry-run" : "no-drift");
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
  assert.deepEqual(check.report!.columns.map((c) => c.column).sort(), ["temp_max", "wind"]);
  assert.equal(check.modelTagged, null);
  assert.match(warnings[0]!, /model 'nobody' is not registered: the decision is recorded in run \w+ only/);
  await assert.rejects(checkOnce({ ...options, columns: undefined }, deps), /The current data has no column\(s\) precipitation, temp_min, weather of the reference/);
});

test("an empty window is a decision, no-predictions, recorded; a loop goes on and checks the predictions that arrive", async () => {
  const { dir, client, calls, deps } = setup();
  // Predictions of 30 days ago: none in the last 7 days.
  const file = log(dir, "old.jsonl", 6, Date.now() - 30 * 86_400_000);
  const options: MonitorCheckOptions = { log: [file], reference: "seattle-weather", template: "t.ipynb", parameters: { epochs: 3 } };
  const empty = await checkOnce(options, deps);
  assert.equal(empty.decision, "no-predictions");
  assert.match(empty.reasons[0]!, /^no new predictions in window \(\d{4}-\d\d-\d\dT.* to \d{4}-\d\d-\d\dT.*; 200 read from the log\)$/);
  assert.deepEqual([empty.window.rows, empty.report, empty.template], [0, null, null]);
  const run = await client.getRun(empty.runId);
  assert.deepEqual([run.data.tags.decision, run.data.params.window_rows, run.info.status], ["no-predictions", "0", "FINISHED"]);

  // The loop: an empty window, then new (drifted) predictions land in the log, then the check retrains.
  let arrived = false;
  const seen: string[] = [];
  const checks = await monitorLoop(options, deps, {
    intervalMs: 5,
    maxChecks: 3,
    signal: new AbortController().signal,
    onCheck: (c) => {
      seen.push(c.decision);
      if (!arrived) (arrived = true), log(dir, "old.jsonl", 6);
    },
  });
  assert.deepEqual(checks.map((c) => c.decision), ["no-predictions", "retrain", "retrain"]);
  assert.deepEqual(seen, ["no-predictions", "retrain", "retrain"]);
  assert.equal(checks[1]!.window.rows, 200);
  assert.equal(calls.length, 2, "the template ran for the two windows with predictions only");
});

test("monitorLoop: a failed retraining is recorded (run FAILED) and the loop checks again; other errors end it", async () => {
  const { dir, client, deps } = setup();
  const options: MonitorCheckOptions = { log: [log(dir, "shifted.jsonl", 6)], reference: "seattle-weather", template: "t.ipynb" };
  let attempt = 0;
  const flaky: MonitorDeps = { ...deps, runTemplate: async (nb, p) => deps.runTemplate(nb, { ...p, fail: ++attempt === 1 }) };
  const checks = await monitorLoop(options, flaky, { intervalMs: 5, maxChecks: 2, signal: new AbortController().signal });
  assert.deepEqual(checks.map((c) => c.decision), ["retrain-failed", "retrain"]);
  assert.match(checks[0]!.reasons.at(-1)!, /^the retraining notebook failed: cell 3 failed$/);
  const first = await client.getRun(checks[0]!.runId);
  assert.deepEqual([first.info.status, first.data.tags.retrain, first.data.tags.decision], ["FAILED", "failed", "retrain"]);
  assert.equal((await client.getRun(checks[1]!.runId)).info.status, "FINISHED");
  // A mistake in the options is not a decision: the loop stops with it.
  await assert.rejects(monitorLoop({ ...options, threshold: 2 }, deps, { intervalMs: 5, maxChecks: 2, signal: new AbortController().signal }), /--threshold must lie in \(0, 1\]/);
});

test("labops monitor --loop on an empty window keeps checking and says so (exit 0)", async () => {
  const dir = tempDir();
  const file = log(dir, "old.jsonl", 0, Date.now() - 30 * 86_400_000);
  const template = path.join(dir, "retrain.ipynb");
  fs.writeFileSync(template, "{}");
  const r = await runNode(path.join(repoRoot, "dist/kernel-ext/labops-cli.js"), ["monitor", "--log", file, "--reference", "seattle-weather", "--template", template, "--loop", "--interval", "10ms", "--max-checks", "2", "--json"], {
    LABOPS_TRACKING_URI: path.join(dir, "store"),
    LABOPS_RUN_ID: "",
  });
  assert.equal(r.code, 0, r.stderr);
  const checks = JSON.parse(r.stdout) as { decision: string; reasons: string[]; shareOfDriftedColumns: number | null }[];
  assert.deepEqual(checks.map((c) => [c.decision, c.shareOfDriftedColumns]), [["no-predictions", null], ["no-predictions", null]]);
  assert.equal(r.stderr.match(/: no-predictions \(no new predictions in window/g)?.length, 2, r.stderr);
});
