// `labops train` spawned as a user runs it (real datasets and files: --json fields, a registered version whose
// models:/ URI loads back with the predictions the library gives, one stderr line and no run for bad input), and
// `%train` through a NotebookSession (one live curves output updated in place, then the result card).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { NotebookSession } from "../../kernel-ext/session";
import * as labops from "../../src";
import { tableToRecords } from "../../src/data/column-table";
import { datasetFile, loadColumns } from "../../src/data/datasets";
import { initEngine, loadTrainedModel, trainJob } from "../../src/engine";
import type { DisplaySink } from "../../widgets/display-sink";
import { setDisplaySink } from "../../widgets/display-sink";
import type { MimeBundle } from "../../widgets/mime-bundle";
import { runNode } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const env = { LABOPS_HOME: tempDir(), LABOPS_DEBUG: "", LABOPS_BACKEND: "wasm" };
const train = (store: string, args: string[]) => runNode(cli, ["--tracking-uri", store, "train", ...args], env);
const FAST = ["--epochs", "30", "--learning-rate", "0.01", "--batch-size", "32", "--seed", "5"];

before(async () => { await initEngine({ backend: "wasm" }); });

async function allRuns(store: string): Promise<labops.Run[]> {
  const client = new labops.LabopsClient(store);
  const experiments = (await client.searchExperiments({ viewType: "ALL" })).experiments;
  if (!experiments.length) return [];
  return (await client.searchRuns(experiments.map((e) => e.experimentId), { runViewType: "ALL" })).runs;
}

