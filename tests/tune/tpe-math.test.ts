// TPE's formulas and Parzen estimator against numbers Optuna 4.9 computed (tests/fixtures/tune/make_tpe_fixture.py).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { defaultGamma, defaultWeights } from "../../src/tune";
import { distributionFromJson, type Distribution } from "../../src/tune/distributions";
import { ParzenEstimator } from "../../src/tune/samplers/parzen-estimator";

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../tests/fixtures/tune/tpe-fixture.json"), "utf8"));

test("defaultGamma(n) = min(ceil(0.1 n), 25) as Optuna computes it", () => {
  for (const [n, g] of Object.entries(fixture.gamma)) assert.equal(defaultGamma(Number(n)), g, `n = ${n}`);
});

test("defaultWeights(n): flat below 25, a ramp for the older trials beyond, as Optuna computes it", () => {
  for (const [n, w] of Object.entries(fixture.weights) as [string, number[]][]) {
    const ours = defaultWeights(Number(n));
    assert.equal(ours.length, w.length, `n = ${n}`);
    ours.forEach((x, i) => assert.ok(Math.abs(x - w[i]) < 1e-12, `n = ${n}, i = ${i}: ${x} vs ${w[i]}`));
  }
});

for (const [i, c] of (fixture.parzen as any[]).entries()) {
  const names = Object.keys(c.space);
  test(`Parzen estimator log density matches Optuna: case ${i} (${names.join("+")}, ${c.observations[names[0]].length} observations${c.multivariate ? ", multivariate" : ""})`, () => {
    const space: Record<string, Distribution> = {};
    for (const n of names) space[n] = distributionFromJson(n, c.space[n]);
    const pe = new ParzenEstimator(c.observations, space, { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights, multivariate: c.multivariate });
    const ours = pe.logPdf(c.points);
    (c.logPdf as number[]).forEach((want, j) => assert.ok(Math.abs(ours[j] - want) < 1e-5, `point ${j}: ${ours[j]} vs Optuna ${want}`));
  });
}
