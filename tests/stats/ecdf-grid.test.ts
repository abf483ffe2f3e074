// The value-grid KS statistic and Wasserstein-1 distance equal the sorted merges (ksStatisticSorted exactly,
// wasserstein1Sorted to rounding) on every shape of data the grid handles differently: ties, tails past the
// reference's range, missing values, heavy tails, large offsets, tiny current samples.

import assert from "node:assert/strict";
import { test } from "node:test";
import { alignEdges, bucketBoundary, BucketValues, countOnGrid, histogramOnGrid, histogramSorted, ksStatisticOnGrid, ksStatisticSorted, linspace, SeededRandom, sortFinite, valueGrid, wasserstein1OnGrid, wasserstein1Sorted } from "../../src/stats";

function range(a: Float64Array | Float32Array): [number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const v of a)
    if (Number.isFinite(v)) {
      n++;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return [lo, hi, n];
}

function compareBothWays(ref: Float64Array | Float32Array, cur: Float64Array | Float32Array, label: string): void {
  const [lo, hi, n] = range(ref);
  const grid = valueGrid(lo, hi, n);
  assert.ok(grid, `${label}: a grid exists`);
  const rs = sortFinite(ref);
  const cs = sortFinite(cur);
  // Fresh gatherers for each statistic: each must find the buckets it needs by itself.
  const onGrid = (): [BucketValues, BucketValues] => [new BucketValues(countOnGrid(grid, ref), ref), new BucketValues(countOnGrid(grid, cur), cur)];
  const [r1, c1] = onGrid();
  assert.equal(r1.counts.n, rs.length, `${label}: finite reference count`);
  assert.equal(c1.counts.n, cs.length, `${label}: finite current count`);
  assert.equal(ksStatisticOnGrid(r1, c1), ksStatisticSorted(rs, cs), `${label}: KS statistic`);
  const [r2, c2] = onGrid();
  const w = wasserstein1OnGrid(r2, c2);
  const expected = wasserstein1Sorted(rs, cs);
  assert.ok(Math.abs(w - expected) <= 1e-12 * expected, `${label}: W1 ${w} vs ${expected} (relative ${(Math.abs(w - expected) / expected).toExponential(1)})`);
  // The widget's histogram over the pooled range (and over a narrower one), after the statistics' buckets were read.
  const pooled = linspace(Math.min(rs[0]!, cs[0]!), Math.max(rs[rs.length - 1]!, cs[cs.length - 1]!), 21);
  const inner = linspace(rs[Math.floor(rs.length / 4)]!, rs[Math.floor((3 * rs.length) / 4)]!, 7);
  for (const edges of [pooled, inner, alignEdges(grid, pooled)]) {
    assert.deepEqual(histogramOnGrid(r2, edges), histogramSorted(rs, edges), `${label}: reference histogram`);
    assert.deepEqual(histogramOnGrid(c2, edges), histogramSorted(cs, edges), `${label}: current histogram`);
  }
  // Edges on bucket boundaries are counted from the buckets alone: no value is read (fresh samples, nothing wanted).
  const [r4, c4] = onGrid();
  const aligned = alignEdges(grid, pooled);
  for (const [b, sorted] of [[r4, rs], [c4, cs]] as const) {
    let gathered = false;
    const spy = Object.assign(Object.create(Object.getPrototypeOf(b)), b, { bucket: () => ((gathered = true), new Float64Array(0)) }) as BucketValues;
    assert.deepEqual(histogramOnGrid(spy, aligned), histogramSorted(sorted, aligned), `${label}: aligned histogram`);
    assert.equal(gathered, false, `${label}: an aligned histogram reads no bucket's values`);
  }
  // Sorted values (a profile read back from JSON) are sliced by bucket, not gathered; mixed with unsorted ones.
  const r3 = new BucketValues(countOnGrid(grid, rs), rs, true);
  const [, c3] = onGrid();
  assert.equal(ksStatisticOnGrid(r3, c3), ksStatisticSorted(rs, cs), `${label}: KS statistic, sorted reference`);
  const w3 = wasserstein1OnGrid(r3, new BucketValues(countOnGrid(grid, cs), cs, true));
  assert.ok(Math.abs(w3 - expected) <= 1e-12 * expected, `${label}: W1, both sorted`);
  assert.deepEqual(histogramOnGrid(new BucketValues(countOnGrid(grid, cs), cs, true), pooled), histogramSorted(cs, pooled), `${label}: current histogram, sorted`);
}

