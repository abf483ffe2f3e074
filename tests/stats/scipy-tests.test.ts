// Two-sample tests against scipy 1.17 (fixtures from tests/fixtures/stats/make_fixtures.py), to 1e-9 relative.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  andersonKsamp,
  chi2Contingency,
  chisquare,
  cramervonmises2samp,
  energyDistance,
  jensenShannonDistance,
  klDivergence,
  ks2samp,
  mannWhitneyU,
  ttestInd,
  wassersteinDistance,
  type Alternative,
} from "../../src/stats";
import { assertClose, loadFixture, type Num } from "./fixtures";

interface Case {
  name: string;
  x: number[];
  y: number[];
  expected: Record<string, Num[]>;
}
interface Fixture {
  cases: Case[];
  chisquare: { observed: number[]; expected: number[] | null; result: Num[] }[];
  contingency: { table: number[][]; correction: boolean; result: Num[] }[];
  divergences: { p: number[]; q: number[]; js: Num; js_base2: Num; kl: Num }[];
}

const fx = loadFixture<Fixture>("scipy-tests.json");

test("the fixture covers ties, small samples, unequal sizes and both KS regimes", () => {
  assert.ok(fx.cases.length >= 15);
  assert.ok(fx.cases.some((c) => c.name.includes("ties")));
  assert.ok(fx.cases.some((c) => c.x.length !== c.y.length && Math.max(c.x.length, c.y.length) <= 8));
});

for (const c of fx.cases) {
  const e = c.expected;
  test(`ks_2samp exact/asymp/auto: ${c.name}`, () => {
    for (const method of ["auto", "exact", "asymp"] as const) {
      const r = ks2samp(c.x, c.y, method);
      assertClose(r.statistic, e[`ks_${method}`]![0]!, `${method} D`);
      assertClose(r.pValue, e[`ks_${method}`]![1]!, `${method} p`);
    }
  });
  test(`ttest_ind pooled and Welch: ${c.name}`, () => {
    const pooled = ttestInd(c.x, c.y);
    const welch = ttestInd(c.x, c.y, { equalVar: false });
    assertClose(pooled.statistic, e.ttest_pooled![0]!, "pooled t");
    assertClose(pooled.pValue, e.ttest_pooled![1]!, "pooled p");
    assertClose(pooled.df, e.ttest_pooled![2]!, "pooled df");
    assertClose(welch.statistic, e.ttest_welch![0]!, "welch t");
    assertClose(welch.pValue, e.ttest_welch![1]!, "welch p");
    assertClose(welch.df, e.ttest_welch![2]!, "welch df");
    assertClose(ttestInd(c.x, c.y, { alternative: "less" }).pValue, e.ttest_pooled_less![0]!, "pooled less p");
  });
  test(`mannwhitneyu exact/asymptotic, continuity, alternatives: ${c.name}`, () => {
    for (const alt of ["two-sided", "less", "greater"] as Alternative[]) {
      for (const cont of [true, false]) {
        const r = mannWhitneyU(c.x, c.y, { alternative: alt, useContinuity: cont, method: "asymptotic" });
        assertClose(r.statistic, e[`mwu_asymptotic_${alt}_${cont ? "True" : "False"}`]![0]!, `U ${alt}`);
        assertClose(r.pValue, e[`mwu_asymptotic_${alt}_${cont ? "True" : "False"}`]![1]!, `asymptotic p ${alt} continuity=${cont}`);
      }
      assertClose(mannWhitneyU(c.x, c.y, { alternative: alt }).pValue, e[`mwu_auto_${alt}`]![1]!, `auto p ${alt}`);
      const exact = e[`mwu_exact_${alt}`];
      if (exact) assertClose(mannWhitneyU(c.x, c.y, { alternative: alt, method: "exact" }).pValue, exact[1]!, `exact p ${alt}`);
    }
  });
  test(`anderson_ksamp midrank: ${c.name}`, () => {
    const r = andersonKsamp([c.x, c.y]);
    assertClose(r.statistic, e.anderson![0]!, "A2");
    assertClose(r.pValue, e.anderson![1]!, "p (interpolated or capped)");
  });
  test(`cramervonmises_2samp: ${c.name}`, () => {
    const auto = cramervonmises2samp(c.x, c.y);
    assertClose(auto.statistic, e.cvm_auto![0]!, "T");
    assertClose(auto.pValue, e.cvm_auto![1]!, "auto p");
    assertClose(cramervonmises2samp(c.x, c.y, "asymptotic").pValue, e.cvm_asymptotic![1]!, "asymptotic p");
    if (e.cvm_exact) assertClose(cramervonmises2samp(c.x, c.y, "exact").pValue, e.cvm_exact[1]!, "exact p");
  });
  test(`wasserstein_distance and energy_distance: ${c.name}`, () => {
    assertClose(wassersteinDistance(c.x, c.y), e.wasserstein![0]!, "W1");
    assertClose(energyDistance(c.x, c.y), e.energy![0]!, "energy");
  });
}

test("chisquare goodness of fit", () => {
  for (const c of fx.chisquare) {
    const r = chisquare(c.observed, c.expected ?? undefined);
    assertClose(r.statistic, c.result[0]!, "chi2");
    assertClose(r.pValue, c.result[1]!, "p");
  }
});

test("chisquare refuses totals that disagree, naming both", () => {
  assert.throws(() => chisquare([1, 2], [1, 1]), /observed total 3 and the expected total 2/);
});

test("chi2_contingency with and without Yates' correction", () => {
  for (const c of fx.contingency) {
    const r = chi2Contingency(c.table, c.correction);
    assertClose(r.statistic, c.result[0]!, `chi2 ${JSON.stringify(c.table)} ${c.correction}`);
    assertClose(r.pValue, c.result[1]!, "p");
    assert.equal(r.dof, c.result[2]);
  }
});

test("jensenshannon and entropy (KL)", () => {
  for (const d of fx.divergences) {
    assertClose(jensenShannonDistance(d.p, d.q), d.js, "js");
    assertClose(jensenShannonDistance(d.p, d.q, 2), d.js_base2, "js base 2");
    assertClose(klDivergence(d.p, d.q), d.kl, "kl");
  }
});

test("NaN in a sample is refused with its position", () => {
  assert.throws(() => ks2samp([1, NaN, 2], [1, 2]), /x\[1\] is NaN/);
});
