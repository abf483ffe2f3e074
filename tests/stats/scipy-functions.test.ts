// Distributions and special functions against scipy 1.17 on grids that include the tails.

import { test } from "node:test";
import { besselK, betainc, chi2Cdf, chi2Sf, kolmogorovSf, kstwoCdf, kstwoSf, lgamma, normalCdf, normalPpf, normalSf, smirnov, studentTSf } from "../../src/stats";
import { assertClose, loadFixture, type Num } from "./fixtures";

const fx = loadFixture<Record<string, Num[][]>>("scipy-functions.json");
const n = (v: Num | undefined) => v as number;

test("normal cdf, sf and ppf", () => {
  for (const [x, cdf, sf, ppf] of fx.norm!) {
    assertClose(normalCdf(n(x)), cdf!, `cdf(${x})`);
    assertClose(normalSf(n(x)), sf!, `sf(${x})`);
    if (Math.abs(n(x)) < 8) assertClose(normalPpf(normalCdf(n(x))), ppf!, `ppf(cdf(${x}))`);
  }
});

test("chi2 cdf and sf", () => {
  for (const [x, k, cdf, sf] of fx.chi2!) {
    assertClose(chi2Cdf(n(x), n(k)), cdf!, `cdf(${x}, ${k})`);
    assertClose(chi2Sf(n(x), n(k)), sf!, `sf(${x}, ${k})`);
  }
});

test("Student t sf, up to two million degrees of freedom", () => {
  for (const [x, df, sf] of fx.t!) assertClose(studentTSf(n(x), n(df)), sf!, `sf(${x}, ${df})`);
});

test("kstwo sf and cdf across all of scipy's regimes", () => {
  for (const [nn, x, sf, cdf] of fx.kstwo!) {
    assertClose(kstwoSf(n(x), n(nn)), sf!, `sf(${x}, ${nn})`);
    assertClose(kstwoCdf(n(x), n(nn)), cdf!, `cdf(${x}, ${nn})`);
  }
});

test("kstwobign sf and smirnov", () => {
  for (const [x, sf] of fx.kstwobign!) assertClose(kolmogorovSf(n(x)), sf!, `kstwobign.sf(${x})`);
  for (const [nn, x, p] of fx.smirnov!) assertClose(smirnov(n(nn), n(x)), p!, `smirnov(${nn}, ${x})`);
});

test("kv, gammaln and betainc", () => {
  for (const [nu, z, v] of fx.kv!) assertClose(besselK(n(nu), n(z)), v!, `kv(${nu}, ${z})`);
  for (const [x, v] of fx.gammaln!) assertClose(lgamma(n(x)), v!, `gammaln(${x})`, 1e-12);
  for (const [a, b, x, v] of fx.betainc!) assertClose(betainc(n(a), n(b), n(x)), v!, `betainc(${a}, ${b}, ${x})`);
});
