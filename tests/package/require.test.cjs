// The built package loads through require() (as tslab's CommonJS cells do) and through import().
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const { test } = require("node:test");
const root = path.resolve(__dirname, "../..");

test("require('labops') from a .cjs file gives the tracking API", () => {
  const labops = require(root);
  for (const name of ["setTrackingUri", "startRun", "endRun", "logMetric", "withRun", "LabopsClient", "FileTrackingStore", "LabopsError"]) {
    assert.equal(typeof labops[name], "function", name);
  }
  assert.equal(require(path.join(root, "package.json")).main, "dist/src/index.js");
});

test("import('labops') gives the same API", async () => {
  const labops = await import(path.join(root, "dist/src/index.js"));
  assert.equal(typeof labops.startRun, "function");
  assert.equal(typeof labops.default.LabopsClient, "function");
});

test("a logged run round-trips through the required package", async () => {
  const os = require("node:os");
  const fs = require("node:fs");
  const labops = require(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-cjs-"));
  try {
    labops.setTrackingUri(path.join(dir, "store"));
    const id = await labops.withRun({ runName: "cjs" }, async (run) => {
      labops.logMetric("m", 3, 1);
      return run.runId;
    });
    const run = await labops.getClient().getRun(id);
    assert.equal(run.data.metrics.m, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the capabilities load by subpath (labops/tune, labops/data, ...) and as namespaces of the main entry", () => {
  // Resolved the way a dependent project resolves them: through package.json "exports", by package name.
  const { createRequire } = require("node:module");
  const fromCheckout = createRequire(path.join(root, "package.json"));
  assert.equal(typeof fromCheckout("labops/tune").createStudy, "function");
  assert.equal(typeof fromCheckout("labops/data").loadColumns, "function");
  assert.equal(typeof fromCheckout("labops/drift").fitReferenceProfile, "function");
  assert.equal(typeof fromCheckout("labops/evaluation").evaluateClassifier, "function");
  assert.equal(typeof fromCheckout("labops/abtest").welchTest, "function");
  const labops = require(root);
  assert.equal(typeof labops.tune.createStudy, "function");
  assert.equal(typeof labops.stats.ks2samp, "function");
});
