// Seeded simulations: the fixed-horizon test keeps its false-positive rate, the sequential tests stay valid
// under continuous peeking (where peeking at the fixed test does not), and they detect a real effect.

import assert from "node:assert/strict";
import { test } from "node:test";
import { confidenceSequence, msprt, msprtTau2, proportionsZTest, welchTest, type SequentialLook } from "../../src/abtest";
import { erf, SeededRandom } from "../../src/stats";

test("A/A: Welch's false-positive rate at alpha 0.05 over 2,000 runs lies in [0.04, 0.06]; the z-test's too", () => {
  const rng = new SeededRandom(2026);
  const n = 200;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let welchHits = 0;
  let zHits = 0;
  for (let run = 0; run < 2000; run++) {
    for (let i = 0; i < n; i++) {
      a[i] = 3 + 2 * rng.normal();
      b[i] = 3 + 2 * rng.normal();
    }
    if (welchTest(a, b).significant) welchHits++;
    let ca = 0;
    let cb = 0;
    for (let i = 0; i < 1000; i++) {
      ca += rng.next() < 0.1 ? 1 : 0;
      cb += rng.next() < 0.1 ? 1 : 0;
    }
    if (proportionsZTest({ n: 1000, conversions: ca }, { n: 1000, conversions: cb }).significant) zHits++;
  }
  const fpr = welchHits / 2000;
  const zFpr = zHits / 2000;
  assert.ok(fpr >= 0.04 && fpr <= 0.06, `Welch A/A false-positive rate ${fpr}`);
  assert.ok(zFpr >= 0.04 && zFpr <= 0.06, `z-test A/A false-positive rate ${zFpr}`);
});

/** Cumulative looks every `batch` units per arm, from running sums. */
function looksOf(rng: SeededRandom, looks: number, batch: number, effect: number): SequentialLook[] {
  const out: SequentialLook[] = [];
  let n = 0, sc = 0, sqc = 0, st = 0, sqt = 0;
  for (let k = 0; k < looks; k++) {
    for (let i = 0; i < batch; i++) {
      const c = rng.normal();
      const t = rng.normal() + effect;
      sc += c; sqc += c * c; st += t; sqt += t * t;
    }
    n += batch;
    const mc = sc / n, mt = st / n;
    out.push({ control: { n, mean: mc, variance: (sqc - n * mc * mc) / (n - 1) }, treatment: { n, mean: mt, variance: (sqt - n * mt * mt) / (n - 1) } });
  }
  return out;
}

test("sequential: under A/A with a look every 20 units (100 looks), mSPRT and the confidence sequence reject at most alpha of runs; the fixed test peeked at does not", () => {
  const rng = new SeededRandom(99);
  const runs = 400;
  let msprtRejects = 0;
  let csRejects = 0;
  let naiveRejects = 0;
  for (let r = 0; r < runs; r++) {
    const looks = looksOf(rng, 100, 20, 0);
    if (msprt(looks, { horizon: 2000 }).rejected) msprtRejects++;
    if (looks.some((l) => confidenceSequence(l, { tuning: 2000 }).pValue <= 0.05)) csRejects++;
    if (r < 200 && looks.some((l) => welchTest(l.control, l.treatment).pValue < 0.05)) naiveRejects++;
  }
  assert.ok(msprtRejects / runs <= 0.05, `mSPRT rejected ${msprtRejects}/${runs} A/A runs under peeking`);
  assert.ok(csRejects / runs <= 0.05, `confidence sequence rejected ${csRejects}/${runs}`);
  assert.ok(naiveRejects / 200 > 0.15, `peeking at the fixed test should inflate its error well past alpha, got ${naiveRejects}/200`);
});

test("sequential: a real effect of 0.2 sd is detected, p-values never increase, and the always-valid CI covers the effect", () => {
  const rng = new SeededRandom(5);
  const looks = looksOf(rng, 100, 20, 0.2);
  const r = msprt(looks, { horizon: 2000 });
  assert.ok(r.rejected && r.firstRejection > 0 && r.firstRejection < 100, `first rejection at ${r.firstRejection}`);
  for (let i = 1; i < r.steps.length; i++) {
    assert.ok(r.steps[i]!.pValue <= r.steps[i - 1]!.pValue);
    assert.ok(r.steps[i]!.ci.upper - r.steps[i]!.ci.lower <= r.steps[i - 1]!.ci.upper - r.steps[i - 1]!.ci.lower + 1e-15);
  }
  const last = r.steps.at(-1)!;
  assert.ok(last.ci.lower < 0.2 && last.ci.upper > 0.2 && last.ci.lower > 0, `ci ${JSON.stringify(last.ci)}`);
  // The sequential CI is wider than the fixed one at the same data: the price of peeking.
  const fixed = welchTest(looks.at(-1)!.control, looks.at(-1)!.treatment);
  assert.ok(last.ci.upper - last.ci.lower > fixed.differenceCi.upper - fixed.differenceCi.lower);
  assert.ok(confidenceSequence(looks.at(-1)!, { tuning: 2000 }).pValue < 0.05);
  assert.throws(() => msprt([looks[5]!, looks[2]!]), /cumulative/);
});

test("mSPRT: with equal arms Λ is Johari's closed form, and τ² follows mixtureSPRT's calcTau", () => {
  const n = 400, s2 = 2.5, d = 0.31, tau2 = 0.04;
  const look = { control: { n, mean: 1, variance: s2 }, treatment: { n, mean: 1 + d, variance: s2 } };
  const lambda = Math.sqrt((2 * s2) / (2 * s2 + n * tau2)) * Math.exp((n * n * tau2 * d * d) / (4 * s2 * (2 * s2 + n * tau2)));
  const r = msprt([look], { tau2 });
  assert.ok(Math.abs(r.steps[0]!.lambda - lambda) < 1e-12 * lambda, `${r.steps[0]!.lambda} vs ${lambda}`);
  assert.ok(Math.abs(r.steps[0]!.pValue - Math.min(1, 1 / lambda)) < 1e-12);
  // calcTau: b = 2 ln(1/α)/√(Nσ²), τ² = σ²Φ(−b)/(φ(b)/b − Φ(−b)); by the default horizon when τ² is not given.
  const b = (2 * Math.log(20)) / Math.sqrt(5000 * s2);
  const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const expected = (s2 * Phi(-b)) / (phi(b) / b - Phi(-b));
  assert.ok(Math.abs(msprtTau2(s2, 5000, 0.05) - expected) < 1e-9 * expected);
  assert.ok(Math.abs(msprt([look]).tau2 - expected) < 1e-9 * expected);
});
