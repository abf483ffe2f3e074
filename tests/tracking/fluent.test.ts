// The fluent API: active-run stack, nesting, withRun, buffered metrics, artifacts, key and value checks.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import * as labops from "../../src";
import { runNodeSync } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

let root: string;
beforeEach(() => {
  root = path.join(tempDir(), "store");
  labops.setTrackingUri(root);
});
afterEach(async () => {
  while (labops.activeRun()) await labops.endRun();
});

test("startRun/endRun keep a stack; nested runs carry their parent id; a second top-level run is refused", async () => {
  await labops.setExperiment("fluent");
  const parent = await labops.startRun({ runName: "parent", tags: { team: "ml" }, description: "# notes" });
  await assert.rejects(labops.startRun(), /already active/);
  const child = await labops.startRun({ runName: "child", nested: true });
  assert.equal(labops.activeRun()?.runId, child.runId);
  assert.equal(child.run.data.tags["mlflow.parentRunId"], parent.runId);
  await labops.endRun();
  assert.equal(labops.activeRun()?.runId, parent.runId);
  await labops.endRun("KILLED");
  assert.equal(labops.activeRun(), null);
  const ended = await labops.lastActiveRun();
  assert.equal(ended?.info.runId, parent.runId);
  assert.equal(ended?.info.status, "KILLED");
  assert.ok(ended!.info.endTime! >= ended!.info.startTime);
  const tags = ended!.data.tags;
  assert.equal(tags.team, "ml");
  assert.equal(tags["mlflow.note.content"], "# notes");
  assert.equal(tags["mlflow.runName"], "parent");
  assert.ok(tags["mlflow.user"]);
  assert.ok(tags["mlflow.source.name"]);
  assert.equal((await labops.getClient().getRun(child.runId)).info.status, "FINISHED");
});

