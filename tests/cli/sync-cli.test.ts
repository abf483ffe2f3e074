// `labops sync` and `%sync` against a REAL MLflow server: a dry run that changes nothing (server rows and files
// counted before and after), a sync killed mid-way and run again that ends as a single full sync does (read back
// by MLflow's Python client), a second sync that creates nothing, and one clear line for each mistake.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { NotebookSession } from "../../kernel-ext/session";
import { LabopsClient, ModelRegistryClient } from "../../src";
import { freePort, mlflowPython, peerPython, startMlflowServer, type MlflowServer } from "../helpers/mlflow-server";
import { runNode, runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const EXPERIMENTS = ["vision", "tabular"];
const RUNS_PER_EXPERIMENT = 10;
const POINTS = 300;
let server: MlflowServer;
let store: string;

const labops = (...args: string[]) => runNodeSync(cli, args, { env: { MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "0.05" } });

before(async () => {
  server = await startMlflowServer();
  store = path.join(tempDir(), "store");
  const local = new LabopsClient(store);
  for (const [e, name] of EXPERIMENTS.entries()) {
    const exp = await local.createExperiment(name, { tags: { team: `t${e}` } });
    for (let i = 0; i < RUNS_PER_EXPERIMENT; i++) {
      const run = await local.createRun(exp, { runName: `${name}-${i}`, startTime: 1_700_000_000_000 + i * 1000 });
      const metrics = ["loss", "acc"].flatMap((key) =>
        Array.from({ length: POINTS }, (_, s) => ({ key, value: key === "loss" ? 1 / (s + 1 + i) : s / POINTS, step: s, timestamp: 1_700_000_000_000 + s })),
      );
      await local.logBatch(run.info.runId, { metrics, params: [{ key: "i", value: String(i) }], tags: [{ key: "parity", value: i % 2 ? "odd" : "even" }] });
      await local.logText(run.info.runId, `${name} notes ${i}`, `notes/n${i}.txt`);
      await local.setTerminated(run.info.runId, i % 5 === 4 ? "FAILED" : "FINISHED", 1_700_000_100_000 + i);
    }
  }
  const modelDir = tempDir();
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[1,2]}');
  const registry = new ModelRegistryClient({ registry: store, tracking: local });
  await registry.registerModel({ name: "cli-model", modelPath: modelDir, description: "from the CLI test" });
  fs.writeFileSync(path.join(modelDir, "model.json"), '{"w":[3,4]}');
  await registry.registerModel({ name: "cli-model", modelPath: modelDir });
  await registry.promote("cli-model", 2, { alias: "champion" });
  await registry.promote("cli-model", 1, { stage: "Staging" });
  await registry.store.close();
  await local.close();
});
after(async () => server.stop());

const COUNT_SCRIPT = `
import sqlite3, sys, os, json
db, art = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, timeout=30)
rows = {t: c.execute(f'select count(*) from "{t}"').fetchone()[0] for (t,) in c.execute("select name from sqlite_master where type='table'") if t != "alembic_version"}
files = sorted(f"{os.path.relpath(os.path.join(d, n), art)}:{os.path.getsize(os.path.join(d, n))}" for d, _, ns in os.walk(art) for n in ns)
print(json.dumps({"rows": rows, "files": files}))
`;

