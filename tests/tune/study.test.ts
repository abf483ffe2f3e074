// Study API: ask/tell/optimize, best trial, enqueue, user attributes, constraints, bad input and failing objectives.

import assert from "node:assert/strict";
import { test } from "node:test";
import { createStudy, floatDistribution, MedianPruner, NopPruner, RandomSampler, TPESampler, TrialPruned, type Trial } from "../../src/tune";

const quadratic = (t: Trial) => {
  const x = t.suggestFloat("x", -10, 10);
  const y = t.suggestInt("y", -5, 5);
  return (x - 2) ** 2 + (y + 1) ** 2;
};

test("optimize runs nTrials trials and bestTrial/bestValue/bestParams are the minimum", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
  await study.optimize(quadratic, { nTrials: 30 });
  const trials = study.trials;
  assert.equal(trials.length, 30);
  assert.deepEqual(trials.map((t) => t.number), Array.from({ length: 30 }, (_, i) => i));
  assert.ok(trials.every((t) => t.state === "COMPLETE"));
  const min = Math.min(...trials.map((t) => t.values![0]));
  assert.equal(study.bestValue, min);
  const best = trials.find((t) => t.values![0] === min)!;
  assert.deepEqual(study.bestParams, best.params);
  assert.equal(study.bestTrial.number, best.number);
  for (const t of trials) {
    assert.ok((t.params.x as number) >= -10 && (t.params.x as number) <= 10);
    assert.ok(Number.isInteger(t.params.y));
  }
});

test("maximize picks the largest value", async () => {
  const study = await createStudy({ direction: "maximize", sampler: new RandomSampler({ seed: 1 }) });
  await study.optimize((t) => -quadratic(t), { nTrials: 20 });
  assert.equal(study.bestValue, Math.max(...study.trials.map((t) => t.values![0])));
});

test("same seed, same suggestions (random and TPE); another seed, others", async () => {
  const run = async (seed: number, tpe: boolean) => {
    const study = await createStudy({ sampler: tpe ? new TPESampler({ seed }) : new RandomSampler({ seed }) });
    await study.optimize((t) => quadratic(t) + (t.suggestCategorical("c", ["a", "b", "c"]) === "b" ? 0 : 1), { nTrials: 25 });
    return study.trials.map((t) => t.params);
  };
  for (const tpe of [false, true]) {
    assert.deepEqual(await run(7, tpe), await run(7, tpe));
    assert.notDeepEqual(await run(7, tpe), await run(8, tpe));
  }
});

test("TPE beats random search on a smooth problem with the same budget (averaged over seeds)", async () => {
  let tpeSum = 0;
  let randSum = 0;
  for (let seed = 0; seed < 5; seed++) {
    const a = await createStudy({ sampler: new TPESampler({ seed }) });
    await a.optimize((t) => (t.suggestFloat("x", -5, 5) - 1.3) ** 2 + (t.suggestFloat("z", -5, 5) + 0.7) ** 2, { nTrials: 60 });
    const b = await createStudy({ sampler: new RandomSampler({ seed }) });
    await b.optimize((t) => (t.suggestFloat("x", -5, 5) - 1.3) ** 2 + (t.suggestFloat("z", -5, 5) + 0.7) ** 2, { nTrials: 60 });
    tpeSum += a.bestValue;
    randSum += b.bestValue;
  }
  assert.ok(tpeSum < randSum / 3, `TPE ${tpeSum / 5} vs random ${randSum / 5}`);
});

test("ask/tell by hand, tell by trial number, and a trial is told once", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
  const t0 = await study.ask();
  const t1 = await study.ask();
  assert.deepEqual([t0.number, t1.number], [0, 1]);
  const x = t0.suggestFloat("x", 0, 1);
  await study.tell(t0, x);
  await study.tell(1, 5);
  await assert.rejects(study.tell(t0, 1), /already COMPLETE/);
  assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "COMPLETE"]);
  assert.equal(study.bestValue, x);
  assert.throws(() => t0.suggestFloat("other", 0, 1), /COMPLETE/);
});

test("ask with fixed distributions suggests them at once", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
  const t = await study.ask({ lr: floatDistribution("lr", 1e-5, 1e-1, { log: true }) });
  assert.ok((t.params.lr as number) >= 1e-5 && (t.params.lr as number) <= 1e-1);
});

