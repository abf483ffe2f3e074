// Against Evidently itself (0.7.23, tests/fixtures/drift/make_evidently_fixtures.py): every stat test's score to
// 1e-9 relative and its verdict, and the automatic choice of test, on the columns of evidently-formulas.json.

import assert from "node:assert/strict";
import { test } from "node:test";
import { categoricalSample, defaultDriftTestName, DRIFT_TESTS, numericSample, runDriftTest, type ColumnSample } from "../../src/drift";
import { assertClose } from "../stats/fixtures";
import { loadDriftFixture } from "./helpers";

interface DataCase {
  name: string;
  kind: "num" | "cat";
  reference: (number | string)[];
  current: (number | string)[];
  n_unique: number;
}
interface EvidentlyCase {
  name: string;
  default: string;
  results: Record<string, { score: number; drifted: boolean; threshold: number }>;
}

const data = loadDriftFixture<{ cases: DataCase[] }>("evidently-formulas.json").cases;
const evidently = loadDriftFixture<{ evidently: string; cases: EvidentlyCase[] }>("evidently-stattests.json");

const sample = (kind: DataCase["kind"], v: (number | string)[]): ColumnSample => (kind === "num" ? numericSample(v).sample : categoricalSample(v).sample);

test("the fixture comes from Evidently 0.7", () => assert.match(evidently.evidently, /^0\.7\./));

for (const ev of evidently.cases) {
  const c = data.find((d) => d.name === ev.name)!;
  test(`Evidently ${evidently.evidently}: ${c.name}`, () => {
    assert.equal(defaultDriftTestName(c.kind === "num" ? "numerical" : "categorical", c.reference.length, c.n_unique), ev.default, "automatic choice");
    const ref = sample(c.kind, c.reference);
    const cur = sample(c.kind, c.current);
    let compared = 0;
    for (const [name, e] of Object.entries(ev.results)) {
      // Evidently's z silently compares the first of 3+ categories; labops refuses a non-binary column instead.
      if (name === "z" && c.n_unique > 2) continue;
      // Evidently runs Mann-Whitney one-sided (alternative="less"); labops defaults to two-sided, same option here.
      const options = name === "mannw" ? { mannwAlternative: "less" } : {};
      const r = runDriftTest(DRIFT_TESTS[name]!, ref, cur, e.threshold, options);
      assertClose(r.score, e.score, `${name} score`);
      assert.equal(r.drifted, e.drifted, `${name} verdict (score ${r.score}, threshold ${e.threshold})`);
      compared++;
    }
    assert.ok(compared >= 4, `compared ${compared}`);
  });
}
