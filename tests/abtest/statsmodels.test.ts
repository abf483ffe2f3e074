// A/B statistics against statsmodels 0.15 / scipy 1.17 fixtures (tests/fixtures/abtest/make_fixtures.py).

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  analyzeExperiment,
  betaBinomialTest,
  bootstrapDifference,
  cupedTest,
  gaussianEffectTest,
  mannWhitneyTest,
  mdeMeans,
  mdeProportions,
  normalIndSolvePower,
  proportionEffectSize,
  proportionsZTest,
  sampleSizeMeans,
  sampleSizeProportions,
  srmCheck,
  summarizeMean,
  ttIndSolvePower,
  welchTest,
  type PowerArgs,
} from "../../src/abtest";
import { adjustPValues } from "../../src/stats";
import { noncentralTCdf } from "../../src/stats/noncentral-t";
import { studentTPpf } from "../../src/stats/student-t-quantile";
import { close, fixture } from "./helpers";

const ALTS = ["two-sided", "greater", "less"] as const;

test("Welch t-test: statistic, p-value, dof (every alternative), difference CI and lift CI as statsmodels", () => {
  for (const [i, c] of fixture.welch.entries()) {
    for (const alt of ALTS) {
      const r = welchTest(Float64Array.from(c.control), Float64Array.from(c.treatment), { alpha: c.alpha, alternative: alt });
      close(r.statistic, c[alt].statistic, 1e-10, 0, `case ${i} ${alt} t`);
      close(r.pValue, c[alt].pValue, 1e-9, 1e-15, `case ${i} ${alt} p`);
      close(r.df, c[alt].df, 1e-10, 0, `case ${i} ${alt} df`);
    }
    const r = welchTest(c.control, c.treatment, { alpha: c.alpha });
    close(r.pValue, c.scipyPValue, 1e-9, 1e-15, `case ${i} scipy p`);
    close(r.differenceCi.lower, c.differenceCi[0], 1e-9, 1e-12, `case ${i} ci lower`);
    close(r.differenceCi.upper, c.differenceCi[1], 1e-9, 1e-12, `case ${i} ci upper`);
    close(r.lift, c.lift, 1e-10, 1e-14, `case ${i} lift`);
    close(r.liftCi.lower, c.liftCi[0], 1e-9, 1e-12, `case ${i} lift lower`);
    close(r.liftCi.upper, c.liftCi[1], 1e-9, 1e-12, `case ${i} lift upper`);
    // Summaries give the same answer as raw values.
    const s = welchTest(summarizeMean(c.control), summarizeMean(c.treatment), { alpha: c.alpha });
    close(s.pValue, r.pValue, 1e-12, 0, "summary vs raw");
    const mw = mannWhitneyTest(c.control, c.treatment);
    close(mw.statistic, c.mannWhitney.statistic, 1e-12, 0, `case ${i} U`);
    close(mw.pValue, c.mannWhitney.pValue, 1e-9, 1e-15, `case ${i} U p`);
  }
});

test("two-proportion z-test: pooled statistic and p-value as proportions_ztest, Wald difference CI as confint_proportions_2indep", () => {
  for (const [i, c] of fixture.proportions.entries()) {
    for (const alt of ALTS) {
      const r = proportionsZTest(c.control, c.treatment, { alternative: alt });
      close(r.statistic, c[alt].statistic, 1e-10, 0, `case ${i} ${alt} z`);
      close(r.pValue, c[alt].pValue, 1e-9, 1e-15, `case ${i} ${alt} p`);
    }
    const r = proportionsZTest(c.control, c.treatment);
    close(r.differenceCi.lower, c.differenceCi[0], 1e-9, 1e-13, `case ${i} ci lower`);
    close(r.differenceCi.upper, c.differenceCi[1], 1e-9, 1e-13, `case ${i} ci upper`);
  }
  // Raw 0/1 arrays equal their counts.
  const c = fixture.proportions[2];
  const raw = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
  close(proportionsZTest(raw(c.control.n, c.control.conversions), raw(c.treatment.n, c.treatment.conversions)).pValue, c["two-sided"].pValue, 1e-9, 0, "raw");
});