/** Every table's row count and every artifact file of the server: what "changes nothing" is checked against. */
function serverObjects(): { rows: Record<string, number>; files: string[] } {
  const r = spawnSync(peerPython, ["-c", COUNT_SCRIPT, path.join(server.dir, "mlflow.db"), server.artifactsDir], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

interface Readback {
  runs: Record<string, Record<string, unknown>>;
  experiment: Record<string, unknown>;
  model?: Record<string, unknown>;
}

/** What MLflow's Python client reads back, without the server's own ids (they differ from one sync to another). */
function readAll(): Record<string, unknown> {
  const script = fs.readFileSync(path.join(repoRoot, "tests/mlflow/readback.py"), "utf8");
  const out: Record<string, unknown> = {};
  for (const [i, name] of EXPERIMENTS.entries()) {
    const back = mlflowPython<Readback>(script, [server.uri, name, ...(i === 0 ? ["cli-model"] : [])]);
    const { id: _id, ...experiment } = back.experiment;
    const runs = Object.fromEntries(Object.entries(back.runs).map(([src, { id: _rid, ...run }]) => [src, run]));
    const model = back.model ? { ...back.model, versions: (back.model.versions as { run_id: unknown }[]).map(({ run_id: _r, ...v }) => v) } : undefined;
    out[name] = { experiment, runs, model };
  }
  return out;
}

test("sync --dry-run lists what it would create and changes nothing on the server", () => {
  const before = serverObjects();
  const r = labops("sync", "--from", store, "--to", server.uri, "--dry-run");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Dry run: nothing was changed on http:\/\/127\.0\.0\.1:\d+\. A sync would:/);
  for (const name of EXPERIMENTS) assert.match(r.stdout, new RegExp(`^  would create experiment ${name}$`, "m"));
  const runLines = r.stdout.split("\n").filter((l) => l.startsWith("  would create run "));
  assert.equal(runLines.length, EXPERIMENTS.length * RUNS_PER_EXPERIMENT);
  assert.match(runLines.find((l) => l.includes("'vision-0'"))!, /\('vision-0' in 'vision', 600 metric points to send, 1 artifact file to check\)$/);
  assert.match(r.stdout, /^  would skip experiment Default$/m);
  assert.match(r.stdout, /^  would create version cli-model\/1 \(2 artifact files, stage Staging\)$/m);
  assert.match(r.stdout, /^  would create alias cli-model@champion/m);
  assert.match(r.stdout, /^runs\s+20\s+0\s+0$/m);
  assert.match(r.stdout, new RegExp(`^metric points sent\\s+${EXPERIMENTS.length * RUNS_PER_EXPERIMENT * 2 * POINTS}$`, "m"));
  assert.deepEqual(serverObjects(), before, "the server's tables and files are as they were");
  const json = JSON.parse(labops("sync", "--from", store, "--to", server.uri, "--dry-run", "--json").stdout);
  assert.deepEqual([json.dryRun, json.experiments.created, json.runs.created, json.models.created, json.versions.created, json.aliases], [true, 2, 20, 1, 2, 1]);
  assert.deepEqual(serverObjects(), before);
});

test("a sync killed mid-way resumes to what one full sync gives; a second sync creates nothing", async () => {
  server.reset();
  // Killed once the runs bar has shown a tenth or more but not the end.
  const child = spawn(process.execPath, [cli, "sync", "--from", store, "--to", server.uri], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const killed = await new Promise<boolean>((resolve) => {
    child.stderr.on("data", (d) => {
      stderr += d;
      if (/^runs\s+[1-9]\d%/m.test(stderr) && child.kill("SIGKILL")) resolve(true);
    });
    child.on("close", () => resolve(false));
  });
  assert.ok(killed, `the sync ended before it could be killed:\n${stderr}`);
  await new Promise((r) => child.once("close", r));
  assert.match(stderr, /^experiments\s+100% \|█+\| 3\/3/m, "a bar for the experiments phase");

  const resumed = labops("sync", "--from", store, "--to", server.uri, "--json");
  assert.equal(resumed.code, 0, resumed.stderr);
  const report = JSON.parse(resumed.stdout);
  assert.equal(report.runs.created + report.runs.resumed + report.runs.skipped, 20);
  // Runs are finished (status, completion tag) after the artifacts phase: the ones begun before the kill resume.
  assert.ok(report.runs.resumed >= 1 && report.runs.created >= 1, `the kill landed mid-way through the runs: ${JSON.stringify(report.runs)}`);
  assert.equal(report.experiments.created, 0, "the experiments were made before the kill");
  for (const phase of ["experiments", "runs", "artifacts", "models"]) assert.match(resumed.stderr, new RegExp(`^${phase}\\s+100% `, "m"), `a bar for ${phase}`);
  const afterResume = readAll();

  const objects = serverObjects();
  const again = labops("sync", "--from", store, "--to", server.uri);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^experiments\s+0\s+0\s+3$/m);
  assert.match(again.stdout, /^runs\s+0\s+0\s+20$/m);
  assert.match(again.stdout, /^versions\s+0\s+0\s+2$/m);
  assert.match(again.stdout, /^metric points sent\s+0$/m);
  assert.deepEqual(serverObjects(), objects, "a second sync adds nothing to the server");

  server.reset();
  const full = labops("sync", "--from", store, "--to", server.uri);
  assert.equal(full.code, 0, full.stderr);
  const afterFull = readAll();
  assert.deepEqual(afterResume, afterFull, "an interrupted then resumed sync reads back as one full sync");
  const vision = (afterFull.vision as { runs: Record<string, { history: Record<string, unknown[]>; status: string; artifacts: Record<string, string> }> }).runs;
  assert.equal(Object.keys(vision).length, RUNS_PER_EXPERIMENT);
  for (const run of Object.values(vision)) assert.deepEqual([run.history.loss!.length, run.history.acc!.length, Object.keys(run.artifacts).length], [POINTS, POINTS, 1]);
  assert.equal(Object.values(vision).filter((r) => r.status === "FAILED").length, 2);
});

test("mistakes get one line naming the value: no server, wrong credentials, an MLflow 1.x server, not a store, no such experiment, a missing option", async () => {
  const port = await freePort();
  const refused = labops("sync", "--from", store, "--to", `http://127.0.0.1:${port}`);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split("\n").length, 1, refused.stderr);
  assert.match(refused.stderr, new RegExp(`^labops: Cannot reach the MLflow server at http://127\\.0\\.0\\.1:${port} .*connection refused`));

  const guard = http.createServer((_req, res) => res.writeHead(401, { "www-authenticate": 'Basic realm="mlflow"' }).end("You are not authenticated."));
  await new Promise<void>((resolve) => guard.listen(0, "127.0.0.1", resolve));
  const guarded = `http://127.0.0.1:${(guard.address() as AddressInfo).port}`;
  // Spawned asynchronously: the server answering it lives in this process.
  const denied = await runNode(cli, ["sync", "--from", store, "--to", guarded], { MLFLOW_TRACKING_USERNAME: "ann", MLFLOW_TRACKING_PASSWORD: "s3cret-pw" });
  guard.close();
  assert.equal(denied.code, 1);
  assert.equal(denied.stderr.trim().split("\n").length, 1, denied.stderr);
  assert.match(denied.stderr, new RegExp(`^labops: The MLflow server at ${guarded.replaceAll(".", "\\.")} refused the credentials \\(401\\)`));
  assert.doesNotMatch(denied.stderr, /s3cret-pw/);

  const old = http.createServer((req, res) => (req.url === "/version" ? res.end("1.30.0") : res.writeHead(500).end()));
  await new Promise<void>((resolve) => old.listen(0, "127.0.0.1", resolve));
  const oldUri = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
  const tooOld = await runNode(cli, ["sync", "--from", store, "--to", oldUri], {});
  old.close();
  assert.equal(tooOld.code, 1);
  assert.equal(tooOld.stderr, `labops: The MLflow server at ${oldUri} runs version 1.30.0, which labops does not support: use MLflow 2.0 or newer.\n`);

  const empty = tempDir();
  const notStore = labops("sync", "--from", empty, "--to", server.uri);
  assert.equal(notStore.code, 1);
  assert.equal(notStore.stderr.trim(), `labops: '${empty}' is not a labops store (no journal/, store.json or registry/ in it) nor a folder of unsent metrics (*.jsonl): pass the folder your runs were logged to (their LABOPS_TRACKING_URI).`);
  assert.deepEqual(fs.readdirSync(empty), [], "nothing was created in it");
  const missing = labops("sync", "--from", path.join(empty, "nope"), "--to", server.uri);
  assert.match(missing.stderr, /^labops: The store '.*nope' does not exist/);

  const noExperiment = labops("sync", "--from", store, "--to", server.uri, "--experiment", "nope", "--dry-run");
  assert.equal(noExperiment.code, 1);
  assert.equal(noExperiment.stderr, `labops: The store '${store}' has no experiment named (or with id) 'nope'.\n`);

  const noTo = labops("sync", "--from", store);
  assert.equal(noTo.code, 2);
  assert.match(noTo.stderr, /--to URI is required/);
});

test("%sync --dry-run in a notebook says the same as the CLI", async () => {
  const session = new NotebookSession(tempDir());
  await session.start();
  try {
    const r = await session.execute(`%sync --from ${store} --to ${server.uri} --dry-run --experiment tabular`);
    assert.ok(r.ok, JSON.stringify(r));
    const text = (r as { result?: Record<string, string> }).result?.["text/plain"] ?? "";
    assert.match(text, /^Dry run: nothing was changed/);
    assert.equal(text.split("\n").filter((l) => / run /.test(l) && l.startsWith("  would ")).length, RUNS_PER_EXPERIMENT);
    assert.doesNotMatch(text, /vision|cli-model/, "only the chosen experiment, no models");
  } finally {
    session.close();
  }
});
