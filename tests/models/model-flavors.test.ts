// The model-flavor seam: the logistic flavor saved and loaded back, the names and files older folders carry,
// custom flavors, and bad folders refused with the value named.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { LOGISTIC_REGRESSION_FLAVOR, loadPredictor, modelFlavors, registerModelFlavor, saveLogisticModel } from "../../src/models";
import { tempDir } from "../helpers/temp-dir";

const model = { features: ["a", "b"], weights: [2, -1], bias: 0.5, scaler: { mean: [1, 0], std: [2, 4] } };
const rows = [[1, 0], [5, 2], [-3, 8], [1, 2]];
// p = sigmoid(0.5 + 2 (a - 1) / 2 - (b - 0) / 4), by hand.
const expected = rows.map(([a, b]) => 1 / (1 + Math.exp(-(0.5 + (2 * (a! - 1)) / 2 - b! / 4))));

test("a saved logistic model loads back through the seam and predicts its probabilities", async () => {
  const dir = saveLogisticModel(path.join(tempDir(), "m"), model);
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8")).flavor, LOGISTIC_REGRESSION_FLAVOR);
  const p = (await loadPredictor(dir))!;
  assert.deepEqual([p.flavor, p.task, p.featureNames, p.classes], [LOGISTIC_REGRESSION_FLAVOR, "classification", ["a", "b"], [0, 1]]);
  const proba = (await p.predictProba!(rows)) as number[][];
  proba.forEach((row, i) => {
    assert.ok(Math.abs(row[1]! - expected[i]!) < 1e-15, `row ${i}`);
    assert.equal(row[0], 1 - row[1]!);
  });
  assert.deepEqual(await p.predict(rows), expected.map((q) => (q >= 0.5 ? 1 : 0)));
  // model.json itself is a location too.
  assert.equal((await loadPredictor(path.join(dir, "model.json")))!.flavor, LOGISTIC_REGRESSION_FLAVOR);
});

test("the decision threshold moves class 1's boundary; probabilities stay", async () => {
  const dir = saveLogisticModel(path.join(tempDir(), "m"), { ...model, threshold: 0.9 });
  const p = (await loadPredictor(dir))!;
  assert.deepEqual(await p.predict(rows), expected.map((q) => (q >= 0.9 ? 1 : 0)));
  assert.notDeepEqual(await p.predict(rows), expected.map((q) => (q >= 0.5 ? 1 : 0)));
});

test("folders from before: serving's format name and the demo job's weights.json read as the logistic flavor", async () => {
  const served = path.join(tempDir(), "served");
  fs.mkdirSync(served);
  fs.writeFileSync(path.join(served, "model.json"), JSON.stringify({ format: "logistic-regression", ...model }));
  const a = (await loadPredictor(served))!;
  assert.equal(a.flavor, LOGISTIC_REGRESSION_FLAVOR);
  assert.deepEqual(await a.predict(rows), expected.map((q) => (q >= 0.5 ? 1 : 0)));
  const job = path.join(tempDir(), "job");
  fs.mkdirSync(job);
  fs.writeFileSync(path.join(job, "weights.json"), JSON.stringify(model));
  assert.deepEqual(await (await loadPredictor(job))!.predictProba!(rows), await a.predictProba!(rows));
  const empty = tempDir();
  assert.equal(await loadPredictor(empty), null);
  fs.writeFileSync(path.join(empty, "model.json"), JSON.stringify({ note: "no flavor" }));
  assert.equal(await loadPredictor(empty), null);
});

test("a registered flavor loads its folders and is listed", async () => {
  registerModelFlavor("test.constant", (_dir, json) => ({ flavor: "test.constant", task: "regression", featureNames: ["x"], predict: (r) => r.map(() => json.value as number) }));
  assert.ok(modelFlavors().includes("test.constant") && modelFlavors().includes(LOGISTIC_REGRESSION_FLAVOR));
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ flavor: "test.constant", value: 7 }));
  assert.deepEqual(await (await loadPredictor(dir))!.predict([[1], [2]]), [7, 7]);
});

test("bad folders and bad models are refused with the value named", async () => {
  const dir = tempDir();
  await assert.rejects(loadPredictor(path.join(dir, "nowhere")), /Model path '.*nowhere' does not exist/);
  const write = (json: unknown) => fs.writeFileSync(path.join(dir, "model.json"), typeof json === "string" ? json : JSON.stringify(json));
  write("{nope");
  await assert.rejects(loadPredictor(dir), /model\.json is not valid JSON/);
  write({ flavor: "test.unknown" });
  await assert.rejects(loadPredictor(dir), /No loader for model flavor 'test\.unknown' .*known: .*labops\.logistic-regression.*Register one with registerModelFlavor/);
  const cases: [object, RegExp][] = [
    [{ ...model, weights: [1] }, /'weights' must be 2 finite numbers, one per feature/],
    [{ ...model, features: [] }, /has no 'features' list/],
    [{ ...model, bias: "0" }, /'bias' must be a finite number/],
    [{ ...model, scaler: { mean: [0, 0], std: [1, 0] } }, /'scaler' must hold 'mean' and 'std', 2 numbers each, the stds positive/],
    [{ ...model, threshold: 1.5 }, /'threshold' must be a number between 0 and 1, got 1\.5/],
  ];
  for (const [bad, message] of cases) {
    write({ flavor: LOGISTIC_REGRESSION_FLAVOR, ...bad });
    await assert.rejects(loadPredictor(dir), message);
    assert.throws(() => saveLogisticModel(path.join(dir, "never"), bad as never), message);
    assert.equal(fs.existsSync(path.join(dir, "never")), false, "a refused model writes nothing");
  }
  assert.throws(() => registerModelFlavor(" ", () => null as never), /flavor name " " must be a non-empty string/);
});
