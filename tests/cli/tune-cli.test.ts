// `labops tune`: trials as child runs, --json and the table, --space files, --register, mistakes as one line
// with exit 2 (usage) or 1 (failed, nothing created), and interrupts: a first SIGINT fails the running trial as
// interrupted; a killed CLI leaves no worker process behind.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileTrackingStore, LabopsClient } from "../../src";
import { loadStudy, TUNE_TAGS } from "../../src/tune";
import { runNode, runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const env = { LABOPS_HOME: tempDir(), LABOPS_DEBUG: "" };
const tune = (store: string, args: string[]) => runNode(cli, ["--tracking-uri", store, "tune", ...args], env);
const client = (store: string) => new LabopsClient(new FileTrackingStore(store));

function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("labops tune --json: trials are child runs of the study run, the best is the minimum, --register makes version 1", async () => {
  const store = path.join(tempDir(), "store");
  const r = await tune(store, ["--dataset", "penguins", "--target", "Species", "--trials", "4", "--epochs", "3", "--study", "pen", "--register", "penguins", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.studyName, "pen");
  assert.equal(out.trials.length, 4);
  assert.deepEqual(out.counts, { complete: out.trials.filter((t: { state: string }) => t.state === "COMPLETE").length, pruned: out.trials.filter((t: { state: string }) => t.state === "PRUNED").length, failed: 0 });
  const complete = out.trials.filter((t: { state: string }) => t.state === "COMPLETE");
  const best = complete.reduce((a: { value: number }, b: { value: number }) => (b.value < a.value ? b : a));
  assert.equal(out.bestTrial.number, best.number);
  assert.equal(out.bestTrial.value, best.value);
  assert.deepEqual(out.bestTrial.params, best.params);
  assert.deepEqual(Object.keys(best.params), ["layers", "hiddenUnits", "learningRate", "l2", "dropout", "batchSize"]);
  assert.equal(out.registeredModelUri, "models:/penguins/1");
  assert.equal(out.bestModelUri, `runs:/${best.runId}/model`);
  // The progress bar went to stderr (stdout is the JSON), a line per tenth in a log.
  assert.match(r.stderr, /Tuning pen 100% \|█+\| 4\/4 .*complete=\d+ pruned=\d+ failed=0 best=/);
  const c = client(store);
  const { runs } = await c.searchRuns(["0"], { filterString: `tags.\`mlflow.parentRunId\` = '${out.studyRunId}'` });
  assert.deepEqual(runs.map((x) => x.info.runId).sort(), out.trials.map((t: { runId: string }) => t.runId).sort());
  assert.ok(runs.every((x) => x.data.params.model_type === "mlp" && x.data.tags[TUNE_TAGS.state] !== undefined));
  // The registered version loads by its models:/ URI through the CLI.
  const shown = runNodeSync(cli, ["--tracking-uri", store, "models", "show", "penguins", "--json"], { env });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(best.runId));
});

test("--data FILE with a linear model and a YAML --space: the table names each trial's params", async () => {
  const dir = tempDir();
  const space = path.join(dir, "space.yaml");
  fs.writeFileSync(space, "learningRate:\n  low: 0.01\n  high: 0.3\n  log: true\nl2: [0.0001, 0.001]\nbatchSize: 64\n".replace("l2: [0.0001, 0.001]", "l2:\n  choices: [0.0001, 0.001]"));
  const r = await tune(path.join(dir, "store"), ["--data", path.join(repoRoot, "datasets/seattle-weather.csv"), "--target", "weather", "--model", "linear", "--space", space, "--trials", "3", "--epochs", "2", "--pruner", "none", "--sampler", "random"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Study 'study-[\w-]+' \(run \w+\): 3 trials, 3 complete, 0 pruned, 0 failed, in [\d.]+ s\.$/m);
  assert.match(r.stdout, /^Best trial \d: val_loss [\d.]+ with learningRate=[\d.]+, l2=0\.000?1\.$/m);
  assert.match(r.stdout, /^TRIAL  STATE +VAL_LOSS +learningRate +l2 +NOTE$/m);
  assert.equal(r.stdout.match(/^ +\d  COMPLETE /gm)?.length, 3);
  // The fixed batch size is no search parameter, but every trial trained with it.
  const c = client(path.join(dir, "store"));
  const { runs } = await c.searchRuns(["0"], { filterString: `tags.\`${TUNE_TAGS.state}\` = 'COMPLETE'` });
  assert.deepEqual(runs.map((x) => [x.data.params.batch_size, x.data.params.model_type]), [["64", "linear"], ["64", "linear"], ["64", "linear"]]);
});

test("mistakes: usage errors exit 2, bad values exit 1 with one line naming them, and nothing is created", async () => {
  const dir = tempDir();
  const store = path.join(dir, "store");
  const once = async (args: string[], code: number, re: RegExp) => {
    const r = await tune(store, args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    if (code === 1) assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, re);
  };
  await once(["--target", "Species", "--trials", "2"], 2, /give --dataset NAME or --data FILE/);
  await once(["--dataset", "penguins", "--target", "Species", "--trials", "2", "--model", "tree"], 2, /--model must be mlp or linear, got 'tree'/);
  await once(["--dataset", "penguins", "--target", "Species"], 2, /give --trials N, --timeout S or both/);
  await once(["--dataset", "penguins", "--target", "species", "--trials", "2"], 1, /^labops: No target column 'species' in dataset 'penguins'/);
  const bad = path.join(dir, "bad.json");
  fs.writeFileSync(bad, JSON.stringify({ learningRate: { low: 0.1, high: 0.001, log: true } }));
  await once(["--dataset", "penguins", "--target", "Species", "--trials", "2", "--space", bad], 1, /^labops: Search space .*bad\.json: 'learningRate': low \(0\.1\) is above high \(0\.001\); the range is inverted/);
  await once(["--dataset", "penguins", "--target", "Species", "--trials", "2", "--pruner", "asha"], 1, /Unknown pruner "asha"; use one of median, halving, hyperband, none/);
  await once(["--dataset", "penguins", "--target", "Species", "--trials", "2", "--jobs", "0"], 1, /jobs must be an integer >= 1, got 0/);
  const runs = runNodeSync(cli, ["--tracking-uri", store, "runs", "list", "--json"], { env });
  assert.deepEqual(JSON.parse(runs.stdout), [], "no study run, no trial run");
});

test("a first SIGINT stops the running trial at its epoch's end: it FAILs as interrupted and the CLI exits 1", async () => {
  const store = path.join(tempDir(), "store");
  const child = spawn(process.execPath, [cli, "--tracking-uri", store, "tune", "--dataset", "penguins", "--target", "Species", "--trials", "50", "--epochs", "300", "--pruner", "none", "--study", "int"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const c = client(store);
  // Interrupt once a trial has logged a few epochs.
  await waitFor("a training trial", async () => {
    const { runs } = await c.searchRuns(["0"], { filterString: `tags.\`${TUNE_TAGS.state}\` = 'RUNNING'` }).catch(() => ({ runs: [] }));
    return runs.length > 0 && (await c.getMetricHistory(runs[0]!.info.runId, "val_loss").catch(() => [])).length >= 2;
  });
  child.kill("SIGINT");
  assert.equal(await exit, 1);
  assert.match(stderr, /labops: Tuning of study 'int' was interrupted: \d+ complete, \d+ pruned, 1 failed trials are kept in run \w+\./);
  const study = await loadStudy({ studyName: "int", storage: c });
  const failed = study.trials.filter((t) => t.state === "FAIL");
  assert.equal(failed.length, 1);
  assert.match(failed[0]!.failReason!, /TuneInterrupted: Interrupted at epoch \d+ of trial \d+/);
  assert.ok(study.trials.length < 50 && study.trials.every((t) => t.state !== "RUNNING"));
});

test("--jobs 2, the CLI killed with SIGKILL: its workers stop, fail their trials, and exit (no orphans)", async () => {
  const store = path.join(tempDir(), "store");
  const child = spawn(process.execPath, [cli, "--tracking-uri", store, "tune", "--dataset", "penguins", "--target", "Species", "--trials", "40", "--epochs", "300", "--jobs", "2", "--pruner", "none", "--study", "killed"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const exit = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const c = client(store);
  await waitFor("two running trials", async () => {
    const { runs } = await c.searchRuns(["0"], { filterString: `tags.\`${TUNE_TAGS.state}\` = 'RUNNING'` }).catch(() => ({ runs: [] }));
    return runs.length >= 2;
  });
  const workers = childrenOf(child.pid!);
  assert.equal(workers.length, 2, "two worker processes");
  child.kill("SIGKILL");
  await exit;
  await waitFor("the workers to exit", () => workers.every((pid) => !alive(pid)), 20_000);
  const study = await loadStudy({ studyName: "killed", storage: c });
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"), study.trials.map((t) => `${t.number} ${t.state}`).join(", "));
  const failed = study.trials.filter((t) => t.state === "FAIL");
  assert.equal(failed.length, 2);
  for (const t of failed) assert.match(t.failReason!, /TuneInterrupted: Interrupted at epoch \d+ of trial \d+/);
});
