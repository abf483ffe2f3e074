// sortFinite (two-level bucket sort that skips NaN/±Infinity) gives the finite values in TypedArray#sort's order.

import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRandom, sortFinite } from "../../src/stats";

function expectedSorted(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(Array.from(a).filter((v) => Number.isFinite(v))).sort();
}

function assertSameOrder(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) assert.fail(`${label}: index ${i} holds ${actual[i]}, expected ${expected[i]}`);
}

test("sortFinite matches TypedArray#sort of the finite values: normals, heavy tails, ties, outliers, zeros, missing", () => {
  const r = new SeededRandom(11);
  const gens: Record<string, () => number> = {
    normal: () => r.normal(),
    lognormal: () => Math.exp(2 * r.normal()),
    ties: () => Math.round(r.normal() * 3) / 2,
    rounded: () => Math.round(r.normal() * 400) / 100,
    outlier: () => (r.next() < 0.0005 ? 1e300 : r.normal()),
    skewed: () => (r.next() < 0.9 ? r.normal() * 1e-6 : r.normal() * 1e3),
    tiny: () => -Math.abs(r.normal()) * 1e-300,
    zeros: () => (r.next() < 0.3 ? (r.next() < 0.5 ? -0 : 0) : r.normal()),
    missing: () => {
      const u = r.next();
      return u < 0.05 ? NaN : u < 0.07 ? Infinity : u < 0.09 ? -Infinity : r.normal();
    },
  };
  for (const [name, g] of Object.entries(gens)) {
    for (const n of [0, 1, 7, 8191, 9000, 70000, 300000]) {
      const a = Float64Array.from({ length: n }, g);
      const copy = a.slice();
      const expected = expectedSorted(a);
      assertSameOrder(sortFinite(a), expected, `${name} n=${n}`);
      assert.deepEqual(a, copy, `${name} n=${n}: the input is left as it was`);
      const out = new Float64Array(n + 3).fill(42);
      const sorted = sortFinite(a, out, new Float64Array(n));
      assertSameOrder(sorted, expected, `${name} n=${n} with buffers`);
      assert.equal(sorted.buffer, out.buffer, "the result is a view of `out` when it is long enough");
    }
  }
});

test("sortFinite: constant columns, all missing, Float32 input, too-short buffers", () => {
  assertSameOrder(sortFinite(new Float64Array(20000).fill(3)), new Float64Array(20000).fill(3), "constant");
  assert.equal(sortFinite(new Float64Array(10000).fill(NaN)).length, 0);
  const r = new SeededRandom(3);
  const f32 = Float32Array.from({ length: 50000 }, () => r.normal());
  assertSameOrder(sortFinite(f32), expectedSorted(f32), "float32");
  const a = Float64Array.from({ length: 20000 }, () => r.normal());
  const short = new Float64Array(10);
  const sorted = sortFinite(a, short, new Float64Array(5));
  assert.notEqual(sorted.buffer, short.buffer, "a too-short `out` is not written past its end");
  assertSameOrder(sorted, expectedSorted(a), "short buffers");
});
