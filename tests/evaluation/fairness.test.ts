// Fairness rates and disparities against fairlearn 0.15 on the penguins data (sensitive columns: island, sex).

import assert from "node:assert/strict";
import { test } from "node:test";
import { fairnessReport } from "../../src/evaluation";
import { close, closeAll, fixture } from "./fixtures";

const { cases } = fixture<{ cases: any[] }>("fairness.json");

for (const c of cases) {
  test(`fairnessReport matches fairlearn: ${c.name}`, () => {
    const r = fairnessReport({ yTrue: c.yTrue, yPred: c.yPred, sensitiveFeatures: c.sensitive });
    assert.deepEqual(r.groups.map((g) => g.group), c.groups);
    assert.deepEqual(r.groups.map((g) => g.count), c.count);
    closeAll(r.groups.map((g) => g.selectionRate), c.selectionRate, "selection rate");
    closeAll(r.groups.map((g) => g.truePositiveRate), c.tpr, "tpr");
    closeAll(r.groups.map((g) => g.falsePositiveRate), c.fpr, "fpr");
    close(r.overall.selectionRate, c.overallSelectionRate, "overall selection rate");
    close(r.demographicParityDifference, c.demographicParityDifference, "DP difference");
    close(r.demographicParityRatio, c.demographicParityRatio, "DP ratio");
    close(r.equalizedOddsDifference, c.equalizedOddsDifference, "EO difference");
    close(r.equalizedOddsRatio, c.equalizedOddsRatio, "EO ratio");
    close(r.equalizedOddsDifferenceMean, c.equalizedOddsDifferenceMean, "EO difference (mean)");
  });
}

test("fairnessReport: a group without positives has TPR 0; more than two classes are refused", () => {
  const r = fairnessReport({ yTrue: [0, 0, 1, 1], yPred: [1, 0, 1, 0], sensitiveFeatures: ["a", "a", "b", "b"] });
  assert.deepEqual(r.groups.map((g) => [g.group, g.truePositiveRate, g.falsePositiveRate]), [["a", 0, 0.5], ["b", 0.5, 0]]);
  assert.equal(r.equalizedOddsDifference, 0.5);
  assert.equal(r.equalizedOddsRatio, 0);
  assert.throws(() => fairnessReport({ yTrue: [0, 1, 2], yPred: [0, 1, 2], sensitiveFeatures: [1, 1, 2] }), /binary outcome/);
  assert.throws(() => fairnessReport({ yTrue: [0, 1], yPred: [0, 1], sensitiveFeatures: [1] }), /sensitiveFeatures has 1/);
});
