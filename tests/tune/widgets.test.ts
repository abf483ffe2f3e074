// Tuning charts: the data functions on real studies, and the bundles they render.

import assert from "node:assert/strict";
import { test } from "node:test";
import { createStudy, getParamImportances, NSGAIISampler, RandomSampler, type Trial } from "../../src/tune";
import { toMimeBundle } from "../../widgets/mime-bundle";
import {
  contourData,
  optimizationHistoryData,
  parallelCoordinateData,
  paramImportancesData,
  paretoFrontData,
  plotContour,
  plotOptimizationHistory,
  plotParallelCoordinate,
  plotParamImportances,
  plotParetoFront,
  plotSlice,
  sliceData,
} from "../../widgets/tune";

const objective = (t: Trial) => {
  const x = t.suggestFloat("x", 0, 1);
  const y = t.suggestFloat("y", 0, 1);
  const lr = t.suggestFloat("lr", 1e-4, 1, { log: true });
  const opt = t.suggestCategorical("opt", ["adam", "sgd"]);
  return 10 * (x - 0.3) ** 2 + 0.01 * y + 0.001 * Math.log(lr) + (opt === "sgd" ? 0.5 : 0);
};

async function study(n = 80) {
  const s = await createStudy({ sampler: new RandomSampler({ seed: 11 }) });
  await s.optimize(objective, { nTrials: n });
  await s.optimize(() => NaN, { nTrials: 2 }); // FAILed trials stay out of every chart
  return s;
}

test("optimization history: one point per COMPLETE trial, best-so-far is the running minimum", async () => {
  const s = await study();
  const data = optimizationHistoryData(s);
  assert.equal(data.length, 80);
  let best = Infinity;
  for (const [i, p] of data.entries()) {
    assert.equal(p.number, i);
    best = Math.min(best, p.value);
    assert.equal(p.best, best);
  }
  assert.equal(data.at(-1)!.best, s.bestValue);
  const bundle = await toMimeBundle(plotOptimizationHistory(s));
  assert.match(bundle!["text/plain"], /80 complete trials, best value/);
  assert.match(String(bundle!["image/svg+xml"]), /^<svg/);
  assert.equal((bundle!["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } }).data.values.length, 160);
});

test("parameter importances: the parameter that drives the objective ranks first, sums to 1", async () => {
  const s = await study();
  const imp = getParamImportances(s.trials, s.directions);
  const names = Object.keys(imp);
  assert.deepEqual(names.sort(), ["lr", "opt", "x", "y"]);
  assert.ok(imp.x > imp.y && imp.x > imp.lr, JSON.stringify(imp));
  assert.ok(Math.abs(Object.values(imp).reduce((a, b) => a + b, 0) - 1) < 1e-12);
  const data = paramImportancesData(s);
  assert.equal(data.importances[0].param, Object.keys(imp)[0]);
  assert.match(data.method, /PED-ANOVA/);
  assert.throws(() => getParamImportances([], ["minimize"]), /at least 2 COMPLETE trials, got 0/);
  assert.throws(() => getParamImportances(s.trials, s.directions, { targetQuantile: 1.5 }), /targetQuantile must be in \(0, 1\), got 1.5/);
  assert.match((await toMimeBundle(plotParamImportances(s)))!["text/plain"], /x: /);
});

test("parallel coordinates place each trial on every axis within [0, 1]; categorical by index; log in log space", async () => {
  const s = await study(20);
  const data = parallelCoordinateData(s);
  assert.deepEqual(data.axes.map((a) => a.name), ["objective", "lr", "opt", "x", "y"]);
  assert.equal(data.rows.length, 20 * 5);
  assert.ok(data.rows.every((r) => r.position >= 0 && r.position <= 1));
  const lrs = s.trials.filter((t) => t.state === "COMPLETE").map((t) => Math.log(t.params.lr as number));
  const t0 = s.trials[0];
  const row = data.rows.find((r) => r.number === 0 && r.axis === "lr")!;
  assert.ok(Math.abs(row.position - (Math.log(t0.params.lr as number) - Math.min(...lrs)) / (Math.max(...lrs) - Math.min(...lrs))) < 1e-12);
  assert.equal(data.rows.find((r) => r.number === 0 && r.axis === "opt")!.position, t0.params.opt === "adam" ? 0 : 1);
  assert.match((await toMimeBundle(plotParallelCoordinate(s)))!["text/plain"], /Parallel coordinates: 20 trials/);
});

test("slice plot: a point per trial and parameter, log scale for log parameters", async () => {
  const s = await study(15);
  const data = sliceData(s);
  assert.equal(data.points.length, 15 * 4);
  assert.deepEqual(data.params.find((p) => p.name === "lr"), { name: "lr", log: true, categorical: false });
  assert.deepEqual(data.params.find((p) => p.name === "opt"), { name: "opt", log: false, categorical: true });
  assert.match(String((await toMimeBundle(plotSlice(s)))!["image/svg+xml"]), /^<svg/);
});

test("contour: every cell takes the value of the nearest trial; trials on top", async () => {
  const s = await study(30);
  const data = contourData(s, "x", "y", { resolution: 10 });
  assert.equal(data.cells.length, 100);
  assert.equal(data.trials.length, 30);
  // Each cell carries the value of the trial nearest to its centre (axes scaled to the trials' range).
  const xs = data.trials.map((t) => t.x);
  const ys = data.trials.map((t) => t.y);
  const sx = Math.max(...xs) - Math.min(...xs);
  const sy = Math.max(...ys) - Math.min(...ys);
  for (const c of data.cells) {
    const cx = (c.x + c.x2) / 2;
    const cy = (c.y + c.y2) / 2;
    const nearest = [...data.trials].sort((a, b) => ((a.x - cx) / sx) ** 2 + ((a.y - cy) / sy) ** 2 - (((b.x - cx) / sx) ** 2 + ((b.y - cy) / sy) ** 2))[0];
    assert.equal(c.value, nearest.value);
  }
  const best = data.trials.reduce((a, b) => (b.value < a.value ? b : a));
  assert.ok(data.cells.some((c) => c.value === best.value), "the best trial's value appears in its region");
  assert.throws(() => contourData(s, "x", "opt"), /numeric params 'x' and 'opt'/);
  assert.match((await toMimeBundle(plotContour(s, "x", "lr")))!["text/plain"], /Contour of x × lr over 30 trials/);
});

test("Pareto front: the 'best' points are exactly the study's bestTrials", async () => {
  const s = await createStudy({ directions: ["minimize", "maximize"], sampler: new NSGAIISampler({ seed: 2, populationSize: 10 }) });
  await s.optimize((t) => {
    const x = t.suggestFloat("x", 0, 2);
    return [x * x, 2 * x - x * x * 0.3];
  }, { nTrials: 40 });
  const data = paretoFrontData(s);
  assert.equal(data.length, 40);
  assert.deepEqual(data.filter((p) => p.kind === "best").map((p) => p.number).sort((a, b) => a - b), s.bestTrials.map((t) => t.number).sort((a, b) => a - b));
  assert.equal(paretoFrontData(s, { includeDominatedTrials: false }).length, s.bestTrials.length);
  await assert.rejects(async () => paretoFrontData(await study(3)), /at least two directions/);
  assert.match((await toMimeBundle(plotParetoFront(s)))!["text/plain"], /Pareto front: \d+ of 40 trials/);
});
