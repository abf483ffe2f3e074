// Each drift test against the same computation done with numpy/scipy the way Evidently does it
// (tests/fixtures/drift/make_fixtures.py), to 1e-9 relative.

import assert from "node:assert/strict";
import { test } from "node:test";
import { categoricalSample, DRIFT_TESTS, numericSample, runDriftTest, type ColumnSample } from "../../src/drift";
import { assertClose } from "../stats/fixtures";
import { loadDriftFixture } from "./helpers";

interface Case {
  name: string;
  kind: "num" | "cat";
  reference: (number | string)[];
  current: (number | string)[];
  expected: Record<string, number>;
  n_unique: number;
}

const { cases } = loadDriftFixture<{ cases: Case[] }>("evidently-formulas.json");

function sample(kind: Case["kind"], values: (number | string)[]): ColumnSample {
  return kind === "num" ? numericSample(values).sample : categoricalSample(values).sample;
}

for (const c of cases) {
  test(`Evidently formulas: ${c.name}`, () => {
    const ref = sample(c.kind, c.reference);
    const cur = sample(c.kind, c.current);
    let checked = 0;
    for (const [name, expected] of Object.entries(c.expected)) {
      if (name === "mannw_less") {
        assertClose(runDriftTest(DRIFT_TESTS.mannw!, ref, cur, 0.05, { mannwAlternative: "less" }).score, expected, "mannw alternative=less");
        continue;
      }
      const r = runDriftTest(DRIFT_TESTS[name]!, ref, cur);
      assertClose(r.score, expected, `${name} score`);
      checked++;
    }
    assert.ok(checked >= 4);
  });
}

test("verdicts follow each test's comparison at the threshold itself", () => {
  const t = DRIFT_TESTS;
  // ks: p <= threshold drifts; chisquare: p < threshold; distances: >= threshold; energy distance: > threshold.
  assert.equal(t.ks!.isDrift(0.05, 0.05), true);
  assert.equal(t.chisquare!.isDrift(0.05, 0.05), false);
  assert.equal(t.wasserstein!.isDrift(0.1, 0.1), true);
  assert.equal(t.ed!.isDrift(0.1, 0.1), false);
  assert.equal(t.cramer_von_mises!.isDrift(0.1, 0.1), true);
  assert.equal(t.anderson!.isDrift(0.1, 0.1), false);
});

test("a categorical column refuses a numerical test, naming the alternatives", () => {
  const ref = categoricalSample(["a", "b"]).sample;
  assert.throws(() => runDriftTest(DRIFT_TESTS.ks!, ref, ref), /works on numerical columns, not categorical/);
  assert.throws(() => runDriftTest(DRIFT_TESTS.z!, categoricalSample(["a", "b", "c"]).sample, ref), /z test is for binary columns; this one has 3 values/);
});
