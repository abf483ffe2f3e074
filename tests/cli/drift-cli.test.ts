// `labops drift` and `labops monitor` as a user runs them: verdicts, exit code 4 on drift, profiles, run logging,
// and drift-triggered retraining through the real template notebook (notebooks/templates/retrain.ipynb).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { LabopsClient, ModelRegistryClient, type PredictionRecord } from "../../src";
import { readCsv } from "../../src/data/csv";
import { runNode, runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const template = path.join(repoRoot, "notebooks/templates/retrain.ipynb");
let dir: string;
let store: string;

const labops = (...args: string[]) => runNodeSync(cli, args, { env: { LABOPS_TRACKING_URI: store, LABOPS_RUN_ID: "" } });

/** A prediction log of Seattle days, stamped over the last three days, features as the rain model reads them. */
function writeLog(file: string, keep: (row: Record<string, string>, i: number) => boolean): number {
  const rows = readCsv(path.join(repoRoot, "datasets/seattle-weather.csv")).filter(keep);
  const now = Date.now();
  const records: PredictionRecord[] = rows.map((r, i) => ({
    time: new Date(now - 3 * 86_400_000 + (i * 3 * 86_400_000) / rows.length).toISOString(),
    unitId: `u${i}`,
    variant: "control",
    modelVersion: "models:/rain-classifier/1",
    features: { temp_max: Number(r.temp_max), temp_min: Number(r.temp_min), wind: Number(r.wind), precipitation: Number(r.precipitation) },
    prediction: r.weather === "rain" ? 1 : 0,
    confidence: 0.8,
    latencyMs: 2,
  }));
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return records.length;
}

let drifted: string;
let steady: string;

before(() => {
  dir = tempDir();
  store = path.join(dir, "store");
  drifted = path.join(dir, "summer.jsonl");
  steady = path.join(dir, "steady.jsonl");
  // Summer days only: temperatures far from the four-year reference; every 4th day: the reference's own mix.
  writeLog(drifted, (r) => r.date! >= "2015-06-01" && r.date! < "2015-09-01");
  writeLog(steady, (_r, i) => i % 4 === 0);
});

test("drift: 2012 vs 2015 drifts (exit 4), table sorted by score; the saved profile checks 2012 again without drift (exit 0)", () => {
  const profile = path.join(dir, "ref-2012.json");
  const html = path.join(dir, "drift.html");
  const r = labops("drift", "--reference", "seattle-weather", "--reference-where", "date<2013-01-01", "--current", "seattle-weather", "--current-where", "date>=2015-01-01", "--save-profile", profile, "--html", html);
  assert.equal(r.code, 4, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0]!, /^Dataset drift detected: 3 of 5 columns drifted \(share 0\.6, dataset drift at >= 0\.5\); reference 366 rows, current 365 rows\.$/);
  const rows = lines.slice(4, 9).map((l) => l.split(/\s+/));
  assert.deepEqual(rows.map((c) => c[0]), ["weather", "temp_max", "temp_min", "precipitation", "wind"]);
  assert.deepEqual(rows.map((c) => c.at(-1)), ["yes", "yes", "yes", "no", "no"]);
  assert.ok(fs.readFileSync(html, "utf8").includes("<svg"), "the HTML page holds the overlays");
  assert.equal(JSON.parse(fs.readFileSync(profile, "utf8")).format, "labops.drift-profile");

  const again = labops("drift", "--profile", profile, "--current", "seattle-weather", "--current-where", "date<2013-01-01", "--json");
  assert.equal(again.code, 0, again.stderr);
  const json = JSON.parse(again.stdout);
  assert.equal(json.datasetDrift, false);
  assert.equal(json.numberOfDriftedColumns, 0);
  assert.equal(json.columns.length, 5);

  const some = labops("drift", "--profile", profile, "--current", "seattle-weather", "--current-where", "date>=2015-01-01", "--columns", "wind,precipitation", "--json");
  assert.equal(some.code, 0, some.stderr);
  assert.deepEqual(JSON.parse(some.stdout).columns.map((c: { column: string }) => c.column).sort(), ["precipitation", "wind"]);
});

