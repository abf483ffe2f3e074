// The one seeded generator: each named stream repeats what the generator it replaced drew (pinned values), the
// draws have the right laws, and bad seeds or names are refused.

import assert from "node:assert/strict";
import { test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { seededRandom } from "../../src/data/random";
import { RANDOM_ALGORITHMS, SeededRandom, type RandomAlgorithm } from "../../src/stats";
import { Rng } from "../../src/tune/rng";

const take = (n: number, draw: () => number) => Array.from({ length: n }, draw);
const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

// Drawn with seed 42 by the four generators before they were folded into src/stats/random.ts: stats' xoshiro128**,
// tune's Rng (sfc32), evaluation's sfc32 with one-word floats, data's mulberry32. Committed results depend on them.
test("each stream draws what the generator it replaced drew, seed 42", () => {
  let r = new SeededRandom(42);
  assert.deepEqual(take(3, () => r.nextUint32()), [2837322924, 544945897, 479756282]);
  assert.deepEqual(take(3, () => r.next()), [0.814939410083783, 0.026350207740137188, 0.2589688441208532]);
  assert.deepEqual(take(3, () => r.normal()), [-1.4802740194545574, 0.10263419141660214, 0.6453532920899209]);
  assert.deepEqual(take(3, () => r.int(1000)), [7, 139, 400]);
  assert.deepEqual([...r.shuffle(range(8))], [7, 3, 4, 0, 5, 1, 2, 6]);

  r = new SeededRandom(42, "sfc32");
  assert.deepEqual(take(3, () => r.nextUint32()), [1028872839, 2516511472, 400437680]);
  assert.deepEqual(take(3, () => r.next()), [0.1986696231894315, 0.8355816293403567, 0.9291548465550287]);
  assert.deepEqual(take(3, () => r.normal()), [-0.6548383830572531, 0.9716152394640978, 0.6388670521342444]);
  assert.deepEqual(take(3, () => r.int(1000)), [584, 35, 931]);
  assert.deepEqual(take(5, () => r.weightedIndex([1, 2, 3, 4])), [1, 3, 1, 0, 1]);
  assert.equal(r.nextUint32(), 2846234487);
  assert.equal(r.uniform(-2, 3), -0.8230832578579448);

  r = new SeededRandom(42, "sfc32-single");
  assert.deepEqual(take(3, () => r.nextUint32()), [2476999517, 2284424721, 914527439]);
  assert.deepEqual(take(3, () => r.next()), [0.7912528037559241, 0.23419718188233674, 0.7856360534206033]);
  assert.deepEqual(take(3, () => r.int(1000)), [839, 239, 351]);
  assert.deepEqual([...r.shuffle(range(8))], [3, 0, 6, 2, 7, 1, 4, 5]);

  r = new SeededRandom(42, "mulberry32");
  assert.deepEqual(take(3, () => r.next()), [0.4813160905614495, 0.9852536325342953, 0.7379171899519861]);
  assert.deepEqual(take(3, () => r.normal()), [-0.28421348790145684, -0.9475162409226252, -0.24822019708073897]);
  assert.deepEqual(take(3, () => r.int(1000)), [667, 699, 542]);
  assert.deepEqual([...r.shuffle(range(8))], [7, 1, 0, 2, 5, 3, 6, 4]);
});

test("tune's Rng and data's seededRandom are the one generator on their streams", () => {
  const tune = new Rng(7);
  const sfc = new SeededRandom(7, "sfc32");
  assert.deepEqual(take(50, () => tune.random()), take(50, () => sfc.next()));
  assert.deepEqual(take(50, () => tune.normal()), take(50, () => sfc.normal()));
  assert.deepEqual(take(50, () => tune.int(3, 9)), take(50, () => 3 + sfc.int(7)));
  const data = seededRandom(7);
  const mul = new SeededRandom(7, "mulberry32");
  assert.deepEqual(take(50, () => data.normal()), take(50, () => mul.normal()));
});

test("every stream: floats in [0, 1) with mean 1/2 and variance 1/12, standard normals, integers that cover [0, n)", () => {
  const n = 200_000;
  for (const algorithm of RANDOM_ALGORITHMS) {
    const r = new SeededRandom(2026, algorithm);
    let sum = 0, sum2 = 0, min = 1, max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      sum += u; sum2 += u * u; min = Math.min(min, u); max = Math.max(max, u);
    }
    assert.ok(min >= 0 && max < 1, `${algorithm}: floats in [0, 1)`);
    // Standard errors: sqrt(1/12 / n) ≈ 6.5e-4 for the mean; 5 of them.
    assert.ok(Math.abs(sum / n - 0.5) < 0.0033, `${algorithm}: mean ${sum / n}`);
    assert.ok(Math.abs(sum2 / n - (sum / n) ** 2 - 1 / 12) < 0.0033, `${algorithm}: variance`);
    let zs = 0, zs2 = 0, beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      zs += z; zs2 += z * z; if (Math.abs(z) > 1.959964) beyond2++;
    }
    assert.ok(Math.abs(zs / n) < 0.012, `${algorithm}: normal mean ${zs / n}`);
    assert.ok(Math.abs(zs2 / n - 1) < 0.017, `${algorithm}: normal variance ${zs2 / n}`);
    assert.ok(Math.abs(beyond2 / n - 0.05) < 0.0025, `${algorithm}: P(|Z| > 1.96) = ${beyond2 / n}`);
    const counts = new Int32Array(7);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]!++;
    assert.ok(counts.every((c) => Math.abs(c - 10_000) < 500), `${algorithm}: int(7) counts ${counts}`);
  }
});

