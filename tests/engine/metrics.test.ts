// Evaluation metrics against scikit-learn's (fixture made by tests/fixtures/engine/make_metrics.py).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { computeMetrics, rocAuc } from "../../src/engine/metrics";
import { repoRoot } from "../helpers/temp-dir";

const fx = JSON.parse(fs.readFileSync(path.join(repoRoot, "tests/fixtures/engine/metrics.json"), "utf8"));
const near = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

test("binary: roc_auc_score (with ties), log_loss and accuracy_score", () => {
  const scores = Float32Array.from(fx.binary.scores), labels = Int32Array.from(fx.binary.labels);
  near(rocAuc(scores, labels), fx.binary.auc, 1e-12);
  const m = computeMetrics({ task: "binary", classes: [0, 1] }, scores, labels, undefined);
  near(m["auc"]!, fx.binary.auc, 1e-12);
  near(m["loss"]!, fx.binary.loss);
  assert.equal(m["accuracy"], fx.binary.accuracy);
});

test("multiclass: log_loss and accuracy_score", () => {
  const m = computeMetrics({ task: "multiclass", classes: [0, 1, 2] }, Float32Array.from(fx.multiclass.proba), Int32Array.from(fx.multiclass.codes), undefined);
  near(m["loss"]!, fx.multiclass.loss);
  assert.equal(m["accuracy"], fx.multiclass.accuracy);
});

test("regression: mean_squared_error, mean_absolute_error, r2_score (targets stored standardised, metrics in target units)", () => {
  const y: number[] = fx.regression.y;
  const mean = 10, std = 3;
  const values = Float32Array.from(y, (v) => (v - mean) / std);
  const m = computeMetrics({ task: "regression", mean, std }, Float32Array.from(fx.regression.pred), undefined, values);
  near(m["mse"]!, fx.regression.mse, 1e-4);
  near(m["mae"]!, fx.regression.mae, 1e-4);
  near(m["r2"]!, fx.regression.r2, 1e-4);
  near(m["rmse"]!, Math.sqrt(fx.regression.mse), 1e-4);
});
