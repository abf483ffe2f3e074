// Grid, QMC (Sobol against scipy), NSGA-II and the TPE options (multivariate, constant liar), through studies.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { createStudy, GridSampler, NSGAIISampler, QMCSampler, RandomSampler, TPESampler } from "../../src/tune";
import { crowdingDistance, nonDominatedSort } from "../../src/tune/samplers/multi-objective";
import { Sobol } from "../../src/tune/samplers/sobol";

const sobolFixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../tests/fixtures/tune/sobol-fixture.json"), "utf8"));

test("Sobol points equal scipy.stats.qmc.Sobol(scramble=False) (fixture by scipy)", () => {
  for (const [d, points] of Object.entries(sobolFixture.points) as [string, number[][]][]) {
    const s = new Sobol(Number(d));
    points.forEach((p, i) => assert.deepEqual(s.point(i), p, `dimension ${d}, point ${i}`));
  }
});

test("scrambled Sobol: seeded, still one point per cell of a 2^k grid (a (t,m,s)-net property)", () => {
  const a = new Sobol(2, { scramble: true, seed: 3 });
  assert.deepEqual(a.point(5), new Sobol(2, { scramble: true, seed: 3 }).point(5));
  assert.notDeepEqual(a.point(5), new Sobol(2, { scramble: true, seed: 4 }).point(5));
  // First 16 points: each of the 16 columns [k/16, (k+1)/16) holds exactly one point in each dimension.
  for (let d = 0; d < 2; d++) {
    const cells = new Set(Array.from({ length: 16 }, (_, i) => Math.floor(a.point(i)[d] * 16)));
    assert.equal(cells.size, 16);
  }
  assert.throws(() => new Sobol(65), /up to 64 dimensions, got 65/);
});

test("QMCSampler: after the first (random) trial, trial n takes Sobol point n over the search space", async () => {
  const study = await createStudy({ sampler: new QMCSampler({ seed: 1 }) });
  await study.optimize((t) => t.suggestFloat("a", 0, 10) + t.suggestFloat("b", -1, 1), { nTrials: 9 });
  const sobol = new Sobol(2);
  for (const t of study.trials.slice(1)) {
    const [u, v] = sobol.point(t.number);
    assert.ok(Math.abs((t.params.a as number) - 10 * u) < 1e-12);
    assert.ok(Math.abs((t.params.b as number) - (-1 + 2 * v)) < 1e-12);
  }
  assert.throws(() => new QMCSampler({ qmcType: "halton" as never }), /not supported/);
});

test("GridSampler: every combination once, then optimize stops by itself; seeded order", async () => {
  const space = { x: [1, 2, 3], opt: ["a", "b"] };
  const order = async (seed: number) => {
    const study = await createStudy({ sampler: new GridSampler(space, { seed }) });
    await study.optimize((t) => (t.suggestInt("x", 0, 5) as number) + (t.suggestCategorical("opt", ["a", "b", "c"]) === "a" ? 0 : 1));
    return study.trials.map((t) => `${t.params.x}${t.params.opt}`);
  };
  const a = await order(1);
  assert.equal(a.length, 6);
  assert.deepEqual([...a].sort(), ["1a", "1b", "2a", "2b", "3a", "3b"]);
  assert.deepEqual(await order(1), a);
  const study = await createStudy({ sampler: new GridSampler(space) });
  await assert.rejects(study.optimize((t) => t.suggestFloat("y", 0, 1), { nTrials: 1 }), /'y' is not in the grid/);
  assert.equal(study.trials[0].state, "FAIL");
  const out = await createStudy({ sampler: new GridSampler({ x: [10] }) });
  await assert.rejects(out.optimize((t) => t.suggestInt("x", 0, 5), { nTrials: 1 }), /Grid value 10 of 'x' is outside/);
  assert.throws(() => new GridSampler({ x: [] }), /non-empty array/);
});

test("non-dominated sorting and crowding distance on a small set", () => {
  const mk = (n: number, v: number[]) => ({ number: n, values: v, constraints: null } as never);
  const pts = [mk(0, [1, 5]), mk(1, [2, 3]), mk(2, [3, 4]), mk(3, [4, 1]), mk(4, [5, 5])];
  const fronts = nonDominatedSort(pts, ["minimize", "minimize"]);
  assert.deepEqual(fronts.map((f) => [...f].sort()), [[0, 1, 3], [2], [4]]);
  const d = crowdingDistance([pts[0], pts[1], pts[3]], ["minimize", "minimize"]);
  assert.equal(d[0], Infinity);
  assert.equal(d[2], Infinity);
  assert.ok(Math.abs(d[1] - (3 / 3 + 4 / 4)) < 1e-12);
});

