// Regression metrics against scikit-learn 1.9 and residual moments against scipy 1.17 (fixtures on the diabetes set).

import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateRegressor, meanAbsolutePercentageError, regressionReport } from "../../src/evaluation";
import { isLabopsError } from "../../src/core/errors";
import { close, fixture } from "./fixtures";

const { cases } = fixture<{ cases: any[] }>("regression.json");
const KEYS = ["mae", "mse", "rmse", "r2", "mape", "medianAbsoluteError", "explainedVariance", "maxError", "residualMean", "residualStd", "residualSkew", "residualKurtosis"] as const;

for (const c of cases) {
  test(`regressionReport matches scikit-learn and scipy: ${c.name} (${c.note})`, () => {
    const r = regressionReport(c.yTrue, c.yPred);
    for (const k of KEYS) close(r[k], c[k], k);
    assert.equal(evaluateRegressor({ yTrue: Float64Array.from(c.yTrue), yPred: c.yPred }).r2, r.r2);
  });
}

test("MAPE with zero targets: scikit-learn's epsilon rule, counted in zeroTargets", () => {
  const c = cases.find((x) => x.name === "zeros")!;
  const r = regressionReport(c.yTrue, c.yPred);
  assert.equal(r.zeroTargets, 5);
  assert.ok(r.mape > 1e12, "a zero target divides by 2^-52, not by zero");
  close(meanAbsolutePercentageError(c.yTrue, c.yPred), c.mape, "mape");
});

test("regression input errors name the value", () => {
  assert.throws(() => regressionReport([1, 2], [1, Number.POSITIVE_INFINITY]), (e: unknown) => isLabopsError(e) && /yPred\[1\] is Infinity/.test((e as Error).message));
  assert.throws(() => regressionReport([], []), /empty/);
});