test("enqueueTrial: fixed params first, missing ones sampled, user attrs kept; skipIfExists", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
  await study.enqueueTrial({ x: 2 }, { userAttrs: { source: "prior" } });
  await study.enqueueTrial({ x: 2 }, { skipIfExists: true });
  await study.enqueueTrial({ x: -3, y: 4 });
  assert.deepEqual(study.trials.map((t) => t.state), ["WAITING", "WAITING"]);
  await study.optimize(quadratic, { nTrials: 3 });
  const [a, b, c] = study.trials;
  assert.equal(a.params.x, 2);
  assert.ok(Number.isInteger(a.params.y));
  assert.deepEqual(a.userAttrs, { source: "prior" });
  assert.deepEqual(b.params, { x: -3, y: 4 });
  assert.notEqual(c.params.x, 2);
  assert.equal(study.trials.length, 3);
});

test("bad ranges are refused with the value named; the trial stays usable", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  const t = await study.ask();
  assert.throws(() => t.suggestFloat("a", 5, 1), /low \(5\) is above high \(1\)/);
  assert.throws(() => t.suggestFloat("b", 0, 1, { log: true }), /log range needs low > 0, got low = 0/);
  assert.throws(() => t.suggestFloat("b", -1, 1, { log: true }), /low > 0/);
  assert.throws(() => t.suggestInt("c", 0, 10, { log: true }), /low >= 1/);
  assert.throws(() => t.suggestFloat("d", 0, 1, { log: true, step: 0.1 }), /cannot be used together/);
  assert.throws(() => t.suggestFloat("e", 0, 1, { step: 0 }), /step must be > 0/);
  assert.throws(() => t.suggestInt("f", 0.5, 3), /must be an integer/);
  assert.throws(() => t.suggestFloat("g", NaN, 1), /finite number/);
  assert.throws(() => t.suggestCategorical("h", []), /non-empty/);
  assert.throws(() => t.suggestCategorical("h", [{}] as never), /string, number, boolean or null/);
  assert.deepEqual(t.params, {}, "no refused suggestion is recorded");
  const x = t.suggestFloat("x", 0, 1);
  assert.equal(t.suggestFloat("x", 0, 1), x, "same distribution again: same value");
  assert.throws(() => t.suggestFloat("x", 0, 2), /already suggested in trial 0 as float\(0, 1\).*float\(0, 2\)/);
  assert.throws(() => t.suggestInt("x", 0, 1), /already suggested/);
  assert.equal(t.suggestFloat("single", 3, 3), 3, "low == high is a fixed value");
  assert.equal(t.suggestFloat("st", 0, 1, { step: 0.3 }) <= 0.9, true, "a stepped range is cut to its last step");
  await study.tell(t, x);
  assert.equal(study.trials[0].state, "COMPLETE");
});

test("NaN and wrong return values FAIL the trial with the reason; optimisation goes on", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  const outputs: unknown[] = [NaN, "1", [1, 2], 3];
  await study.optimize(() => outputs.shift() as number, { nTrials: 4 });
  const trials = study.trials;
  assert.deepEqual(trials.map((t) => t.state), ["FAIL", "FAIL", "FAIL", "COMPLETE"]);
  assert.match(trials[0].failReason!, /NaN/);
  assert.match(trials[1].failReason!, /not a number/);
  assert.match(trials[2].failReason!, /2 value\(s\).*1 direction/);
  assert.equal(study.bestValue, 3);
});

test("an objective that throws FAILs its trial and is re-raised, unless listed in catch", async () => {
  class Flaky extends Error {}
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  let n = 0;
  await study.optimize(() => {
    if (n++ % 2 === 0) throw new Flaky("diverged");
    return 1;
  }, { nTrials: 4, catch: [Flaky] });
  assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "COMPLETE", "FAIL", "COMPLETE"]);
  assert.match(study.trials[0].failReason!, /diverged/);
  await assert.rejects(
    study.optimize(() => {
      throw new RangeError("boom");
    }, { nTrials: 5 }),
    /boom/,
  );
  assert.equal(study.trials.length, 5, "the failing trial is recorded and no more start");
  assert.equal(study.trials[4].state, "FAIL");
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"), "no trial left RUNNING");
});

test("nJobs runs async objectives concurrently and numbers stay unique", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  let active = 0;
  let peak = 0;
  await study.optimize(async (t) => {
    active++;
    peak = Math.max(peak, active);
    const x = t.suggestFloat("x", 0, 1);
    await new Promise((r) => setTimeout(r, 15));
    active--;
    return x;
  }, { nTrials: 12, nJobs: 4 });
  assert.equal(peak, 4);
  const numbers = study.trials.map((t) => t.number);
  assert.deepEqual(numbers, Array.from({ length: 12 }, (_, i) => i));
});

test("timeout stops starting trials; callbacks see each finished trial; stop() from a callback", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  const seen: number[] = [];
  const started = Date.now();
  await study.optimize(async () => {
    await new Promise((r) => setTimeout(r, 20));
    return 1;
  }, { timeout: 0.15, callbacks: [(_s, t) => void seen.push(t.number)] });
  assert.ok(Date.now() - started < 1000);
  assert.ok(seen.length >= 3 && seen.length <= 9, `${seen.length} trials`);
  assert.deepEqual(seen, study.trials.map((t) => t.number));
  await study.optimize(() => 1, { nTrials: 100, callbacks: [(s, t) => (t.number >= seen.length + 2 ? s.stop() : undefined)] });
  assert.equal(study.trials.length, seen.length + 3);
});