test("shuffle is a permutation; weightedIndex follows the weights and never picks a zero weight", () => {
  const r = new SeededRandom(3);
  const a = r.shuffle(range(1000));
  assert.deepEqual([...a].sort((x, y) => x - y), [...range(1000)]);
  assert.notDeepEqual([...a], [...range(1000)]);
  const strings = r.shuffle(["a", "b", "c", "d"]);
  assert.deepEqual([...strings].sort(), ["a", "b", "c", "d"]);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 60_000; i++) counts[r.weightedIndex([1, 0, 2, 3])]!++;
  assert.equal(counts[1], 0);
  [10_000, 0, 20_000, 30_000].forEach((want, i) => assert.ok(Math.abs(counts[i]! - want) < 600, `index ${i}: ${counts[i]}`));
  const u = r.uniform(-3, -1);
  assert.ok(u >= -3 && u < -1);
});

test("same seed, same stream; another seed or algorithm, another; no seed: a fresh one each time", () => {
  for (const algorithm of RANDOM_ALGORITHMS) {
    const draw = (seed?: number, alg: RandomAlgorithm = algorithm) => {
      const r = new SeededRandom(seed, alg);
      return take(4, () => r.next());
    };
    assert.deepEqual(draw(9), draw(9));
    assert.notDeepEqual(draw(9), draw(10));
    assert.notDeepEqual(draw(), draw());
    assert.equal(new SeededRandom(1, algorithm).algorithm, algorithm);
  }
  assert.notDeepEqual(take(4, () => new SeededRandom(9).next()), take(4, () => new SeededRandom(9, "mulberry32").next()));
});

test("a seed that is not a finite number, or an unknown algorithm, is refused with the value named", () => {
  for (const seed of [NaN, Infinity]) {
    assert.throws(() => new SeededRandom(seed), (e: unknown) => isLabopsError(e) && e.code === "INVALID_PARAMETER_VALUE" && e.message.includes(String(seed)));
  }
  assert.throws(() => new SeededRandom(1, "pcg64" as RandomAlgorithm), /"pcg64" is not known; use one of xoshiro128\*\*, sfc32, sfc32-single, mulberry32/);
});