test("withRun ends FINISHED on return and FAILED on throw, rethrowing the error", async () => {
  const value = await labops.withRun({ runName: "ok" }, async (run) => {
    labops.logMetric("x", 1);
    return run.runId;
  });
  const ok = await labops.getClient().getRun(value);
  assert.equal(ok.info.status, "FINISHED");
  assert.equal(ok.data.metrics.x, 1, "buffered metrics are written before the run ends");
  let failedId = "";
  await assert.rejects(
    labops.withRun({ runName: "bad" }, async (run) => {
      failedId = run.runId;
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal((await labops.getClient().getRun(failedId)).info.status, "FAILED");
  assert.equal(labops.activeRun(), null);
});

test("logMetric buffers without blocking; flush() makes the points readable", async () => {
  const run = await labops.startRun();
  for (let i = 0; i < 10_000; i++) labops.logMetric("loss", 1 / (i + 1), i);
  labops.logMetrics({ a: 1, b: 2 }, 7);
  await labops.flush();
  const history = await labops.getClient().getMetricHistory(run.runId, "loss");
  assert.equal(history.length, 10_000);
  assert.equal(history[9_999]!.step, 9_999);
  const got = await labops.getClient().getRun(run.runId);
  assert.deepEqual([got.data.metrics.a, got.data.metrics.b, got.data.latestMetrics.b?.step], [1, 2, 7]);
});

test("params follow MLflow: same value is a no-op, another value an error; numbers and booleans as MLflow writes them", async () => {
  const run = await labops.startRun();
  await labops.logParams({ lr: 0.01, layers: 3, dropout: true, name: "mlp" });
  await labops.logParam("lr", 0.01);
  await assert.rejects(labops.logParam("lr", 0.02), /Changing param values is not allowed.*'lr'/);
  assert.deepEqual((await labops.getClient().getRun(run.runId)).data.params, { lr: "0.01", layers: "3", dropout: "True", name: "mlp" });
});

test("bad keys and values fail at once with a message naming them, and write nothing", async () => {
  const run = await labops.startRun();
  assert.throws(() => labops.logMetric("bad key!", 1), /Invalid metric key 'bad key!'/);
  assert.throws(() => labops.logMetric("../up", 1), /Invalid metric key '..\/up'/);
  assert.throws(() => labops.logMetric("ok", "1" as unknown as number), /must be a number/);
  assert.throws(() => labops.logMetric("ok", 1, 1.5), /step 1.5/);
  await assert.rejects(labops.logParam("p", "x".repeat(6001)), /6001 characters/);
  await assert.rejects(labops.setTag("t".repeat(251), "v"), /at most 250/);
  await assert.rejects(labops.setTag("t", "v".repeat(8001)), /at most 8000/);
  await labops.flush();
  const got = await labops.getClient().getRun(run.runId);
  assert.deepEqual(got.data.metrics, {});
  assert.deepEqual(got.data.params, {});
});

test("logging without an active run says what to do", async () => {
  assert.throws(() => labops.logMetric("x", 1), /No active run: call startRun/);
  await assert.rejects(async () => labops.logParam("x", 1), /No active run/);
});

test("artifacts: files, folders, text, JSON, SVG and PNG figures, tables as JSON + CSV; paths stay inside", async () => {
  const run = await labops.startRun();
  const src = tempDir();
  fs.writeFileSync(path.join(src, "model.bin"), Buffer.from([1, 2, 3]));
  fs.mkdirSync(path.join(src, "dir/sub"), { recursive: true });
  fs.writeFileSync(path.join(src, "dir/sub/a.txt"), "a");
  await labops.logArtifact(path.join(src, "model.bin"), "models");
  await labops.logArtifacts(path.join(src, "dir"), "tree");
  await labops.logText("hello", "notes/readme.md");
  await labops.logDict({ a: [1, 2] }, "config.json");
  await labops.logFigure('<svg xmlns="http://www.w3.org/2000/svg"></svg>', "plots/fig.svg");
  await labops.logFigure(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "plots/fig.png");
  await labops.logTable([{ x: 1, y: "a,b" }, { x: 2, z: 'q"' }], "tables/t.json");
  await assert.rejects(labops.logText("x", "../escape.txt"), /'\.\.' would leave/);
  await assert.rejects(labops.logText("x", "/etc/passwd"), /relative/);
  await assert.rejects(labops.logFigure("not svg", "fig.svg"), /SVG markup/);
  await assert.rejects(labops.logDict({}, "config.yaml"), /\.json/);

  const top = await labops.listArtifacts();
  assert.deepEqual(top.map((f) => f.path), ["models", "notes", "plots", "tables", "tree", "config.json"]);
  assert.deepEqual(await labops.getClient().listArtifacts(run.runId, "models"), [{ path: "models/model.bin", isDir: false, fileSize: 3 }]);
  const client = labops.getClient();
  const dst = tempDir();
  const csvPath = await client.downloadArtifacts(run.runId, "tables/t.csv", dst);
  assert.equal(fs.readFileSync(csvPath, "utf8"), 'x,y,z\n1,"a,b",\n2,,"q"""\n');
  const tableJson = JSON.parse(fs.readFileSync(await client.downloadArtifacts(run.runId, "tables/t.json", dst), "utf8"));
  assert.deepEqual(tableJson, { columns: ["x", "y", "z"], data: [[1, "a,b", null], [2, null, 'q"']] });
  const tree = await client.downloadArtifacts(run.runId, "tree", dst);
  assert.equal(fs.readFileSync(path.join(tree, "sub/a.txt"), "utf8"), "a");
  await assert.rejects(client.downloadArtifacts(run.runId, "missing.txt", dst), /No artifact 'missing.txt'/);
});

test("setExperiment creates once, then reuses; a deleted experiment is refused with the way out", async () => {
  const a = await labops.setExperiment("same");
  const b = await labops.setExperiment("same");
  assert.equal(a.experimentId, b.experimentId);
  await labops.getClient().deleteExperiment(a.experimentId);
  await assert.rejects(labops.setExperiment({ experimentId: a.experimentId }), /is deleted; restore it/);
});

test("metrics still buffered when a script calls process.exit() are written", () => {
  const store = path.join(tempDir(), "store");
  const script = `
    const labops = require(${JSON.stringify(path.resolve(__dirname, "../../src"))});
    labops.setTrackingUri(${JSON.stringify(store)});
    labops.startRun({ runName: "exit" }).then((run) => {
      for (let i = 0; i < 1234; i++) labops.logMetric("m", i, i);
      console.log(run.runId);
      process.exit(0);
    });`;
  const r = runNodeSync("-e", [script]);
  assert.equal(r.code, 0, r.stderr);
  const runId = r.stdout.trim();
  return new labops.LabopsClient(store).getMetricHistory(runId, "m").then((h) => assert.equal(h.length, 1234));
});

test("a script that simply ends finishes its open run after writing its metrics", async () => {
  const store = path.join(tempDir(), "store");
  const script = `
    const labops = require(${JSON.stringify(path.resolve(__dirname, "../../src"))});
    labops.setTrackingUri(${JSON.stringify(store)});
    labops.startRun({ runName: "ends" }).then((run) => { labops.logMetric("m", 5); console.log(run.runId); });`;
  const r = runNodeSync("-e", [script]);
  assert.equal(r.code, 0, r.stderr);
  const run = await new labops.LabopsClient(store).getRun(r.stdout.trim());
  assert.equal(run.info.status, "FINISHED");
  assert.equal(run.data.metrics.m, 5);
});