test("user attributes are stored and read back", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  await study.optimize((t) => {
    t.setUserAttr("accuracy", 0.9);
    t.setUserAttr("layers", [1, 2]);
    return 1;
  }, { nTrials: 1 });
  assert.deepEqual(study.trials[0].userAttrs, { accuracy: 0.9, layers: [1, 2] });
  const t = await study.ask();
  assert.throws(() => t.setUserAttr("f", () => 1), /JSON-serialisable/);
});

test("constraints: values <= 0 feasible; bestTrial is the best feasible trial; TPE favours feasible regions", async () => {
  const study = await createStudy({
    sampler: new TPESampler({ seed: 5 }),
    constraintsFunc: (t) => [(t.params.x as number) - 1], // feasible: x <= 1
  });
  await study.optimize((t) => -t.suggestFloat("x", -5, 5), { nTrials: 60 });
  const trials = study.trials;
  assert.ok(trials.every((t) => t.constraints!.length === 1));
  const best = study.bestTrial;
  assert.ok((best.params.x as number) <= 1);
  const feasibleMin = Math.min(...trials.filter((t) => (t.params.x as number) <= 1).map((t) => t.values![0]));
  assert.equal(best.values![0], feasibleMin);
  assert.ok(Math.min(...trials.map((t) => t.values![0])) < best.values![0], "an infeasible trial had a better value");
  // Random search would put the median |x - 1| near 2.5; TPE gathers at the feasible optimum x = 1.
  const late = trials.slice(30).map((t) => Math.abs((t.params.x as number) - 1)).sort((a, b) => a - b);
  assert.ok(late[15] < 1, `TPE gathers near the feasible optimum: median |x - 1| = ${late[15]}`);
});

test("no best trial yet: a clear error", async () => {
  const study = await createStudy();
  assert.throws(() => study.bestTrial, /no COMPLETE trial yet/);
});

test("createStudy refuses bad options", async () => {
  await assert.rejects(createStudy({ direction: "up" as never }), /'minimize' or 'maximize', got "up"/);
  await assert.rejects(createStudy({ direction: "minimize", directions: ["minimize"] }), /not both/);
  await assert.rejects(createStudy({ studyName: "" }), /non-empty/);
  const s = await createStudy();
  await assert.rejects(s.optimize(() => 1, {}), /nTrials or timeout/);
  await assert.rejects(s.optimize(() => 1, { nTrials: -1 }), /non-negative integer, got -1/);
  await assert.rejects(s.optimize(() => 1, { nTrials: 1, nJobs: 0 }), /nJobs must be a positive integer, got 0/);
  assert.equal(s.trials.length, 0);
});

test("TrialPruned ends a trial PRUNED; the median pruner prunes worse-than-median trials", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new MedianPruner({ nStartupTrials: 3 }) });
  // Trials 0..2 complete with curves 10, 20, 30 per step; trial 3 reports 100 at step 0: pruned.
  const levels = [10, 20, 30, 100, 5];
  await study.optimize((t) => {
    const level = levels[t.number];
    for (let step = 0; step < 3; step++) {
      t.report(level + step, step);
      if (t.shouldPrune()) throw new TrialPruned();
    }
    return level;
  }, { nTrials: 5 });
  assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "COMPLETE", "COMPLETE", "PRUNED", "COMPLETE"]);
  assert.deepEqual([...study.trials[3].intermediateValues], [[0, 100]]);
  assert.deepEqual(study.trials[3].values, [100], "a pruned trial keeps its last reported value, as in Optuna");
  assert.equal(study.bestValue, 5, "pruned trials never count as best");
  const nop = await createStudy({ pruner: new NopPruner(), sampler: new RandomSampler({ seed: 1 }) });
  await nop.optimize((t) => {
    t.report(1e9, 0);
    return t.shouldPrune() ? 1 : 0;
  }, { nTrials: 8 });
  assert.ok(nop.trials.every((t) => t.values![0] === 0));
});

test("report refuses bad steps; a step reported twice keeps the first value", async () => {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  const t = await study.ask();
  assert.throws(() => t.report(1, -1), /non-negative integer step, got -1/);
  assert.throws(() => t.report("x" as never, 1), /number value/);
  t.report(1, 0);
  t.report(2, 0);
  await study.tell(t, 1);
  assert.deepEqual([...study.trials[0].intermediateValues], [[0, 1]]);
});
