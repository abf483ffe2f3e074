// Evidently's automatic test choice by kind, reference size and cardinality, and the per-column overrides.

import assert from "node:assert/strict";
import { test } from "node:test";
import { chooseDriftTest, defaultDriftTestName, driftReport, ksTest } from "../../src/drift";
import { choices, normals } from "./helpers";

test("defaultDriftTestName reproduces _get_default_stattest on both sides of every boundary", () => {
  const table: [Parameters<typeof defaultDriftTestName>, string][] = [
    [["numerical", 1000, 6], "ks"],
    [["numerical", 1000, 5], "chisquare"],
    [["numerical", 1000, 3], "chisquare"],
    [["numerical", 1000, 2], "z"],
    [["categorical", 1000, 3], "chisquare"],
    [["categorical", 1000, 2], "z"],
    [["categorical", 1000, 50], "chisquare"],
    [["numerical", 1001, 6], "wasserstein"],
    [["numerical", 1001, 5], "jensenshannon"],
    [["numerical", 1001, 2], "jensenshannon"],
    [["categorical", 1001, 2], "jensenshannon"],
    [["categorical", 5000, 40], "jensenshannon"],
  ];
  for (const [args, name] of table) assert.equal(defaultDriftTestName(...args), name, JSON.stringify(args));
});

test("overrides: perColumnMethod beats numMethod beats method; thresholds likewise", () => {
  const never = () => {
    throw new Error("cardinality must not be computed when a test is given");
  };
  assert.equal(chooseDriftTest("a", "numerical", 50, never, { method: "psi", numMethod: "ed" }).test.name, "ed");
  assert.equal(chooseDriftTest("a", "categorical", 50, never, { method: "psi", numMethod: "ed" }).test.name, "psi");
  const c = chooseDriftTest("a", "numerical", 50, never, { method: "psi", numMethod: "ed", perColumnMethod: { a: ksTest }, threshold: 0.2, perColumnThreshold: { a: 0.01 } });
  assert.equal(c.test, ksTest);
  assert.equal(c.threshold, 0.01);
  assert.equal(c.automatic, false);
  const auto = chooseDriftTest("b", "numerical", 50, () => 10, { threshold: 0.2 });
  assert.deepEqual([auto.test.name, auto.threshold, auto.automatic], ["ks", 0.2, true]);
  assert.throws(() => chooseDriftTest("b", "numerical", 50, () => 10, { method: "nope" }), /Unknown drift test "nope"/);
});

test("a report picks ks for a small numeric column, wasserstein for a large one, z and jensenshannon for binary ones", () => {
  const small = { x: normals(300, 0, 1, 1), flag: choices(300, ["a", "b"], [1, 1], 2) };
  const large = { x: normals(3000, 0, 1, 3), flag: choices(3000, ["a", "b"], [1, 1], 4) };
  const r1 = driftReport(small, { x: normals(200, 0, 1, 5), flag: choices(200, ["a", "b"], [1, 1], 6) });
  assert.deepEqual(r1.columns.map((c) => c.test), ["ks", "z"]);
  const r2 = driftReport(large, { x: normals(2000, 0, 1, 7), flag: choices(2000, ["a", "b"], [1, 1], 8) });
  assert.deepEqual(r2.columns.map((c) => c.test), ["wasserstein", "jensenshannon"]);
});