test("drift: mistakes name the value, exit 1 or 2, and write nothing", () => {
  const profile = path.join(dir, "never.json");
  const badWhere = labops("drift", "--reference", "seattle-weather", "--current", "seattle-weather", "--current-where", "date~2015", "--save-profile", profile);
  assert.equal(badWhere.code, 1);
  assert.match(badWhere.stderr, /--current-where 'date~2015' is not a condition/);
  const unknown = labops("drift", "--reference", "no-such-data", "--current", "seattle-weather");
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /'no-such-data' is neither a file nor a shipped dataset/);
  const column = labops("drift", "--reference", "seattle-weather", "--current", "seattle-weather", "--columns", "humidity", "--save-profile", profile);
  assert.equal(column.code, 1);
  assert.match(column.stderr, /Column 'humidity' is not in seattle-weather/);
  const noCurrent = labops("drift", "--reference", "seattle-weather");
  assert.equal(noCurrent.code, 2);
  assert.equal(fs.existsSync(profile), false);
});

test("drift: logged to the active run (LABOPS_RUN_ID): share drifted, per-column scores, JSON and HTML artifacts", async () => {
  const client = new LabopsClient(store);
  const run = await client.createRun(await client.createExperiment("drift-checks"));
  const runId = run.info.runId;
  const r = runNodeSync(cli, ["drift", "--reference", "seattle-weather", "--reference-where", "date<2013-01-01", "--current", "seattle-weather", "--current-where", "date>=2015-01-01", "--json"], { env: { LABOPS_TRACKING_URI: store, LABOPS_RUN_ID: runId } });
  assert.equal(r.code, 4, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.loggedTo, runId);
  const logged = await new LabopsClient(store).getRun(runId);
  assert.equal(logged.data.metrics.drift_share_drifted, 0.6);
  assert.equal(logged.data.metrics.drift_dataset_drift, 1);
  const ks = out.columns.find((c: { column: string }) => c.column === "temp_max").score;
  assert.equal(logged.data.metrics["drift_score.temp_max"], ks);
  const files = (await client.listArtifacts(runId, "drift")).map((f) => f.path).sort();
  assert.deepEqual(files, ["drift/report.html", "drift/report.json"]);
});

test("monitor --check-once --dry-run: a summer window drifts (decision dry-run), a steady window does not (no-drift)", async () => {
  const dry = labops("monitor", "--log", drifted, "--reference", "seattle-weather", "--template", template, "--check-once", "--dry-run", "--json");
  assert.equal(dry.code, 0, dry.stderr);
  const [check] = JSON.parse(dry.stdout);
  assert.equal(check.decision, "dry-run");
  assert.equal(check.template, null);
  assert.match(check.reasons[0], /^\d of 4 columns drifted \(share [\d.]+ >= threshold 0\.2\)$/);
  assert.ok(check.reasons.some((r: string) => r.startsWith("temp_max: ")), check.reasons.join("\n"));
  const steadyRun = labops("monitor", "--log", steady, "--reference", "seattle-weather", "--template", template, "--check-once");
  assert.equal(steadyRun.code, 0, steadyRun.stderr);
  assert.match(steadyRun.stdout, /^no-drift: 0 of 4 columns drifted \(share 0\.000 < threshold 0\.2\); window 366 predictions/);

  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("labops-monitor");
  const runs = (await client.searchRuns([exp!.experimentId])).runs;
  const decisions = runs.map((r) => r.data.tags.decision).sort();
  assert.deepEqual(decisions, ["dry-run", "no-drift"]);
  const dryRun = runs.find((r) => r.data.tags.decision === "dry-run")!;
  assert.equal(dryRun.info.status, "FINISHED");
  assert.ok(dryRun.data.metrics.drift_share_drifted! >= 0.2);
  assert.ok((await client.listArtifacts(dryRun.info.runId, "drift")).some((f) => f.path === "drift/report.html"));
});

