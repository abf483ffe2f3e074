// Bad input gets an error naming the value; sequential read-outs are consistent and wider than fixed ones; a rollout
// checked with always-valid tests does not roll back on a borderline fixed-horizon result.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  analyzeExperiment,
  bootstrapDifference,
  csMultiplier,
  csPValue,
  checkRollout,
  InMemoryRolloutStore,
  msprt,
  proportionsZTest,
  relativeLift,
  sampleSizeProportions,
  startRollout,
  summarizeMean,
  welchTest,
  type MetricInput,
} from "../../src/abtest";
import { isLabopsError } from "../../src/core/errors";
import { normals } from "./helpers";

const invalid = (re: RegExp) => (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && re.test((e as Error).message);

test("bad inputs are refused with messages that name the value", () => {
  assert.throws(() => welchTest([1, 2, NaN], [1, 2, 3]), invalid(/control contains NaN/));
  assert.throws(() => welchTest([1], [1, 2, 3]), invalid(/control needs at least 2 values, got 1/));
  assert.throws(() => welchTest({ n: 1.5, mean: 0, variance: 1 }, { n: 10, mean: 0, variance: 1 }), invalid(/control\.n must be an integer >= 2, got 1\.5/));
  assert.throws(() => welchTest([1, 2], [1, 2], { alpha: 0 }), invalid(/alpha must lie in \(0, 1\), got 0/));
  assert.throws(() => welchTest([1, 2], [1, 2], { alternative: "bigger" as never }), invalid(/alternative must be two-sided, less or greater, got "bigger"/));
  assert.throws(() => proportionsZTest({ n: 10, conversions: 11 }, { n: 10, conversions: 1 }), invalid(/control\.conversions must be an integer in \[0, n=10\], got 11/));
  assert.throws(() => proportionsZTest([0, 1, 2], [0, 1]), invalid(/control\[2\] is 2: a conversion metric takes 0 or 1/));
  assert.throws(() => proportionsZTest(new Uint8Array([0, 1, 3]), [0, 1]), invalid(/control\[2\] is 3/));
  assert.throws(() => relativeLift({ n: 10, mean: 0, variance: 1 }, { n: 10, mean: 1, variance: 1 }), invalid(/control mean other than 0/));
  assert.throws(() => sampleSizeProportions({ baseline: 0.6, mde: 1 }), invalid(/mde 1 moves the baseline 0\.6 to 1\.2/));
  assert.throws(() => bootstrapDifference([1, 2, 3], [1, 2, 3], { nResamples: 10 }), invalid(/nResamples must be an integer >= 100, got 10/));
  assert.throws(() => analyzeExperiment([{ name: "a", kind: "mean", control: [1, 2], treatment: [1, 2] }, { name: "a", kind: "mean", control: [1, 2], treatment: [1, 2] }]), invalid(/metric "a" is given twice/));
  assert.throws(() => analyzeExperiment([{ name: "a", kind: "ratio", control: [1, 2], treatment: [1, 2] } as unknown as MetricInput]), invalid(/kind must be mean or proportion, got "ratio"/));
  assert.throws(() => msprt([]), invalid(/at least one look/));
  assert.throws(() => proportionsZTest({ n: 10, conversions: 0 }, { n: 12, conversions: 0 }), invalid(/same outcome \(rate 0\)/));
  assert.throws(() => welchTest([2, 2, 2], [3, 3]), invalid(/both arms have zero variance/));
});

test("confidence sequence: p <= alpha exactly when 0 is outside the always-valid CI, and it is wider than the fixed CI", () => {
  for (const n of [100, 1000, 5000, 100000]) {
    const k = csMultiplier(n);
    assert.ok(k > 1.96, `multiplier ${k} at n = ${n}`);
    assert.ok(csPValue(k * 0.999, n) > 0.05 && csPValue(k * 1.001, n) < 0.05, `p crosses alpha at the CI edge for n = ${n}`);
  }
  const metrics: MetricInput[] = [{ name: "conv", kind: "proportion", control: { n: 20000, conversions: 2000 }, treatment: { n: 20000, conversions: 2120 } }];
  const fixed = analyzeExperiment(metrics).metrics[0]!;
  const seq = analyzeExperiment(metrics, { sequential: { tuning: 5000 } }).metrics[0]!;
  assert.equal(seq.lift, fixed.lift);
  assert.ok(seq.pValue > fixed.pValue && seq.liftCi.lower < fixed.liftCi.lower && seq.liftCi.upper > fixed.liftCi.upper);
  assert.ok(fixed.significant && !seq.significant, "a 6% lift at z ≈ 2.8 is significant fixed, not yet sequentially");
  // Raw arrays and their summaries give the same sequential read-out.
  const c = normals(3000, 5, 2, 1);
  const t = normals(3000, 5.2, 2, 2);
  const raw = analyzeExperiment([{ name: "rev", kind: "mean", control: c, treatment: t }], { sequential: {} }).metrics[0]!;
  const sum = analyzeExperiment([{ name: "rev", kind: "mean", control: summarizeMean(c), treatment: summarizeMean(t) }], { sequential: {} }).metrics[0]!;
  assert.deepEqual(raw, sum);
  assert.ok(raw.pValue > welchTest(c, t).pValue);
});

test("rollout: a borderline regression (fixed p ≈ 0.04) rolls back with fixed tests but holds with the default sequential ones", async () => {
  const metrics: MetricInput[] = [{ name: "conversion", kind: "proportion", control: { n: 20000, conversions: 2000 }, treatment: { n: 20000, conversions: 1880 } }];
  const fixedP = proportionsZTest(metrics[0]!.control as never, metrics[0]!.treatment as never).pValue;
  assert.ok(fixedP < 0.05 && fixedP > 0.001, `fixed p ${fixedP}`);
  for (const [sequential, expected] of [[undefined, "hold"], [false, "rollback"]] as const) {
    const store = new InMemoryRolloutStore();
    await startRollout(store, { name: "r", champion: "a", challenger: "b", now: 0, ...(sequential === undefined ? {} : { config: { sequential } }) });
    const r = await checkRollout(store, "r", metrics, { now: 3600_000 });
    assert.equal(r.decision.action, expected, `sequential ${String(sequential)}: ${r.decision.reasons.join(" ")}`);
  }
  await assert.rejects(startRollout(new InMemoryRolloutStore(), { name: "r", champion: "a", challenger: "b", config: { sequential: { tuning: 0 } } }), invalid(/sequential must be false or/));
});

test("recommendations: ship, keep running (below the minimum improvement or not significant), no difference", () => {
  const conv = (c: number, t: number, n = 50000): MetricInput => ({ name: "conv", kind: "proportion", control: { n, conversions: Math.round(c * n) }, treatment: { n, conversions: Math.round(t * n) } });
  const ship = analyzeExperiment([conv(0.1, 0.11)], { minImprovement: 0.02 });
  assert.equal(ship.recommendation, "ship");
  assert.match(ship.reasons[0]!, /goal "conv" improved by \+10\.00%/);
  const small = analyzeExperiment([conv(0.1, 0.1015, 2_000_000)], { minImprovement: 0.02 });
  assert.equal(small.recommendation, "keep-running");
  assert.match(small.reasons[0]!, /below the minimum improvement \+2\.00%/);
  assert.equal(analyzeExperiment([conv(0.1, 0.101, 2000)]).recommendation, "keep-running");
  const flat = analyzeExperiment([conv(0.1, 0.1, 2_000_000)], { minImprovement: 0.02 });
  assert.equal(flat.recommendation, "no-difference");
});
