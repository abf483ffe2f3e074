// The labops CLI as a user runs it: tables, --json, and one clear line with exit 1 or 2 on mistakes.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { LabopsClient } from "../../src";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let store: string;
let runA: string;
let runB: string;

function labops(...args: string[]) {
  return runNodeSync(cli, args, { env: { LABOPS_TRACKING_URI: store } });
}

function storeFiles(): string {
  const files: string[] = [];
  for (const e of fs.readdirSync(store, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.push(`${path.join(e.parentPath, e.name)}:${fs.statSync(path.join(e.parentPath, e.name)).size}`);
  }
  return files.sort().join("\n");
}

before(async () => {
  store = path.join(tempDir(), "store");
  const client = new LabopsClient(store);
  const exp = await client.createExperiment("cli-exp");
  for (const [name, accs, model] of [["alpha", [0.6, 0.7, 0.8], "mlp"], ["beta", [0.7, 0.8, 0.9], "tree"]] as const) {
    const run = await client.createRun(exp, { runName: name, startTime: name === "alpha" ? 1000 : 2000 });
    await client.logBatch(run.info.runId, {
      params: [{ key: "model", value: model }, { key: "seed", value: "1" }],
      metrics: accs.map((value, step) => ({ key: "acc", value, step, timestamp: 1_700_000_000_000 + step })),
    });
    await client.setTerminated(run.info.runId, "FINISHED", name === "alpha" ? 61_000 : 2500);
    if (name === "alpha") runA = run.info.runId;
    else runB = run.info.runId;
  }
});

test("experiments list shows a table, and JSON with --json", () => {
  const r = labops("experiments", "list");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID\s+NAME\s+STAGE\s+CREATED/m);
  assert.match(r.stdout, /^\s*1\s+cli-exp\s+active/m);
  const json = JSON.parse(labops("experiments", "list", "--json").stdout);
  assert.deepEqual(json.map((e: { name: string }) => e.name), ["Default", "cli-exp"]);
});

test("runs list: newest first with latest metrics; filter, order-by and max", () => {
  const r = labops("runs", "list", "--experiment", "cli-exp");
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0]!, /RUN ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+DURATION\s+acc/);
  assert.match(lines[2]!, new RegExp(`^${runB}\\s+beta\\s+cli-exp\\s+FINISHED\\s+1970-01-01 00:00:02\\s+0\\.5s\\s+0\\.9$`));
  assert.match(lines[3]!, new RegExp(`^${runA}\\s+alpha\\s+cli-exp\\s+FINISHED\\s+1970-01-01 00:00:01\\s+1m00s\\s+0\\.8$`));
  const filtered = JSON.parse(labops("runs", "list", "--filter", "metrics.acc < 0.85 AND params.model = 'mlp'", "--json").stdout);
  assert.deepEqual(filtered.map((x: { info: { runId: string } }) => x.info.runId), [runA]);
  const ordered = JSON.parse(labops("runs", "list", "--order-by", "metrics.acc ASC", "--max", "1", "--json").stdout);
  assert.deepEqual(ordered.map((x: { info: { runName: string } }) => x.info.runName), ["alpha"]);
});

test("runs show, runs metrics and runs compare", () => {
  const show = labops("runs", "show", runA);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /Params\nKEY\s+VALUE\n-+\s+-+\nmodel\s+mlp\nseed\s+1/);
  assert.match(show.stdout, /Metrics \(latest\)\nKEY\s+VALUE\s+STEP\s+TIME\n.*\nacc\s+0\.8\s+2\s+2023-11-14 22:13:20/);
  assert.equal(JSON.parse(labops("runs", "show", runA, "--json").stdout).data.params.model, "mlp");

  const metrics = labops("runs", "metrics", runA, "acc");
  assert.equal(metrics.code, 0, metrics.stderr);
  assert.deepEqual(metrics.stdout.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/).slice(0, 2)), [["0", "0.6"], ["1", "0.7"], ["2", "0.8"]]);
  assert.deepEqual(JSON.parse(labops("runs", "metrics", runA, "acc", "--json").stdout).map((m: { value: number }) => m.value), [0.6, 0.7, 0.8]);

  const cmp = labops("runs", "compare", runA, runB);
  assert.equal(cmp.code, 0, cmp.stderr);
  assert.match(cmp.stdout, /^\* params\.model\s+mlp\s+tree$/m);
  assert.match(cmp.stdout, /^ {2}params\.seed\s+1\s+1$/m);
  assert.match(cmp.stdout, /^ {2}metrics\.acc\s+0\.8\s+0\.9$/m);
});

