// Drift KS and Wasserstein on large samples (the value-grid route, no sort) equal scipy 1.17's ks_2samp and
// wasserstein_distance, and the reference's std numpy's, on the committed fixture
// (tests/fixtures/stats/make_large_sample_fixtures.py).

import assert from "node:assert/strict";
import { test } from "node:test";
import { numericSample, runDriftTest, getDriftTest } from "../../src/drift";
import { assertClose, loadFixture } from "../stats/fixtures";

interface Side {
  n: number;
  seed: number;
  shape: string;
}
interface Case {
  name: string;
  reference: Side;
  current: Side;
  ks_statistic: number;
  ks_pvalue: number;
  wasserstein: number;
  reference_std: number;
}

// The fixture script's formulas, with the same floating-point operations in the same order.
const SHAPES: Record<string, (x: number) => number> = {
  uniform: (x) => x,
  shifted: (x) => x + 0.01,
  cubic: (x) => x * x * x * 4.0 - 2.0 * x,
  tied: (x) => Math.floor(x * 50.0) / 50.0,
  offset: (x) => x + 1e6,
  heavy: (x) => (x - 0.5) / (x * (1.0 - x) + 1e-3),
  wide: (x) => x * 3.0 - 1.0,
};

function values({ n, seed, shape }: Side): Float64Array {
  const out = new Float64Array(n);
  const f = SHAPES[shape]!;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    out[i] = f(s / 2147483647.0);
  }
  return out;
}

test("KS and Wasserstein on 60k-120k-value samples equal scipy's, without sorting either sample", () => {
  const { cases } = loadFixture<{ cases: Case[] }>("scipy-large-samples.json");
  assert.equal(cases.length, 7);
  for (const c of cases) {
    const ref = numericSample(values(c.reference), "x", { copy: true }).sample;
    const cur = numericSample(values(c.current), "x").sample;
    const ks = runDriftTest(getDriftTest("ks"), ref, cur);
    assertClose(ks.statistic, c.ks_statistic, `${c.name}: KS statistic`, 1e-12);
    assertClose(ks.pValue!, c.ks_pvalue, `${c.name}: KS p-value`);
    const w = runDriftTest(getDriftTest("wasserstein"), ref, cur);
    assertClose(w.details.wasserstein as number, c.wasserstein, `${c.name}: Wasserstein-1`);
    assertClose(w.details.referenceStd as number, c.reference_std, `${c.name}: the reference's np.std, taken while reading and counting`);
    assert.equal(ref.isSorted || cur.isSorted, false, `${c.name}: neither sample was sorted (the grid route ran)`);
  }
});
