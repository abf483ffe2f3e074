// Permutation importance against scikit-learn (its exact shuffles, exported by the fixture script) and Kernel SHAP
// against exact Shapley values computed by enumeration.

import assert from "node:assert/strict";
import { test } from "node:test";
import { kernelShap, permutationImportance } from "../../src/evaluation";
import { close, closeAll, fixture } from "./fixtures";

const perm = fixture("permutation.json");
const linear = (coef: number[], intercept: number) => (rows: number[][]) => rows.map((r) => r.reduce((s, v, j) => s + v * coef[j]!, intercept));

test("permutationImportance equals scikit-learn's on a ridge model (r2, the permutations sklearn used)", async () => {
  const c = perm.regression;
  const r = await permutationImportance(linear(c.coef, c.intercept), c.X, c.y, { scoring: "r2", permutations: c.permutations });
  close(r.baselineScore, c.baseline, "baseline r2");
  closeAll(r.importancesMean, c.importancesMean, "importances mean");
  closeAll(r.importancesStd, c.importancesStd, "importances std");
  r.importances.forEach((row, j) => closeAll(row, c.importances[j], `importances[${j}]`));
});

test("permutationImportance equals scikit-learn's on a logistic classifier (accuracy)", async () => {
  const c = perm.classification;
  const predict = (rows: number[][]) => linear(c.coef, c.intercept)(rows).map((z) => (z > 0 ? 1 : 0));
  const r = await permutationImportance(predict, c.X, c.y, { scoring: "accuracy", nRepeats: c.nRepeats, permutations: c.permutations });
  close(r.baselineScore, c.baseline, "baseline accuracy");
  closeAll(r.importancesMean, c.importancesMean, "importances mean");
  closeAll(r.importancesStd, c.importancesStd, "importances std");
});

test("permutationImportance with labops' own shuffles: seeded, and an unused feature scores exactly 0", async () => {
  const c = perm.regression;
  const coef = [...c.coef];
  coef[0] = 0; // the model ignores feature 0
  const predict = linear(coef, c.intercept);
  const a = await permutationImportance(predict, c.X, c.y, { scoring: "neg_mean_squared_error", nRepeats: 8, randomState: 3 });
  const b = await permutationImportance(predict, c.X, c.y, { scoring: "neg_mean_squared_error", nRepeats: 8, randomState: 3 });
  const other = await permutationImportance(predict, c.X, c.y, { scoring: "neg_mean_squared_error", nRepeats: 8, randomState: 4 });
  assert.deepEqual(a, b, "same seed, same result");
  assert.notDeepEqual(a.importances, other.importances, "another seed, other shuffles");
  assert.deepEqual(a.importances[0], new Array(8).fill(0));
  // The two strongest features of the ridge fit stay the strongest whatever the shuffles (sklearn's ranking).
  const top = (m: number[]) => [...m.keys()].sort((i, j) => m[j]! - m[i]!).slice(0, 2).sort();
  assert.deepEqual(top(a.importancesMean), top(c.importancesMean));
  await assert.rejects(permutationImportance(predict, c.X, c.y, { scoring: "auc" as never }), /scoring "auc" is not known/);
  await assert.rejects(permutationImportance(predict, c.X, c.y.slice(1), { scoring: "r2" }), /y has 132 values but X has 133 rows/);
  await assert.rejects(permutationImportance(predict, c.X, c.y, { scoring: "r2", permutations: [[0, 0, ...c.permutations[0].slice(2)]] }), /not a permutation/);
});

