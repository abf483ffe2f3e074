// sortFloat64 (bucket sort for large columns) gives the order of TypedArray#sort on awkward inputs.

import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom, sortFloat64 } from "../../src/stats";

test("sortFloat64 matches TypedArray#sort: normals, heavy tails, ties, outliers, negatives, small arrays", () => {
  const r = new SeededRandom(5);
  const gens: Record<string, () => number> = {
    normal: () => r.normal(),
    lognormal: () => Math.exp(2 * r.normal()),
    ties: () => Math.round(r.normal() * 3) / 2,
    outlier: () => (r.next() < 0.0005 ? 1e300 : r.normal()),
    negative: () => -Math.abs(r.normal()) * 1e-300,
  };
  for (const [name, g] of Object.entries(gens)) {
    for (const n of [0, 1, 5, 9000, 60000]) {
      const a = Float64Array.from({ length: n }, g);
      const expected = Float64Array.from(a).sort();
      const scratch = new Float64Array(n);
      assert.deepEqual(Array.from(sortFloat64(a, scratch)), Array.from(expected), `${name} n=${n}`);
    }
  }
  const constant = new Float64Array(20000).fill(3);
  assert.deepEqual(Array.from(sortFloat64(constant)), Array.from(new Float64Array(20000).fill(3)));
});