test("NSGA-II (default for two objectives) finds a better Pareto front than random search", async () => {
  // Two objectives in conflict along x; y only hurts. The Pareto set is y = 0, x in [0, 2].
  const objective = (t: import("../../src/tune").Trial) => {
    const x = t.suggestFloat("x", -4, 6);
    const y = t.suggestFloat("y", -3, 3);
    return [x * x + y * y, (x - 2) ** 2 + y * y];
  };
  const hv = (front: { values: readonly number[] | null }[]) => {
    // Hypervolume against the reference point (8, 8): sweep over the front sorted by the first objective.
    const pts = front.map((t) => t.values!).filter((v) => v[0] < 8 && v[1] < 8).sort((a, b) => a[0] - b[0]);
    let area = 0;
    let prevY = 8;
    for (const [x, y] of pts) {
      if (y < prevY) {
        area += (8 - x) * (prevY - y);
        prevY = y;
      }
    }
    return area;
  };
  let nsga = 0;
  let rand = 0;
  for (let seed = 0; seed < 3; seed++) {
    const a = await createStudy({ directions: ["minimize", "minimize"], sampler: new NSGAIISampler({ seed, populationSize: 20 }) });
    assert.equal(a.sampler.name, "NSGAIISampler");
    await a.optimize(objective, { nTrials: 160 });
    const b = await createStudy({ directions: ["minimize", "minimize"], sampler: new RandomSampler({ seed }) });
    await b.optimize(objective, { nTrials: 160 });
    nsga += hv(a.bestTrials);
    rand += hv(b.bestTrials);
    assert.ok(a.bestTrials.every((t) => !a.bestTrials.some((u) => u.values![0] <= t.values![0] && u.values![1] <= t.values![1] && u !== t && (u.values![0] < t.values![0] || u.values![1] < t.values![1]))));
  }
  assert.ok(nsga > rand, `hypervolume NSGA-II ${nsga / 3} vs random ${rand / 3}`);
  const s = await createStudy({ directions: ["minimize", "maximize"] });
  assert.throws(() => s.bestTrial, /single-objective/);
  assert.throws(() => new NSGAIISampler({ populationSize: 1 }), /populationSize must be an integer >= 2/);
  const seeded = async (seed: number) => {
    const st = await createStudy({ directions: ["minimize", "minimize"], sampler: new NSGAIISampler({ seed, populationSize: 10 }) });
    await st.optimize(objective, { nTrials: 30 });
    return st.trials.map((t) => t.params);
  };
  assert.deepEqual(await seeded(5), await seeded(5));
  assert.notDeepEqual(await seeded(5), await seeded(6));
  const sbx = await createStudy({ directions: ["minimize", "minimize"], sampler: new NSGAIISampler({ seed: 1, populationSize: 10, crossover: "sbx" }) });
  await sbx.optimize(objective, { nTrials: 40 });
  assert.ok(sbx.trials.every((t) => t.state === "COMPLETE" && (t.params.x as number) >= -4 && (t.params.x as number) <= 6));
});

test("TPE multivariate and constant liar (4 concurrent objectives) still beat random search", async () => {
  const f = (t: import("../../src/tune").Trial) => (t.suggestFloat("x", -5, 5) - 1) ** 2 + (t.suggestFloat("y", -5, 5) + 2) ** 2 + (t.suggestInt("k", 0, 10) - 7) ** 2;
  let multi = 0;
  let liar = 0;
  let rand = 0;
  for (let seed = 0; seed < 3; seed++) {
    const a = await createStudy({ sampler: new TPESampler({ seed, multivariate: true }) });
    await a.optimize(f, { nTrials: 60 });
    const b = await createStudy({ sampler: new TPESampler({ seed, constantLiar: true }) });
    await b.optimize(async (t) => {
      await new Promise((r) => setTimeout(r, 1));
      return f(t);
    }, { nTrials: 60, nJobs: 4 });
    const c = await createStudy({ sampler: new RandomSampler({ seed }) });
    await c.optimize(f, { nTrials: 60 });
    multi += a.bestValue;
    liar += b.bestValue;
    rand += c.bestValue;
  }
  assert.ok(multi < rand, `multivariate ${multi / 3} vs random ${rand / 3}`);
  assert.ok(liar < rand, `constant liar ${liar / 3} vs random ${rand / 3}`);
  const mo = await createStudy({ directions: ["minimize", "minimize"], sampler: new TPESampler({ nStartupTrials: 0 }) });
  await assert.rejects(mo.optimize((t) => [t.suggestFloat("x", 0, 1), 1], { nTrials: 1 }), /single-objective.*NSGAIISampler/);
});