test("--dataset --json --register: the fields, a finished run, and a models:/ version that predicts as the library does", async () => {
  const store = path.join(tempDir(), "store");
  const r = await train(store, ["--dataset", "penguins", "--target", "Species", ...FAST, "--experiment", "penguins", "--register", "penguin-species", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.runId, /^[0-9a-f]{32}$/);
  assert.equal(out.modelUri, `runs:/${out.runId}/model`);
  assert.equal(out.registeredModelUri, "models:/penguin-species/1");
  assert.deepEqual(out.registeredModel, { name: "penguin-species", version: 1 });
  assert.equal(out.model, "mlp");
  assert.equal(out.task, "multiclass");
  assert.equal(out.backend, "wasm");
  assert.deepEqual(out.rows, { train: 275, validation: 69 });
  assert.deepEqual(Object.keys(out.metrics), ["loss", "accuracy"]);
  assert.ok(out.metrics.accuracy > 0.9, `accuracy ${out.metrics.accuracy}`);
  assert.ok(out.epochs >= 1 && out.epochs <= 30 && out.bestEpoch <= out.epochs);
  // The progress bar went to stderr (a line per tenth in a log), stdout is the JSON alone.
  assert.match(r.stderr, /^train Species +\d+% \|[█░]+\| \d+\/30 .*val_loss=/m);

  labops.setTrackingUri(store);
  const run = await labops.getClient().getRun(out.runId);
  assert.equal(run.info.status, "FINISHED");
  assert.equal((await labops.getClient().getExperiment(run.info.experimentId)).name, "penguins");
  assert.equal(run.data.metrics["val_accuracy"], out.metrics.accuracy);
  const version = await labops.loadModel("models:/penguin-species/1");
  const registered = await loadTrainedModel(version.path);
  // The same job in this process (same seed, same backend) makes the same model: the registered copy predicts identically.
  const here = await trainJob({ dataset: "penguins", target: "Species", epochs: 30, learningRate: 0.01, batchSize: 32, seed: 5, experimentName: "library" });
  const records = tableToRecords(await loadColumns("penguins"));
  assert.deepEqual(Buffer.from(registered.predictProba(records).buffer), Buffer.from(here.model.predictProba(records).buffer));
  assert.deepEqual(registered.predict(records), here.model.predict(records));
  registered.dispose(); here.model.dispose();
});

test("--data FILE, linear, text output: the metrics table, the run and the model URI", async () => {
  const store = path.join(tempDir(), "store");
  const r = await train(store, ["--data", datasetFile("seattle-weather"), "--target", "weather", "--model", "linear", "--epochs", "5", "--learning-rate", "0.05"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Trained linear on '.*seattle-weather\.csv' -> weather: accuracy 0\.\d+/);
  assert.match(r.stdout, /^METRIC +VALUE$/m);
  assert.match(r.stdout, /^accuracy +0\.\d+$/m);
  const runId = /^run +([0-9a-f]{32})$/m.exec(r.stdout)?.[1];
  assert.ok(runId, r.stdout);
  assert.match(r.stdout, new RegExp(`^model URI +runs:/${runId}/model$`, "m"));
  assert.match(r.stdout, /^model +linear \(multiclass\) on \d+ features$/m);
  assert.doesNotMatch(r.stdout, /registered/);
  const runs = await allRuns(store);
  assert.deepEqual(runs.map((x) => [x.info.runId, x.info.status, x.data.params["model_type"]]), [[runId, "FINISHED", "linear"]]);
});

test("bad input: one line on stderr, a non-zero exit, and no experiment or run", async () => {
  const dir = tempDir();
  const store = path.join(dir, "store");
  const penguins = tableToRecords(await loadColumns("penguins"));
  const csv = (file: string, rows: Record<string, unknown>[]) => {
    const cols = Object.keys(rows[0]!);
    fs.writeFileSync(path.join(dir, file), [cols.join(","), ...rows.map((row) => cols.map((c) => (row[c] instanceof Date ? (row[c] as Date).toISOString().slice(0, 10) : row[c] ?? "")).join(","))].join("\n"));
    return path.join(dir, file);
  };
  const weather = tableToRecords(await loadColumns("seattle-weather")).filter((w) => w["weather"] === "rain" || w["weather"] === "sun").slice(0, 200);
  const cases: [string[], RegExp, number][] = [
    [["--dataset", "penguins", "--target", "species"], /No target column 'species' in dataset 'penguins'; its columns are: Species/, 1],
    [["--data", csv("constant.csv", weather.map((w) => ({ ...w, station: "SEA" }))), "--target", "station"], /Target column 'station' is constant \(every row is "SEA"\)/, 1],
    [["--data", csv("one.csv", penguins.filter((p) => p["Sex"] !== null)), "--target", "Sex"], /Class "\." of target 'Sex' has only 1 example/, 1],
    [["--data", csv("nan.csv", weather.map((w, i) => ({ ...w, date: i === 7 ? null : w["date"] }))), "--target", "weather"], /Feature 'date_dayOfYear_sin' is NaN after the feature pipeline at row 8 of/, 1],
    [["--dataset", "penguins", "--target", "Species", "--model", "forest"], /--model must be mlp or linear, got 'forest'/, 2],
    [["--dataset", "penguins", "--target", "Species", "--register", "a/b"], /Invalid model name "a\/b"/, 1],
    [["--dataset", "no-such", "--target", "y"], /No dataset 'no-such'/, 1],
    [["--target", "Species"], /give --dataset NAME or --data FILE/, 2],
    [["--dataset", "penguins", "--target", "Species", "--epochs", "0"], /--epochs must be a positive integer, got 0/, 2],
  ];
  for (const [args, pattern, code] of cases) {
    const r = await train(store, [...args, "--experiment", "never"]);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.equal(await new labops.LabopsClient(store).getExperimentByName("never"), null);
  assert.deepEqual(await allRuns(store), []);
});

test("%train in a notebook: one output of live curves updated in place (its last update with the SVG), then the result card", async () => {
  const dir = tempDir();
  const session = new NotebookSession(dir);
  const calls: { kind: string; bundle: MimeBundle; id?: string }[] = [];
  const sink: DisplaySink = { display: (bundle, id) => void calls.push({ kind: "display", bundle, id }), update: (bundle, id) => void calls.push({ kind: "update", bundle, id }), clear() {} };
  try {
    await session.start();
    const setup = await session.execute(`labops.setTrackingUri(${JSON.stringify(path.join(dir, "store"))});`);
    assert.ok(setup.ok, JSON.stringify(setup.error));
    setDisplaySink(sink);
    const r = await session.execute("%train --dataset penguins --target Species --epochs 12 --learning-rate 0.01 --batch-size 32 --register nb-species");
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(calls[0]!.kind, "display");
    assert.ok(calls.length >= 2 && calls.slice(1).every((c) => c.kind === "update" && c.id === calls[0]!.id), "one output, updated in place");
    assert.ok(calls.every((c) => c.bundle["text/html"] === undefined), "no HTML beside the chart (JupyterLab would show it instead)");
    const last = calls.at(-1)!.bundle;
    assert.match(last["text/plain"], /^Trained \d+ epochs \(stopped by (epochs|early stopping)\); kept epoch \d+: loss /);
    const spec = last["application/vnd.vegalite.v5+json"] as { data: { values: { metric: string }[] } };
    assert.deepEqual([...new Set(spec.data.values.map((v) => v.metric))].sort(), ["accuracy", "loss"]);
    assert.match(String(last["image/svg+xml"]), /^<svg[\s\S]*validation/);
    const html = String(r.result?.["text/html"]);
    assert.match(html, /models:\/nb-species\/1/);
    assert.match(html, /<td[^>]*>accuracy<\/td>/);
    assert.match(String(r.result?.["text/plain"]), /^Trained mlp on dataset 'penguins' -> Species: accuracy 0?\.?\d/);

    // --json gives the data; a bad target is one error naming it, and no run.
    setDisplaySink(null);
    const json = await session.execute("const t = %train --dataset penguins --target Species --model linear --epochs 3 --json\n[t.model, t.task, t.epochs, t.registeredModelUri]");
    assert.ok(json.ok, JSON.stringify(json.error));
    assert.equal(json.result?.["text/plain"], "[ 'linear', 'multiclass', 3, null ]");
    const bad = await session.execute("%train --dataset penguins --target Specie");
    assert.equal(bad.ok, false);
    assert.match(bad.error!.evalue, /No target column 'Specie' in dataset 'penguins'/);
    assert.equal((await allRuns(path.join(dir, "store"))).length, 2);
  } finally {
    setDisplaySink(null);
    session.close();
  }
});

