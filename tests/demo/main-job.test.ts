// The README's first command: the main job tracks a real training run and says where it went.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LabopsClient } from "../../src";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

test("shipped datasets match their manifest", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "datasets/manifest.json"), "utf8"));
  // Files in datasets/ only; those inside npm packages are checked by tests/data/datasets.test.ts.
  for (const d of manifest.datasets.filter((d: { package?: string }) => !d.package)) {
    const bytes = fs.readFileSync(path.join(repoRoot, "datasets", d.file));
    assert.equal(`sha256:${crypto.createHash("sha256").update(bytes).digest("hex")}`, d.digest, d.file);
    assert.equal(bytes.toString("utf8").trim().split("\n").length - 1, d.rows, d.file);
  }
});

test("npm run demo: a FINISHED run in ./labops-store, with params, per-epoch metrics, artifacts and CLI hints", async () => {
  const cwd = tempDir();
  const r = runNodeSync(path.join(repoRoot, "dist/src/demo/main-job.js"), [], { cwd, env: { LABOPS_TRACKING_URI: "" } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Tracked run [0-9a-f]{32} \(logreg-demo\) in experiment 'seattle-rain': FINISHED/);
  assert.match(r.stdout, /Data: .*labops-store \(\.\/labops-store\)/);
  const hint = /^ {2}(node \S+labops-cli\.js) runs show ([0-9a-f]{32})$/m.exec(r.stdout);
  assert.ok(hint, r.stdout);
  const shown = runNodeSync(path.resolve(cwd, hint[1]!.slice(5)), ["runs", "show", hint[2]!], { cwd, env: { LABOPS_TRACKING_URI: "" } });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /logreg-demo/);
  const runId = /Tracked run ([0-9a-f]{32})/.exec(r.stdout)![1]!;
  const client = new LabopsClient(path.join(cwd, "labops-store"));
  const run = await client.getRun(runId);
  assert.equal(run.data.params.model, "logistic-regression");
  assert.equal(run.data.params.train_rows, "1095");
  assert.equal((await client.getMetricHistory(runId, "val_accuracy")).length, 200);
  const accuracy = run.data.metrics.val_accuracy!;
  assert.ok(accuracy > 0.7 && accuracy < 1, `validation accuracy ${accuracy} is plausible for next-day rain`);
  const artifacts = await client.listArtifacts(runId);
  assert.deepEqual(artifacts.map((a) => a.path), ["model", "predictions"]);
  const cli = runNodeSync(path.join(repoRoot, "dist/kernel-ext/labops-cli.js"), ["runs", "list", "--experiment", "seattle-rain"], { cwd, env: { LABOPS_TRACKING_URI: "" } });
  assert.match(cli.stdout, new RegExp(`${runId}\\s+logreg-demo\\s+seattle-rain\\s+FINISHED`));
});