/** Exact Shapley values of the interventional game v(S) = mean over background of f(x_S, b_~S), by enumeration. */
function exactShapley(f: (rows: number[][]) => number[], x: number[], bg: number[][]): number[] {
  const m = x.length;
  const v = new Map<number, number>();
  for (let code = 0; code < 2 ** m; code++) {
    const batch = bg.map((b) => b.map((val, j) => ((code >> j) & 1 ? x[j]! : val)));
    v.set(code, f(batch).reduce((s, y) => s + y, 0) / bg.length);
  }
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  return x.map((_, j) => {
    let phi = 0;
    for (let code = 0; code < 2 ** m; code++) {
      if ((code >> j) & 1) continue;
      let s = 0;
      for (let k = 0; k < m; k++) s += (code >> k) & 1;
      phi += ((fact(s) * fact(m - s - 1)) / fact(m)) * (v.get(code | (1 << j))! - v.get(code)!);
    }
    return phi;
  });
}

// A small nonlinear model on real data (the diabetes rows of the fixture): interactions, a hinge and a product.
const nonlinear = (rows: number[][]) => rows.map((r) => 3 * r[0]! * r[1]! + Math.max(0, r[2]! - 0.01) * 5 + Math.sin(10 * r[3]!) + r[4]! * r[0]! * 2 + r[5]! * r[5]!);

test("kernelShap with every coalition equals the exact Shapley values (nonlinear model, 6 features)", async () => {
  const X = perm.regression.X.slice(0, 4).map((r: number[]) => r.slice(0, 6));
  const bg = perm.regression.X.slice(10, 30).map((r: number[]) => r.slice(0, 6));
  const e = await kernelShap(nonlinear, X, bg);
  assert.equal(e.exact, true);
  assert.equal(e.nCoalitions, 62);
  close(e.baseValue, nonlinear(bg).reduce((a, b) => a + b, 0) / bg.length, "base value");
  X.forEach((x: number[], i: number) => {
    closeAll(e.values[i]!, exactShapley(nonlinear, x, bg), `shap row ${i}`, 1e-8);
    close(e.values[i]!.reduce((a, b) => a + b, 0), e.predictions[i]! - e.baseValue, "additivity");
  });
});

test("kernelShap on a linear model gives w_j (x_j - mean background_j), also when coalitions are sampled", async () => {
  const c = perm.regression;
  const f = linear(c.coef, c.intercept);
  const bg = c.X.slice(0, 40);
  const x = c.X.slice(50, 53);
  const e = await kernelShap(f, x, bg, { nSamples: 200 }); // 10 features: 1022 coalitions, so sampled
  assert.equal(e.exact, false);
  x.forEach((row: number[], i: number) => {
    const expected = row.map((v, j) => c.coef[j] * (v - bg.reduce((s: number, b: number[]) => s + b[j]!, 0) / bg.length));
    closeAll(e.values[i]!, expected, `linear shap row ${i}`, 1e-7);
  });
});

test("kernelShap with sampled coalitions: exact additivity, and close to the exact values (nonlinear, 10 features)", async () => {
  const X = perm.regression.X.slice(0, 2);
  const bg = perm.regression.X.slice(10, 20);
  const e = await kernelShap(nonlinear, X, bg, { nSamples: 600, randomState: 1 });
  assert.equal(e.exact, false);
  X.forEach((x: number[], i: number) => {
    const exact = exactShapley(nonlinear, x, bg);
    close(e.values[i]!.reduce((a, b) => a + b, 0), e.predictions[i]! - e.baseValue, "additivity");
    const scale = Math.max(...exact.map(Math.abs));
    e.values[i]!.forEach((v, j) => assert.ok(Math.abs(v - exact[j]!) < 0.1 * scale, `feature ${j}: ${v} vs exact ${exact[j]} (scale ${scale})`));
  });
  const again = await kernelShap(nonlinear, X, bg, { nSamples: 600, randomState: 1 });
  assert.deepEqual(again.values, e.values, "seeded");
  await assert.rejects(kernelShap(() => [1], X, bg), /returned 1 values for 10 rows/);
  await assert.rejects(kernelShap(nonlinear, X, bg.map((r: number[]) => r.slice(1))), /background rows have 9 features but X rows have 10/);
});
