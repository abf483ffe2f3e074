// The data commands as a user runs them: datasets list/show, validate (exit 3 at a failed gate), features fit,
// collect (counts per filter, the digest, the run's input; exit 1 and nothing written when too few rows).

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { appendPredictionLog, FeaturePipeline, fitPipeline, LabopsClient, loadColumns, makeSyntheticData, tableToArrays, type PredictionRecord } from "../../src";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let dir: string;
let store: string;
let log: string;
let records: PredictionRecord[];

function labops(...args: string[]) {
  return runNodeSync(cli, args, { cwd: dir, env: { LABOPS_TRACKING_URI: store } });
}

before(() => {
  dir = tempDir();
  store = path.join(dir, "store");
  log = path.join(dir, "predictions.jsonl");
  // A prediction log made from the synthetic generator: every fourth label unknown, two variants.
  const { table } = makeSyntheticData({ seed: 11, rows: 400, days: 10, start: "2024-03-01", variants: { names: ["A", "B"] } });
  const c = tableToArrays(table);
  records = [];
  for (let i = 0; i < table.rowCount; i++) {
    const p = c.probability![i] as number;
    records.push({
      time: new Date(c.time![i] as string | number).toISOString(), unitId: String(c.unit_id![i]), variant: String(c.variant![i]), modelVersion: "models:/rain/1",
      features: { x0: c.x0![i] as number, x1: c.x1![i] as number }, prediction: p >= 0.5 ? 1 : 0, confidence: Math.max(p, 1 - p), latencyMs: 2,
      label: i % 4 === 0 ? null : (c.label![i] as number),
    });
  }
  appendPredictionLog(log, records);
});

test("datasets list and show: the manifest, and a dataset's columns profiled", () => {
  const list = labops("datasets", "list");
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^seattle-weather\s+1,461\s+6\s+csv\s/m);
  assert.ok(JSON.parse(labops("datasets", "list", "--json").stdout).some((d: { name: string }) => d.name === "penguins"));
  const show = labops("datasets", "show", "seattle-weather");
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^temp_max\s+number\s+0\.0%\s+67\s+-1\.6 \.\. 35\.6$/m);
  assert.match(show.stdout, /^weather\s+string\s+0\.0%\s+5\s+rain \(641\), sun \(640\), fog \(101\), drizzle \(53\), snow \(26\)$/m);
  const penguins = JSON.parse(labops("datasets", "show", "penguins", "--json").stdout);
  assert.equal(penguins.profile.columns.find((c: { name: string }) => c.name === "Sex").missingShare, 10 / 344);
  const missing = labops("datasets", "show", "nope");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No dataset 'nope'; labops ships: seattle-weather, penguins/);
});

test("validate: a suite learned on 2012-2013 fails on 2014-2015 with exit 3, and passes on its own years with 0", async () => {
  const suite = path.join(dir, "suite.json");
  const drift = labops("validate", "--dataset", "seattle-weather", "--where", "date >= 2014-01-01", "--learn-from", "seattle-weather", "--learn-where", "date < 2014-01-01", "--save-suite", suite);
  assert.equal(drift.code, 3, drift.stderr);
  assert.match(drift.stdout, /^Suite 'learned from seattle-weather' on seattle-weather \(730 rows\): FAILED, 16 of 19 expectations hold\./);
  // 2014-2015's hottest days: 35.6 and 35 (°C) are above 2012-2013's maximum; -1.6 below its minimum.
  const reference = tableToArrays(await loadColumns("seattle-weather", { where: { date: { lt: "2014-01-01" } } }));
  const refMax = Math.max(...(reference.temp_max as number[]));
  assert.match(drift.stdout, new RegExp(`^FAIL\\s+expectColumnValuesToBeBetween\\(column="temp_max", min=-1\\.1, max=${refMax}\\).*3 \\(0\\.4%\\)`, "m"));
  const saved = JSON.parse(fs.readFileSync(suite, "utf8"));
  assert.equal(saved.expectations.length, 19);
  const same = labops("validate", "--dataset", "seattle-weather", "--where", "date < 2014-01-01", "--suite", suite, "--json");
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(JSON.parse(same.stdout).statistics, { evaluated: 19, successful: 19, unsuccessful: 0, successShare: 1 });
  const failedJson = JSON.parse(labops("validate", "--dataset", "seattle-weather", "--suite", suite, "--json").stdout);
  assert.equal(failedJson.success, false);
});

test("validate logs its report on --run-id; wrong calls exit 2 naming the option", async () => {
  const client = new LabopsClient(store);
  const run = await client.createRun("0", { runName: "gate" });
  const r = labops("validate", "--dataset", "penguins", "--learn-from", "penguins", "--run-id", run.info.runId);
  assert.equal(r.code, 0, r.stderr);
  const tags = (await client.getRun(run.info.runId)).data.tags;
  assert.equal(tags["labops.validation.learned_from_penguins.success"], "true");
  assert.deepEqual((await client.listArtifacts(run.info.runId, "validation")).map((f) => f.path), ["validation/learned_from_penguins.json"]);
  const suite = path.join(dir, "never.json");
  const noRun = labops("validate", "--dataset", "penguins", "--learn-from", "penguins", "--run-id", "0123456789abcdef0123456789abcdef", "--save-suite", suite);
  assert.equal(noRun.code, 1);
  assert.match(noRun.stderr, /0123456789abcdef0123456789abcdef/);
  assert.equal(fs.existsSync(suite), false, "a failed validate writes no suite");
  for (const [args, message] of [
    [["validate", "--dataset", "penguins"], /give --suite FILE or --learn-from FILE\|NAME/],
    [["validate", "--dataset", "penguins", "--data", "x.csv", "--suite", "s.json"], /give --data FILE or --dataset NAME, not both/],
    [["validate", "--dataset", "penguins", "--learn-from", "penguins", "--where", "Sex ~ MALE"], /--where takes COLUMN OP VALUE .* got 'Sex ~ MALE'/],
  ] as const) {
    const bad = labops(...args);
    assert.equal(bad.code, 2, bad.stdout);
    assert.match(bad.stderr, message);
  }
});

