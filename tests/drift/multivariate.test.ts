// Empirical MMD (seeded permutation test) and the domain classifier (seeded logistic regression, held-out AUC).

import assert from "node:assert/strict";
import { test } from "node:test";
import { domainClassifierDrift, driftReport, mmdPermutationTest, rocAuc } from "../../src/drift";
import { choices, normals } from "./helpers";

const sorted = (a: Float64Array) => Float64Array.from(a).sort();

test("MMD: same distribution gives a large p, a shift a small one; the same seed repeats exactly", () => {
  const same = mmdPermutationTest(sorted(normals(300, 0, 1, 1)), sorted(normals(300, 0, 1, 2)), { seed: 7 });
  const shifted = mmdPermutationTest(sorted(normals(300, 0, 1, 1)), sorted(normals(300, 0.5, 1, 3)), { seed: 7 });
  assert.ok(same.pValue > 0.05, `same p=${same.pValue}`);
  assert.ok(shifted.pValue <= 0.01, `shifted p=${shifted.pValue}`);
  assert.ok(shifted.mmd2 > same.mmd2);
  assert.deepEqual(mmdPermutationTest(sorted(normals(300, 0, 1, 1)), sorted(normals(300, 0.5, 1, 3)), { seed: 7 }), shifted);
});

test("rocAuc counts ties half and matches the Mann–Whitney identity", () => {
  assert.equal(rocAuc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1])), 0.75);
  assert.equal(rocAuc(Float64Array.from([0.5, 0.5, 0.5, 0.5]), Uint8Array.from([0, 1, 0, 1])), 0.5);
});

test("domain classifier: AUC near 0.5 without drift, high with a joint shift that marginal tests miss", () => {
  const n = 3000;
  const a = normals(n, 0, 1, 11);
  const noise = normals(n, 0, 1, 12);
  // Reference: b = a + noise; current: b = −a + noise. Each marginal is the same N(0, 2); only the joint moved.
  const ref = { a, b: Float64Array.from(a, (v, i) => v + noise[i]!), c: choices(n, ["x", "y"], [1, 1], 13) };
  const a2 = normals(n, 0, 1, 14);
  const noise2 = normals(n, 0, 1, 15);
  const cur = { a: a2, b: Float64Array.from(a2, (v, i) => -v + noise2[i]!), c: choices(n, ["x", "y"], [1, 1], 16) };
  const specs = [
    { name: "a", kind: "numerical" as const, role: "feature" as const },
    { name: "b", kind: "numerical" as const, role: "feature" as const },
    { name: "c", kind: "categorical" as const, role: "feature" as const },
  ];
  const none = domainClassifierDrift(ref, { a: normals(n, 0, 1, 17), b: Float64Array.from(normals(n, 0, 1, 18), (v, i) => v + normals(n, 0, 1, 19)[i]!), c: choices(n, ["x", "y"], [1, 1], 20) }, specs, { seed: 1 });
  assert.ok(Math.abs(none.auc - 0.5) < 0.05, `no drift AUC=${none.auc}`);
  assert.equal(none.drifted, false);
  // A linear model cannot separate b = a + e from b = −a + e; a product feature would. Shift the mean too, then it can.
  const moved = { ...cur, a: Float64Array.from(a2, (v) => v + 0.8) };
  const drift = domainClassifierDrift(ref, moved, specs, { seed: 1 });
  assert.ok(drift.auc > 0.65, `drift AUC=${drift.auc}`);
  assert.equal(drift.drifted, true);
  assert.equal(drift.importance[0]!.column, "a");
  assert.deepEqual(domainClassifierDrift(ref, moved, specs, { seed: 1 }), drift, "seeded: same answer twice");
});

test("the report runs the domain classifier on the profile's row sample when asked", () => {
  const ref = { a: normals(1500, 0, 1, 21), b: normals(1500, 0, 1, 22) };
  const cur = { a: normals(1500, 1, 1, 23), b: normals(1500, 0, 1, 24) };
  const r = driftReport(ref, cur, { multivariate: { seed: 3 } });
  assert.ok(r.multivariate !== null && r.multivariate.auc > 0.7 && r.multivariate.drifted);
});