test("monitor --check-once on a drifted log runs the retraining template: a tracked, registered model, the decision in the audit history", async () => {
  const r = await runNode(cli, ["monitor", "--log", drifted, "--reference", "seattle-weather", "--template", template, "--check-once", "--model", "rain-classifier", "-p", "epochs=40", "-p", "experiment=rain-retrain", "--json"], { LABOPS_TRACKING_URI: store, LABOPS_RUN_ID: "" });
  assert.equal(r.code, 0, r.stderr);
  const [check] = JSON.parse(r.stdout);
  assert.equal(check.decision, "retrain");
  assert.equal(check.modelTagged, "rain-classifier");
  assert.ok(check.template.executed >= 5);
  const client = new LabopsClient(store);
  const retrain = (await client.searchRuns([(await client.getExperimentByName("rain-retrain"))!.experimentId])).runs;
  assert.equal(retrain.length, 1);
  assert.equal(retrain[0]!.data.tags.monitor_run, check.runId);
  assert.equal(retrain[0]!.data.params.epochs, "40");
  assert.ok(retrain[0]!.data.metrics.val_accuracy! > 0.5 && retrain[0]!.data.metrics.val_accuracy! < 1);
  const registry = new ModelRegistryClient({ tracking: store });
  const versions = await registry.modelVersions("rain-classifier");
  assert.equal(versions.length, 1);
  assert.equal(versions[0]!.runId, retrain[0]!.info.runId);
  const model = await registry.store.getRegisteredModel("rain-classifier");
  assert.equal(model.tags["labops.monitor.decision"], "retrain");
  const history = await registry.store.getModelHistory("rain-classifier");
  const note = history.find((h) => h.subject === "labops.monitor.decision");
  assert.ok(note, JSON.stringify(history));
  assert.match(String(note.reason), new RegExp(`monitor run ${check.runId}: \\d of 4 columns drifted`));
  const monitorRun = await client.getRun(check.runId);
  assert.equal(monitorRun.data.tags.decision, "retrain");
  assert.equal(monitorRun.data.tags.retrain, "done");
  assert.ok((await client.listArtifacts(check.runId, "retrain")).some((f) => f.path.endsWith(".ipynb")));
});

test("monitor --loop with a tiny interval stops after --max-checks 2; mistakes exit 2", async () => {
  const before = (await new LabopsClient(store).searchRuns([(await new LabopsClient(store).getExperimentByName("labops-monitor"))!.experimentId])).runs.length;
  const r = labops("monitor", "--log", steady, "--reference", "seattle-weather", "--template", template, "--loop", "--interval", "50ms", "--max-checks", "2", "--json");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).map((c: { decision: string }) => c.decision), ["no-drift", "no-drift"]);
  const client = new LabopsClient(store);
  const after = (await client.searchRuns([(await client.getExperimentByName("labops-monitor"))!.experimentId])).runs.length;
  assert.equal(after - before, 2);
  const both = labops("monitor", "--log", steady, "--reference", "seattle-weather", "--template", template, "--loop", "--check-once");
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--check-once or --loop, not both/);
  const interval = labops("monitor", "--log", steady, "--reference", "seattle-weather", "--template", template, "--loop", "--interval", "soon", "--max-checks", "1");
  assert.equal(interval.code, 1);
  assert.match(interval.stderr, /--interval 'soon' is not a duration/);
});

test("monitor --loop stops cleanly on SIGTERM while it sleeps: exit 0, the checks so far printed", async () => {
  const child = spawn(process.execPath, [cli, "monitor", "--log", steady, "--reference", "seattle-weather", "--template", template, "--loop", "--interval", "1h", "--json"], {
    env: { ...process.env, LABOPS_TRACKING_URI: store, LABOPS_RUN_ID: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  const checked = new Promise<void>((resolve) => child.stderr!.on("data", (d) => ((stderr += d), /check \w+: no-drift/.test(stderr) && resolve())));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  await checked;
  const sent = Date.now();
  child.kill("SIGTERM");
  assert.equal(await closed, 0, stderr);
  assert.ok(Date.now() - sent < 5000, "it does not wait for the hour");
  assert.deepEqual(JSON.parse(stdout).map((c: { decision: string }) => c.decision), ["no-drift"]);
});