test("power: Cohen's h, NormalIndPower and tt_ind_solve_power solve for each argument as statsmodels", () => {
  for (const c of fixture.power.cohenH) close(proportionEffectSize(c.p1, c.p2), c.h, 1e-12, 0, `h(${c.p1}, ${c.p2})`);
  const args = (c: Record<string, unknown>): PowerArgs => {
    const a: PowerArgs = { ratio: c.ratio as number, alternative: c.alternative as PowerArgs["alternative"] };
    if (c.effect_size !== null) a.effectSize = c.effect_size as number;
    if (c.nobs1 !== null) a.nobs1 = c.nobs1 as number;
    if (c.alpha !== null) a.alpha = c.alpha as number;
    if (c.power !== null) a.power = c.power as number;
    return a;
  };
  for (const c of fixture.power.normal) close(normalIndSolvePower(args(c)), c.result, 1e-6, 0, `normal ${JSON.stringify(c)}`);
  for (const c of fixture.power.ttest) close(ttIndSolvePower(args(c)), c.result, 1e-6, 0, `ttest ${JSON.stringify(c)}`);
  for (const c of fixture.power.proportionPlans) {
    const plan = sampleSizeProportions({ baseline: c.baseline, mde: c.mde });
    assert.equal(plan.controlSize, Math.ceil(c.nobs1), `plan ${c.baseline} ${c.mde}`);
    // The (upward) MDE at that size is the planned lift back again.
    if (c.mde > 0) close(mdeProportions({ baseline: c.baseline, nobs1: c.nobs1 }), c.mde, 1e-6, 0, "mde round trip");
  }
  const m = fixture.power.ttest[0];
  assert.equal(sampleSizeMeans({ sd: 2, mde: 2 * m.effect_size }).controlSize, Math.ceil(m.result));
  close(mdeMeans({ sd: 2, nobs1: m.result }), 2 * m.effect_size, 1e-6, 0, "mde means");
  assert.throws(() => normalIndSolvePower({ effectSize: 0.2, alpha: 0.05 }), /exactly one of/);
  assert.throws(() => ttIndSolvePower({ effectSize: 0.2, alpha: 1.5, power: 0.8 }), /alpha must lie in/);
});

test("noncentral t CDF and t quantiles as scipy", () => {
  for (const c of fixture.distributions.nctCdf) close(noncentralTCdf(c.t, c.df, c.nc), c.cdf, 1e-9, 1e-14, `nct(${c.t}, ${c.df}, ${c.nc})`);
  for (const c of fixture.distributions.tPpf) close(studentTPpf(c.p, c.df), c.x, 1e-10, 0, `t.ppf(${c.p}, ${c.df})`);
});

test("SRM: chi-square against planned shares as scipy.stats.chisquare; p < 0.001 flags", () => {
  for (const c of fixture.srm) {
    const r = srmCheck(c.observed, c.shares);
    close(r.statistic, c.statistic, 1e-10, 0, "srm chi2");
    close(r.pValue, c.pValue, 1e-9, 1e-300, "srm p");
    assert.equal(r.mismatch, c.pValue < 0.001);
  }
  assert.ok(fixture.srm.some((c: { pValue: number }) => c.pValue < 0.001) && fixture.srm.some((c: { pValue: number }) => c.pValue > 0.001), "the fixture has both outcomes");
  assert.equal(srmCheck([7, 100], [1, 1]).checked, false, "too few units: not checked");
  assert.throws(() => srmCheck([10, 10], [1]), /one planned share per arm/);
});

test("multi-metric analysis: Holm and BH adjusted p-values as multipletests; guardrails not corrected", () => {
  const ps: number[] = fixture.multipletests.pValues;
  for (const m of ["holm", "fdr_bh"] as const) {
    const adj = adjustPValues(ps, m);
    adj.forEach((p, i) => close(p, fixture.multipletests[m][i], 1e-12, 0, `${m}[${i}]`));
  }
  // End to end: the analysis' adjusted p-values equal multipletests on its raw p-values (from statsmodels).
  const w = fixture.welch;
  const metrics = w.map((c: { control: number[]; treatment: number[] }, i: number) => ({ name: `m${i}`, kind: "mean" as const, control: c.control, treatment: c.treatment }));
  metrics.push({ name: "guard", kind: "mean", control: w[0].control, treatment: w[0].treatment, role: "guardrail" });
  const raw = w.map((c: Record<string, { pValue: number }>) => c["two-sided"]!.pValue);
  for (const correction of ["holm", "fdr_bh"] as const) {
    const a = analyzeExperiment(metrics, { correction });
    const expected = adjustPValues(raw, correction);
    a.metrics.slice(0, w.length).forEach((r, i) => close(r.adjustedPValue, expected[i]!, 1e-9, 1e-15, `${correction} ${r.name}`));
    close(a.metrics.at(-1)!.adjustedPValue, raw[0]!, 1e-9, 0, "guardrail keeps its raw p");
  }
});

