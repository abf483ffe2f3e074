// The synthetic generator: determinism, and that each shift knob moves what it says and nothing else.

import assert from "node:assert/strict";
import { test } from "node:test";
import { makeSyntheticData, type ColumnTable } from "../../src/data";

const values = (t: ColumnTable, n: string) => (t.columns[n] as { values: Float64Array }).values;
const mean = (a: ArrayLike<number>, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / (to - from);
};
const halves = (a: ArrayLike<number>) => [mean(a, 0, Math.floor(a.length / 5)), mean(a, a.length - Math.floor(a.length / 5))] as const;

test("same seed, same data; another seed, other data", () => {
  const a = makeSyntheticData({ seed: 7, rows: 2000, covariateShift: 1, conceptDrift: 1, labelShift: { from: 0.3, to: 0.6 }, variants: { names: ["A", "B"], effects: [0, 0.5] } });
  const b = makeSyntheticData({ seed: 7, rows: 2000, covariateShift: 1, conceptDrift: 1, labelShift: { from: 0.3, to: 0.6 }, variants: { names: ["A", "B"], effects: [0, 0.5] } });
  assert.deepEqual(a.table, b.table);
  const c = makeSyntheticData({ seed: 8, rows: 2000 });
  assert.notDeepEqual(values(c.table, "x0"), values(a.table, "x0"));
  assert.deepEqual(a.table.names, ["time", "unit_id", "variant", "x0", "x1", "x2", "x3", "segment", "probability", "label"]);
});

test("no shift: features N(0,1) throughout; the label follows the known probability", () => {
  const { table, truth } = makeSyntheticData({ seed: 1, rows: 20_000 });
  const [early, late] = halves(values(table, "x0"));
  assert.ok(Math.abs(early) < 0.06 && Math.abs(late) < 0.06, `${early} ${late}`);
  // Calibration of the ground truth: mean label ≈ mean probability.
  assert.ok(Math.abs(mean(values(table, "label")) - mean(values(table, "probability"))) < 0.015);
  const x = [0.5, -1, 0.2, 0];
  assert.equal(truth.probability(x, 0.3), 1 / (1 + Math.exp(-(truth.intercept + truth.weights.reduce((s, w, j) => s + w * x[j]!, 0)))));
});

test("covariate shift moves the features' mean, not the concept", () => {
  const { table, truth } = makeSyntheticData({ seed: 2, rows: 20_000, covariateShift: 2 });
  const [early, late] = halves(values(table, "x1"));
  assert.ok(Math.abs(early - 0.2) < 0.08 && Math.abs(late - 1.8) < 0.08, `${early} ${late}`);
  assert.deepEqual(truth.weightsAt(1), truth.weights);
});

test("label shift moves the positive share from `from` to `to`", () => {
  const { table } = makeSyntheticData({ seed: 3, rows: 20_000, labelShift: { from: 0.2, to: 0.7 } });
  const [early, late] = halves(values(table, "label"));
  assert.ok(Math.abs(early - 0.25) < 0.03 && Math.abs(late - 0.65) < 0.03, `${early} ${late}`);
});

test("concept drift rotates the true weights; the empirical relation of x0 to the label changes sign", () => {
  const { table, truth } = makeSyntheticData({ seed: 4, rows: 20_000, conceptDrift: Math.PI });
  const w1 = truth.weightsAt(1);
  assert.ok(Math.abs(w1[0]! + truth.weights[0]!) < 1e-12 && Math.abs(w1[1]! + truth.weights[1]!) < 1e-12);
  const x0 = values(table, "x0"), y = values(table, "label");
  const cov = (from: number, to: number) => {
    const mx = mean(x0, from, to), my = mean(y, from, to);
    let s = 0;
    for (let i = from; i < to; i++) s += (x0[i]! - mx) * (y[i]! - my);
    return s;
  };
  assert.ok(cov(0, 4000) > 0 && cov(16_000, 20_000) < 0);
});

test("variants: units keep their arm; a log-odds effect raises B's positive share", () => {
  const { table } = makeSyntheticData({ seed: 5, rows: 30_000, variants: { names: ["A", "B"], effects: [0, 1] } });
  const v = table.columns.variant as { codes: Int32Array };
  const u = table.columns.unit_id as { codes: Int32Array };
  const arm = new Map<number, number>();
  for (let i = 0; i < table.rowCount; i++) {
    if (arm.has(u.codes[i]!)) assert.equal(arm.get(u.codes[i]!), v.codes[i]);
    arm.set(u.codes[i]!, v.codes[i]!);
  }
  const y = values(table, "label");
  const share = (k: number) => mean(Array.from(y).filter((_, i) => v.codes[i] === k));
  assert.ok(share(1) - share(0) > 0.1);
  assert.throws(() => makeSyntheticData({ labelShift: { from: 0, to: 1 } }), /strictly between 0 and 1/);
  assert.throws(() => makeSyntheticData({ rows: 0 }), /rows must be an integer >= 1/);
});