test("runs delete and restore", () => {
  assert.equal(labops("runs", "delete", runB).code, 0);
  assert.deepEqual(JSON.parse(labops("runs", "list", "--json").stdout).map((x: { info: { runId: string } }) => x.info.runId), [runA]);
  assert.deepEqual(JSON.parse(labops("runs", "list", "--view", "deleted", "--json").stdout).map((x: { info: { runId: string } }) => x.info.runId), [runB]);
  assert.equal(labops("runs", "restore", runB).code, 0);
  assert.equal(JSON.parse(labops("runs", "list", "--json").stdout).length, 2);
});

test("mistakes: one clear line on stderr, exit 1 (failed) or 2 (usage), and nothing written", () => {
  const before = storeFiles();
  const cases: [string[], number, RegExp][] = [
    [["runs", "show", "0123456789abcdef0123456789abcdef"], 1, /Run with id=0123456789abcdef0123456789abcdef not found/],
    [["runs", "delete", "0123456789abcdef0123456789abcdef"], 1, /not found/],
    [["runs", "list", "--filter", "metrics.acc >> 0.9"], 1, /Invalid filter "metrics.acc >> 0.9" at column 14/],
    [["runs", "list", "--experiment", "nope"], 1, /No experiment named 'nope'/],
    [["runs", "metrics", runA, "loss"], 1, /has no metric 'loss'. Its metrics: acc/],
    [["runs", "list", "--max", "many"], 2, /--max takes a number, got 'many'/],
    [["runs", "list", "--filtr", "x"], 2, /unknown option --filtr\. Did you mean --filter\?/],
    [["runs", "show"], 2, /missing RUN_ID/],
    [["runs", "compare", runA], 2, /two or more/],
    [["runs", "frobnicate"], 2, /unknown command 'runs frobnicate'/],
    [["nonsense"], 2, /unknown command 'nonsense'/],
  ];
  for (const [args, code, message] of cases) {
    const r = labops(...args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "", args.join(" "));
    assert.match(r.stderr, message, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line for ${args.join(" ")}: ${r.stderr}`);
  }
  assert.equal(storeFiles(), before);
});

test("runs list --view deleted shows the runs of deleted experiments too", async () => {
  const client = new LabopsClient(store);
  const exp = await client.createExperiment("doomed");
  const run = await client.createRun(exp, { runName: "doomed-run" });
  await client.deleteExperiment(exp);
  const deleted = JSON.parse(labops("runs", "list", "--view", "deleted", "--json").stdout).map((r: { info: { runId: string } }) => r.info.runId);
  assert.ok(deleted.includes(run.info.runId), JSON.stringify(deleted));
  assert.ok(!JSON.parse(labops("runs", "list", "--json").stdout).some((r: { info: { runId: string } }) => r.info.runId === run.info.runId));
});

test("help lists the commands; a command's --help lists its options", () => {
  const all = labops("--help");
  assert.equal(all.code, 0);
  for (const c of ["experiments list", "runs list", "runs show", "runs metrics", "runs delete", "runs restore", "runs compare"]) {
    assert.ok(all.stdout.includes(c), c);
  }
  const one = labops("runs", "list", "--help");
  assert.match(one.stdout, /--filter EXPR/);
  assert.match(one.stdout, /--order-by EXPR\s+.*\(repeatable\)/);
});

test("reading a store that does not exist creates nothing", () => {
  const missing = path.join(tempDir(), "nothing-here");
  const r = runNodeSync(cli, ["runs", "list"], { env: { LABOPS_TRACKING_URI: missing } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "No runs match.");
  const bad = runNodeSync(cli, ["runs", "list", "--filter", "metrics.x ~ 1"], { env: { LABOPS_TRACKING_URI: missing } });
  assert.equal(bad.code, 1, "a bad filter is reported even with nothing to search");
  assert.match(bad.stderr, /Invalid filter "metrics.x ~ 1" at column 11/);
  assert.equal(fs.existsSync(missing), false);
});