test("CUPED: θ and the adjusted difference equal statsmodels OLS y ~ 1 + arm + x; variance drops", () => {
  const c = fixture.cuped;
  const r = cupedTest(c.control, c.treatment);
  close(r.theta, c.theta, 1e-9, 0, "theta");
  close(r.difference, c.difference, 1e-9, 1e-12, "adjusted difference");
  close(r.unadjusted.pValue, c.unadjustedPValue, 1e-9, 1e-15, "unadjusted p");
  assert.ok(r.varianceReduction > 0.5, `variance reduction ${r.varianceReduction}`);
  assert.ok(r.differenceCi.upper - r.differenceCi.lower < 0.7 * (r.unadjusted.differenceCi.upper - r.unadjusted.differenceCi.lower));
  assert.throws(() => cupedTest({ y: [1, 2, 3], x: [1, 2] }, c.treatment), /one pre-period value per unit/);
});

test("Bayesian: Beta-Binomial chance to win and risks as scipy quadrature; Gaussian risks as truncated-normal integrals", () => {
  for (const c of fixture.betaBinomial) {
    const r = betaBinomialTest(c.control, c.treatment);
    close(r.chanceToWin, c.chanceToWin, 1e-7, 1e-10, "chance to win");
    close(r.riskTreatment, c.riskTreatment, 1e-6, 1e-10, "risk treatment");
    close(r.riskControl, c.riskControl, 1e-6, 1e-10, "risk control");
  }
  for (const g of fixture.gaussianRisk) {
    // Summaries whose delta-method lift is exactly N(mu, sigma): control mean 1, huge control n, treatment var σ²·n.
    const n = 1e6;
    const r = gaussianEffectTest({ n: 1e15, mean: 1, variance: 0 }, { n, mean: 1 + g.mu, variance: g.sigma ** 2 * n });
    close(r.chanceToWin, g.chanceToWin, 1e-9, 1e-12, "gaussian ctw");
    close(r.riskTreatment, g.riskTreatment, 1e-7, 1e-10, "gaussian risk treatment");
    close(r.riskControl, g.riskControl, 1e-7, 1e-10, "gaussian risk control");
  }
});

test("bootstrap: seeded, percentile and BCa CIs agree with scipy.stats.bootstrap within Monte Carlo noise", () => {
  const b = fixture.bootstrap;
  const se = b.standardError;
  const runs = { percentile: bootstrapDifference(b.control, b.treatment, { method: "percentile", nResamples: 20000, seed: 7 }), bca: bootstrapDifference(b.control, b.treatment, { method: "bca", nResamples: 20000, seed: 7 }) };
  for (const [method, key] of [["percentile", "percentile"], ["bca", "BCa"]] as const) {
    const r = runs[method];
    assert.ok(Math.abs(r.ci.lower - b[key][0]) < 0.1 * se, `${method} lower ${r.ci.lower} vs ${b[key][0]}`);
    assert.ok(Math.abs(r.ci.upper - b[key][1]) < 0.1 * se, `${method} upper ${r.ci.upper} vs ${b[key][1]}`);
    close(r.standardError, se, 0.03, 0, "bootstrap se");
  }
  // BCa moves the interval the way scipy's does on this skewed sample, beyond the noise.
  assert.equal(Math.sign(runs.bca.ci.lower - runs.percentile.ci.lower), Math.sign(b.BCa[0] - b.percentile[0]));
  assert.ok(Math.abs(runs.bca.ci.lower - runs.percentile.ci.lower) > 0.5 * se, "BCa differs from percentile here by far more than the tolerance");
  const small = (seed: number) => bootstrapDifference(b.control, b.treatment, { nResamples: 500, seed });
  assert.deepEqual(small(3), small(3), "same seed, same answer");
  assert.notDeepEqual(small(3), small(4), "another seed, other resamples");
});