test("grid KS and W1 equal the sorted merges: shifts, scales, ties, heavy tails, offsets, missing values", () => {
  const r = new SeededRandom(5);
  const draw = (n: number, f: () => number) => Float64Array.from({ length: n }, f);
  const N = 60000;
  const cases: [string, Float64Array, Float64Array][] = [
    ["same normal", draw(N, () => r.normal()), draw(N, () => r.normal())],
    ["shift", draw(N, () => r.normal()), draw(45000, () => r.normal() + 0.03)],
    ["scale", draw(N, () => Math.exp(0.5 * r.normal())), draw(N, () => Math.exp(0.6 * r.normal()))],
    ["rounded ties", draw(N, () => Math.round(r.normal() * 100) / 100), draw(N, () => Math.round(r.normal() * 100) / 100)],
    ["few values", draw(N, () => Math.floor(r.next() * 7)), draw(N, () => Math.floor(r.next() * 7.3))],
    ["heavy tails", draw(N, () => r.normal() / (r.normal() + 1e-9)), draw(N, () => r.normal() / (r.normal() + 1e-9))],
    ["offset 1e6", draw(N, () => 1e6 + r.normal()), draw(N, () => 1e6 + r.normal())],
    ["current past both ends", draw(N, () => r.next()), draw(N, () => 3 * r.next() - 1)],
    ["current entirely below", draw(N, () => r.next()), draw(1000, () => r.next() - 5)],
    ["current entirely above", draw(N, () => r.next()), draw(1000, () => r.next() + 5)],
    ["tiny current", draw(N, () => r.normal()), draw(7, () => r.normal())],
    ["missing values", draw(N, () => (r.next() < 0.05 ? NaN : r.normal())), draw(N, () => { const u = r.next(); return u < 0.03 ? Infinity : u < 0.06 ? -Infinity : u < 0.1 ? NaN : r.normal(); })],
    ["signed zeros", draw(N, () => (r.next() < 0.3 ? -0 : r.normal())), draw(N, () => (r.next() < 0.3 ? 0 : r.normal()))],
  ];
  for (const [label, ref, cur] of cases) compareBothWays(ref, cur, label);
  compareBothWays(Float32Array.from(cases[1]![1]), Float32Array.from(cases[1]![2]), "Float32 input");
});

test("grid: no grid for a constant or unbounded range; both samples must share one grid; n·m must stay below 2^53", () => {
  assert.equal(valueGrid(1, 1, 1000), null);
  assert.equal(valueGrid(-Number.MAX_VALUE, Number.MAX_VALUE, 1000), null, "the range itself overflows");
  const a = Float64Array.from({ length: 5000 }, (_, i) => i);
  const g1 = valueGrid(0, 4999, 5000)!;
  const g2 = valueGrid(0, 4999, 5000)!;
  const on = (g: typeof g1, v: Float64Array) => new BucketValues(countOnGrid(g, v), v);
  assert.throws(() => wasserstein1OnGrid(on(g1, a), on(g2, a)), /same grid/);
  const nan = new Float64Array([NaN]);
  assert.throws(() => ksStatisticOnGrid(on(g1, a), on(g1, nan)), /non-empty/);
  const huge = new BucketValues({ ...countOnGrid(g1, a), n: 2 ** 27 }, a);
  assert.throws(() => wasserstein1OnGrid(huge, huge), /too large for the grid/);
});

test("BucketValues: one pass gathers every bucket wanted so far, sorted, and the tails", () => {
  const g = valueGrid(0, 100, 40000)!;
  const v = Float64Array.from([50.5, 3, 50.4, -7, 101, 3, -2, 50.45]);
  const b = new BucketValues(countOnGrid(g, v), v);
  const b50 = Math.floor(50.4 * g.scale);
  b.want([Math.floor(3 * g.scale)]);
  assert.deepEqual(Array.from(b.bucket(b50)), [50.4, 50.45].filter((x) => Math.floor(x * g.scale) === b50));
  assert.deepEqual(Array.from(b.bucket(Math.floor(3 * g.scale))), [3, 3]);
  assert.deepEqual([Array.from(b.tails().below), Array.from(b.tails().above)], [[-7, -2], [101]]);
});

test("bucketBoundary: the least double the grid maps to bucket k; alignEdges moves inner edges by under a bucket", () => {
  const g = valueGrid(-3.7, 11.3, 1e6)!;
  for (const k of [1, 17, 4096, 65535]) {
    const t = bucketBoundary(g, k);
    const at = (v: number) => Math.floor((v - g.lo) * g.scale);
    assert.ok(at(t) >= k, `bucket of the boundary ${k}`);
    const before = new Float64Array([t]);
    new BigInt64Array(before.buffer)[0]! -= t > 0 ? 1n : -1n;
    assert.ok(at(before[0]!) < k, `the double below boundary ${k} is in an earlier bucket`);
  }
  const edges = linspace(-5, 12, 21);
  const aligned = alignEdges(g, edges);
  assert.equal(aligned[0], -5, "outer edges stay");
  assert.equal(aligned[20], 12);
  for (let j = 1; j < 20; j++) assert.ok(Math.abs(aligned[j]! - edges[j]!) <= 1 / g.scale, `edge ${j} moved by at most a bucket`);
});

test("countOnGrid: tails summed apart, missing values skipped, the maximum in the last bucket", () => {
  const g = valueGrid(0, 10, 20000)!;
  const c = countOnGrid(g, new Float64Array([0, 10, 5, -1, -3, 12, NaN, Infinity, -Infinity]));
  assert.equal(c.n, 6);
  assert.deepEqual([c.below, c.belowSum, c.above, c.aboveSum], [2, 4, 1, 2]);
  assert.deepEqual([Array.from(c.belowValues), Array.from(c.aboveValues), c.min, c.max], [[-1, -3], [12], -3, 12]);
  assert.equal(c.counts[0], 1);
  assert.equal(c.counts[g.buckets - 1], 1, "hi lands in the last bucket");
  assert.equal(c.counts.reduce((s, x) => s + x, 0), 3);
});
