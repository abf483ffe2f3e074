// `labops serve` and `labops ab ...` as a user runs them: a rollout started, traffic served by the child process,
// checked, expanded, refused when the gates fail (changing nothing), promoted and rolled back.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { before, test } from "node:test";
import { ModelRegistryClient } from "../../src/registry/registry-client";
import { demoRainTraffic, trainDemoRainModel } from "../../src/serving";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let dir: string;
let store: string;
let log: string;
let outcomes: string;
const traffic = demoRainTraffic(3000);

const labops = (...args: string[]) => runNodeSync(cli, args, { env: { LABOPS_TRACKING_URI: store } });
const rolloutFile = () => path.join(store, "registry", "rollouts", "rain.json");

async function aliases(): Promise<Record<string, number>> {
  const registry = new ModelRegistryClient({ tracking: store });
  try {
    return (await registry.store.getRegisteredModel("rain")).aliases;
  } finally {
    await registry.close();
  }
}

before(async () => {
  dir = tempDir();
  store = path.join(dir, "store");
  log = path.join(dir, "predictions.jsonl");
  outcomes = path.join(dir, "outcomes.jsonl");
  const registry = new ModelRegistryClient({ tracking: store });
  for (const epochs of [3, 300]) await registry.registerModel({ name: "rain", modelPath: trainDemoRainModel(path.join(dir, `m${epochs}`), { epochs }).dir });
  await registry.promote("rain", 1, { alias: "champion" });
  await registry.close();
});

test("ab status and ab start refuse mistakes with one line and change nothing", () => {
  const none = labops("ab", "status", "--model", "rain");
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no rollout for model 'rain'/);
  const missing = labops("ab", "start", "--model", "rain");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--challenger/);
  const unknown = labops("ab", "start", "--model", "rain", "--challenger", "9");
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.trim().split("\n").length, 1);
  const same = labops("ab", "start", "--model", "rain", "--challenger", "1");
  assert.equal(same.code, 2);
  assert.match(same.stderr, /already rain's champion/);
  assert.equal(fs.existsSync(rolloutFile()), false);
  const noModel = labops("serve", "--model", "nosuch", "--port", "0");
  assert.equal(noModel.code, 1);
  assert.match(noModel.stderr, /nosuch/);
  assert.equal(labops("serve", "--model", "rain", "--port", "70000").code, 2);
});

test("ab start sets the challenger alias and a rollout at 10%", async () => {
  const r = labops("ab", "start", "--model", "rain", "--challenger", "2", "--min-stage-hours", "0", "--min-samples", "100", "--json");
  assert.equal(r.code, 0, r.stderr);
  const state = JSON.parse(r.stdout);
  assert.deepEqual([state.status, state.share, state.champion, state.challenger], ["running", 0.1, "1", "2"]);
  assert.equal((await aliases()).challenger, 2);
  assert.equal(labops("ab", "start", "--model", "rain", "--challenger", "2").code, 1, "a second start while one runs");
});

test("labops serve routes about 10% of units to the challenger and logs every prediction", async () => {
  const child = spawn(process.execPath, [cli, "serve", "--model", "rain", "--port", "0", "--log", log], { env: { ...process.env, LABOPS_TRACKING_URI: store }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const first: string = await new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  assert.match(first, /champion version 1, challenger version 2 at 10% on http:\/\/127\.0\.0\.1:\d+/);
  const url = /(http:\S+)/.exec(first)![1]!;
  for (let i = 0; i < traffic.length; i += 250) {
    const res = await fetch(`${url}/predict`, { method: "POST", body: JSON.stringify({ instances: traffic.slice(i, i + 250).map(({ unit, features }) => ({ unit, features })) }) });
    assert.equal(res.status, 200);
  }
  const bad = await fetch(`${url}/predict`, { method: "POST", body: JSON.stringify({ unit: "x", features: { temp_max: 1 } }) });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { message: string }).message, /features\.temp_min/);
  const health = (await (await fetch(`${url}/health`)).json()) as { rollout: unknown };
  assert.deepEqual(health.rollout, { challenger: 2, share: 0.1 });
  const stopped = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.kill("SIGTERM");
  assert.equal(await stopped, 0, stderr);
  assert.match(out, /stopped after 3000 predictions/);
  const lines = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 3000);
  const share = lines.filter((l) => l.variant === "challenger").length / lines.length;
  assert.ok(Math.abs(share - 0.1) < 0.025, `challenger share ${share}`); // sd 0.0055: a 4.5-sd band
  fs.writeFileSync(outcomes, traffic.map((t) => JSON.stringify({ unitId: t.unit, label: t.label })).join("\n") + "\n");
});

test("ab check prints the metric table, SRM and the recommendation; ab expand moves to 25%", async () => {
  const check = labops("ab", "check", "--model", "rain", "--log", log, "--outcomes", outcomes);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stdout, /^accuracy +goal/m);
  assert.match(check.stdout, /SRM: ok/);
  assert.match(check.stdout, /Rollout: expand to 25%/);
  const json = JSON.parse(labops("ab", "check", "--model", "rain", "--log", log, "--outcomes", outcomes, "--metric", "accuracy", "--metric", "log_loss", "--json").stdout);
  assert.deepEqual(json.analysis.metrics.map((m: { name: string }) => m.name), ["accuracy", "log_loss"]);
  const n = json.analysis.metrics[0].control.n + json.analysis.metrics[0].treatment.n;
  assert.equal(n, 3000);
  assert.equal(JSON.parse(fs.readFileSync(rolloutFile(), "utf8")).share, 0.1, "check changes nothing");
  const bad = labops("ab", "check", "--model", "rain", "--log", log, "--metric", "speed");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--metric 'speed'/);
  const expand = labops("ab", "expand", "--model", "rain", "--log", log, "--outcomes", outcomes);
  assert.equal(expand.code, 0, expand.stderr);
  assert.match(expand.stdout, /now serves 25% of traffic/);
  assert.equal(JSON.parse(fs.readFileSync(rolloutFile(), "utf8")).share, 0.25);
  // The same 10% log against a 25% plan is a sample-ratio mismatch: expand refuses and changes nothing.
  const before = fs.readFileSync(rolloutFile(), "utf8");
  const again = labops("ab", "expand", "--model", "rain", "--log", log, "--outcomes", outcomes);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /sample ratio mismatch/);
  assert.equal(fs.readFileSync(rolloutFile(), "utf8"), before);
});

test("ab promote moves the champion alias; ab rollback restores it; ab status shows the timeline", async () => {
  const promote = labops("ab", "promote", "--model", "rain", "--reason", "accuracy held at 25%");
  assert.equal(promote.code, 0, promote.stderr);
  assert.equal((await aliases()).champion, 2);
  const history = labops("models", "history", "rain", "--json");
  assert.match(history.stdout, /accuracy held at 25%/);
  const rollback = labops("ab", "rollback", "--model", "rain", "--reason", "complaints");
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.equal((await aliases()).champion, 1);
  const status = labops("ab", "status", "--model", "rain", "--json");
  const state = JSON.parse(status.stdout);
  assert.equal(state.status, "rolled_back");
  assert.deepEqual(state.audit.map((a: { action: string }) => a.action), ["start", "expand", "promote", "rollback"]);
  const text = labops("ab", "status", "--model", "rain").stdout;
  assert.match(text, /rolled_back/);
  assert.match(text, /expand +10% -> 25%/);
  assert.equal(labops("ab", "rollback", "--model", "rain").code, 1, "rolled back twice");
});
