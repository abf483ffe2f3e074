// The float64 radix sort behind ROC/PR curves: the same order as a numeric sort on awkward inputs.

import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom } from "../../src/stats";
import { radixSortFloat64 } from "../../src/evaluation/radix-sort";

test("radixSortFloat64 orders like TypedArray.prototype.sort: signs, ties, tiny gaps, extremes, subnormals", () => {
  const rng = new SeededRandom(7);
  const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE];
  const generators: Record<string, () => number> = {
    "uniform [-1, 1)": () => rng.next() * 2 - 1,
    "many ties": () => Math.round(rng.next() * 100) / 100,
    // Equal high words (sign, exponent, top mantissa), different low words: the tie-break runs, long and short.
    "within 1e-9 of 1": () => 1 + rng.next() * 1e-9,
    "within 1e-13 of 0.5": () => 0.5 + rng.next() * 1e-13,
    "huge magnitudes": () => (rng.next() - 0.5) * 1e300,
    specials: () => special[rng.int(special.length)]!,
  };
  for (const [name, gen] of Object.entries(generators)) {
    for (const n of [10, 5000, 60_000]) {
      const a = Float64Array.from({ length: n }, gen);
      const expected = a.slice().sort();
      const sorted = radixSortFloat64(a);
      assert.equal(sorted, a, "in place");
      for (let i = 0; i < n; i++) if (a[i] !== expected[i]) assert.fail(`${name}, n=${n}: index ${i} holds ${a[i]}, expected ${expected[i]}`);
    }
  }
});