test("features fit: the saved pipeline gives the same features as fitting through the library", async () => {
  const spec = { steps: [{ type: "numeric", columns: ["temp_max", "wind"], scale: "standard" }, { type: "oneHot", columns: ["weather"] }] } as const;
  const specFile = path.join(dir, "spec.json");
  fs.writeFileSync(specFile, JSON.stringify(spec));
  const out = path.join(dir, "pipeline.json");
  const r = labops("features", "fit", "--dataset", "seattle-weather", "--where", "date < 2015-01-01", "--spec", specFile, "--output", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Fitted on 1096 rows of seattle-weather: 2 steps -> 7 features\./);
  assert.match(r.stdout, /^oneHot\s+weather\s+5\s+weather_drizzle, weather_fog, weather_rain, weather_snow, weather_sun$/m);
  const table = await loadColumns("seattle-weather", { where: { date: { lt: "2015-01-01" } } });
  const expected = fitPipeline(spec as never, table).transform(table);
  const saved = FeaturePipeline.fromJSON(fs.readFileSync(out, "utf8")).transform(table);
  assert.deepEqual(saved.featureNames, expected.featureNames);
  assert.deepEqual(Array.from(saved.values), Array.from(expected.values));
  const bad = labops("features", "fit", "--dataset", "seattle-weather", "--spec", '{"steps": [{"type": "nope", "columns": ["wind"]}]}');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /type 'nope' is not one of numeric/);
});

test("collect: counts per filter, the snapshot's digest, and the input logged on a new run in the experiment", async () => {
  const now = Date.parse("2024-03-11T00:00:00Z"), from = now - 4 * 86_400_000;
  let left = records.filter((r) => Date.parse(r.time) >= from && Date.parse(r.time) <= now);
  const outside = records.length - left.length;
  const low = left.filter((r) => r.confidence < 0.7).length;
  left = left.filter((r) => r.confidence >= 0.7);
  const unlabeled = left.filter((r) => r.label === null).length;
  left = left.filter((r) => r.label !== null);
  const otherVariant = left.filter((r) => r.variant !== "B").length;
  left = left.filter((r) => r.variant === "B");
  assert.ok(outside > 0 && low > 0 && unlabeled > 0 && otherVariant > 0 && left.length > 10, "every filter drops something");

  const snapshot = path.join(dir, "snap.jsonl");
  const args = ["collect", "--log", log, "--days", "4", "--now", "2024-03-11", "--min-confidence", "0.7", "--require-label", "--variant", "B", "--output", snapshot, "--experiment", "collected"];
  const r = labops(...args);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Collected ${left.length} of ${records.length} predictions as 'snap'\\.`));
  assert.match(r.stdout, new RegExp(`^outside window 2024-03-07 \\.\\. 2024-03-11\\s+${outside}\\s+${records.length - outside}$`, "m"));
  assert.match(r.stdout, new RegExp(`^low confidence\\s+${low}\\s`, "m"));
  assert.match(r.stdout, new RegExp(`^unlabeled\\s+${unlabeled}\\s`, "m"));
  assert.match(r.stdout, new RegExp(`^other variant or model\\s+${otherVariant}\\s+${left.length}$`, "m"));
  const digest = `sha256:${crypto.createHash("sha256").update(fs.readFileSync(snapshot)).digest("hex")}`;
  assert.match(r.stdout, new RegExp(`^digest:\\s+${digest}$`, "m"));
  const lines = fs.readFileSync(snapshot, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.unitId), left.map((x) => x.unitId));

  const client = new LabopsClient(store);
  const exp = await client.getExperimentByName("collected");
  const runs = (await client.searchRuns([exp!.experimentId])).runs;
  assert.deepEqual(runs.map((x) => [x.info.runName, x.info.status]), [["collect snap", "FINISHED"]]);
  const input = JSON.parse(runs[0]!.data.tags["labops.input.snap"]!);
  assert.equal(input.digest, digest);
  assert.equal(input.profile.numRows, left.length);
  assert.deepEqual((await client.listArtifacts(runs[0]!.info.runId, "inputs/snap")).map((f) => f.path), ["inputs/snap/snap.jsonl"]);
  assert.equal(JSON.parse(labops(...args.slice(0, -2), "--json").stdout).digest, digest, "same data, same digest");
});

test("collect with too few rows: exit 1, one line, no snapshot, no run", async () => {
  const client = new LabopsClient(store);
  const before = (await client.searchRuns(["0"])).runs.length;
  const snapshot = path.join(dir, "few.jsonl");
  const r = labops("collect", "--log", log, "--days", "1", "--now", "2024-03-11", "--min-samples", "1000", "--output", snapshot);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^labops: Only \d+ predictions pass the filters; at least 1000 are needed/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.equal(fs.existsSync(snapshot), false);
  assert.equal((await client.searchRuns(["0"])).runs.length, before);
  const badLog = labops("collect", "--log", path.join(dir, "missing.jsonl"));
  assert.equal(badLog.code, 1);
  assert.match(badLog.stderr, /No prediction log '.*missing\.jsonl'/);
});
