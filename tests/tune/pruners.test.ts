// Pruners on hand-made study snapshots: median/percentile, successive halving, Hyperband, patient.

import assert from "node:assert/strict";
import { test } from "node:test";
import { HyperbandPruner, MedianPruner, PatientPruner, PercentilePruner, SuccessiveHalvingPruner, type FrozenTrial, type StudyView, type TrialState } from "../../src/tune";

function mk(number: number, state: TrialState, curve: number[], value: number | null = null): FrozenTrial {
  return {
    number,
    state,
    values: value === null ? null : [value],
    params: {},
    distributions: {},
    intermediateValues: new Map(curve.map((v, i) => [i, v])),
    userAttrs: {},
    constraints: null,
    failReason: null,
    datetimeStart: 0,
    datetimeComplete: null,
    runId: `r${number}`,
  };
}

function view(trials: FrozenTrial[], direction: "minimize" | "maximize" = "minimize"): StudyView {
  return { studyName: "s", directions: [direction], getTrials: (states) => trials.filter((t) => !states || states.includes(t.state)) };
}

test("median pruner: startup trials, warm-up steps, worse than the median at the same step", () => {
  const done = [10, 20, 30, 40, 50].map((v, i) => mk(i, "COMPLETE", [v, v - 1, v - 2], v));
  const p = new MedianPruner();
  assert.equal(p.prune(view(done.slice(0, 4)), mk(9, "RUNNING", [1000])), false, "fewer than 5 completed trials");
  assert.equal(p.prune(view(done), mk(9, "RUNNING", [31])), true, "31 > median 30 at step 0");
  assert.equal(p.prune(view(done), mk(9, "RUNNING", [29])), false);
  assert.equal(p.prune(view(done), mk(9, "RUNNING", [25, 40])), false, "the trial's best so far (25) counts, not its last value");
  assert.equal(p.prune(view(done, "maximize"), mk(9, "RUNNING", [29])), true, "maximize: below the median is worse");
  assert.equal(new MedianPruner({ nWarmupSteps: 2 }).prune(view(done), mk(9, "RUNNING", [1000, 1000])), false, "within the warm-up");
  assert.equal(p.prune(view(done), mk(9, "RUNNING", [])), false, "nothing reported");
  assert.equal(p.prune(view(done), mk(9, "RUNNING", [NaN])), true, "only NaN reported");
});

test("percentile pruner interpolates like numpy", () => {
  const done = [10, 20, 30, 40, 50].map((v, i) => mk(i, "COMPLETE", [v], v));
  // 25th percentile of 10..50 is 20; 90th is 46.
  assert.equal(new PercentilePruner(25).prune(view(done), mk(9, "RUNNING", [21])), true);
  assert.equal(new PercentilePruner(25).prune(view(done), mk(9, "RUNNING", [19])), false);
  assert.equal(new PercentilePruner(90).prune(view(done), mk(9, "RUNNING", [45.9])), false);
  assert.equal(new PercentilePruner(90).prune(view(done), mk(9, "RUNNING", [46.1])), true);
  assert.throws(() => new PercentilePruner(120), /percentile must be in \[0, 100\], got 120/);
  assert.throws(() => new MedianPruner({ nStartupTrials: -1 }), /nStartupTrials must be an integer >= 0, got -1/);
});

test("successive halving: promoted only in the top 1/η at a rung; rungs at r·η^k", () => {
  const sha = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
  // Eight trials reached rung 0 (step 1) with values 1..8.
  const others = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => mk(i, i < 4 ? "COMPLETE" : "PRUNED", [v, v], v));
  // With the new trial: 9 competitors, top 1/4 -> index floor(9/4) - 1 = 1, threshold 2.
  assert.equal(sha.prune(view(others), mk(20, "RUNNING", [9, 1.5])), false);
  assert.equal(sha.prune(view(others), mk(20, "RUNNING", [9, 2.5])), true);
  assert.equal(sha.prune(view(others), mk(20, "RUNNING", [100])), false, "step 0 is below the first rung");
  assert.equal(sha.prune(view(others), mk(20, "RUNNING", [9, 1.5, 100])), false, "between rungs (next at step 4) nothing is judged");
  assert.equal(sha.prune(view(others, "maximize"), mk(20, "RUNNING", [0, 7.5])), false, "maximize: top values promoted");
  assert.equal(sha.prune(view(others, "maximize"), mk(20, "RUNNING", [0, 6.5])), true);
});

test("successive halving with minResource auto waits for a completed trial: last step // 100, at least 1", () => {
  const sha = new SuccessiveHalvingPruner();
  assert.equal(sha.reductionFactor, 4);
  assert.equal(sha.resolvedMinResource(view([mk(0, "RUNNING", [1, 2])])), null);
  assert.equal(sha.prune(view([mk(0, "RUNNING", [1, 2])]), mk(1, "RUNNING", [5, 5])), false);
  const long = mk(0, "COMPLETE", new Array(450).fill(1), 1);
  assert.equal(sha.resolvedMinResource(view([long])), 4);
  assert.equal(sha.resolvedMinResource(view([mk(0, "COMPLETE", [1, 2, 3], 3)])), 1);
});

test("Hyperband: ⌊log_η(max/min)⌋ + 1 brackets, every bracket used, each trial judged within its bracket", () => {
  const hb = new HyperbandPruner({ maxResource: 81 });
  const study = view([]);
  assert.equal(hb.reductionFactor, 3);
  assert.equal(hb.nBrackets(study), 5);
  const counts = new Array(5).fill(0);
  for (let n = 0; n < 2000; n++) counts[hb.bracketOf(study, n, 5)]++;
  assert.ok(counts.every((c) => c > 0), `all brackets used: ${counts}`);
  assert.ok(counts[0] > counts[4], "the most aggressive bracket gets the largest budget");
  assert.equal(hb.nBrackets(view([mk(0, "RUNNING", [1])])), 5);
  assert.equal(new HyperbandPruner().nBrackets(view([])), null, "max resource auto: unknown until a trial completes");
  assert.equal(new HyperbandPruner().nBrackets(view([mk(0, "COMPLETE", new Array(27).fill(1), 1)])), 4);
  assert.throws(() => new HyperbandPruner({ minResource: 10, maxResource: 5 }), /maxResource \(5\) must be >= minResource \(10\)/);
});

test("patient pruner: prunes (or asks the wrapped pruner) only after `patience` steps without improvement", () => {
  const p = new PatientPruner(null, 2);
  const s = view([]);
  assert.equal(p.prune(s, mk(0, "RUNNING", [5, 3, 3.5, 3.6, 3.7])), true, "best before the window 3, best of the last 3 steps 3.5");
  assert.equal(p.prune(s, mk(0, "RUNNING", [5, 3, 3.5, 3.6, 2.9])), false, "improved in the window");
  assert.equal(p.prune(s, mk(0, "RUNNING", [5, 4, 3])), false, "not enough steps");
  assert.equal(new PatientPruner(null, 2, { minDelta: 1 }).prune(s, mk(0, "RUNNING", [5, 3, 3.5, 3.6, 3.7])), false, "within minDelta");
  const never = { name: "never", prune: () => false };
  assert.equal(new PatientPruner(never, 2).prune(s, mk(0, "RUNNING", [5, 3, 3.5, 3.6, 3.7])), false, "the wrapped pruner decides");
  assert.equal(p.prune(view([], "maximize"), mk(0, "RUNNING", [1, 3, 2.5, 2.4, 2.3])), true);
});
