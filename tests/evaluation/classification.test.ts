// Classification metrics against scikit-learn 1.9 on real predictions (breast cancer, iris), ties, string labels,
// a single class and zero divisions: every number to 1e-9 relative.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  averagePrecisionScore,
  brierScoreLoss,
  calibrationCurve,
  classificationReport,
  evaluateClassifier,
  logLoss,
  meanConfidence,
  prAucScore,
  precisionRecallCurve,
  rocAucScore,
  rocAucScoreWithWarnings,
  rocCurve,
  type ZeroDivision,
} from "../../src/evaluation";
import { isLabopsError } from "../../src/core/errors";
import { SeededRandom } from "../../src/stats";
import { close, closeAll, fixture } from "./fixtures";

const { cases } = fixture<{ cases: any[] }>("classification.json");
const ZD: [string, ZeroDivision][] = [["warn", 0], ["zero", 0], ["one", 1], ["nan", "nan"]];

for (const c of cases) {
  test(`classificationReport matches scikit-learn: ${c.name} (${c.note})`, () => {
    for (const [name, zd] of ZD) {
      const r = classificationReport(c.yTrue, c.yPred, { zeroDivision: zd });
      assert.deepEqual(r.classes, c.labels, "classes in numpy's unique order");
      assert.deepEqual(r.confusionMatrix, c.confusionMatrix);
      close(r.accuracy, c.accuracy, "accuracy");
      close(r.balancedAccuracy, c.balancedAccuracy, "balanced accuracy");
      const e = c.prf[name];
      closeAll(r.perClass.map((m) => m.precision), e.precision, `${name} precision`);
      closeAll(r.perClass.map((m) => m.recall), e.recall, `${name} recall`);
      closeAll(r.perClass.map((m) => m.f1), e.f1, `${name} f1`);
      assert.deepEqual(r.perClass.map((m) => m.support), e.support);
      for (const avg of ["macro", "weighted", "micro"] as const) {
        close(r[avg].precision, e.average[avg].precision, `${name} ${avg} precision`);
        close(r[avg].recall, e.average[avg].recall, `${name} ${avg} recall`);
        close(r[avg].f1, e.average[avg].f1, `${name} ${avg} f1`);
      }
      // A warning in labops wherever scikit-learn's "warn" mode warned about an ill-defined ratio (and only there);
      // labops records it whatever zeroDivision value was chosen (scikit-learn is silent then).
      const skIll = c.prf.warn.warnings.filter((w: string) => w.includes("ill-defined"));
      const ours = r.warnings.filter((w) => w.includes("ill-defined"));
      assert.equal(ours.length > 0, skIll.length > 0, `${name}: ill-defined warnings ${JSON.stringify(ours)} vs ${JSON.stringify(skIll)}`);
    }
    const r = classificationReport(c.yTrue, c.yPred);
    assert.equal(r.warnings.some((w) => w.includes("not in yTrue")), c.balancedAccuracyWarnings.length > 0, "balanced accuracy's warning");
    // classification_report(output_dict=True) as a second witness
    for (const m of r.perClass) {
      const row = c.report[String(m.label)];
      close(m.f1, row["f1-score"], `report f1 ${m.label}`);
    }
    close(r.macro.f1, c.report["macro avg"]["f1-score"], "report macro f1");
    close(r.weighted.recall, c.report["weighted avg"].recall, "report weighted recall");
  });

  if (!c.proba) continue;
  test(`probability metrics match scikit-learn: ${c.name}`, () => {
    const binary = !Array.isArray(c.proba[0]);
    const ev = evaluateClassifier({ yTrue: c.yTrue, yPred: c.yPred, yProba: c.proba, labels: c.classes });
    const p = ev.probabilities!;
    close(p.logLoss, c.logLoss, "log loss");
    close(p.brier, c.brier, "brier");
    close(p.meanConfidence, c.meanConfidence, "mean confidence");
    close(logLoss(c.yTrue, c.proba, { labels: c.classes }), c.logLoss, "logLoss()");
    close(brierScoreLoss(c.yTrue, c.proba, { labels: c.classes }), c.brier, "brierScoreLoss()");
    close(meanConfidence(c.proba), c.meanConfidence, "meanConfidence()");
    closeAll(p.calibration.probTrue, c.calibration.probTrue, "calibration probTrue");
    closeAll(p.calibration.probPred, c.calibration.probPred, "calibration probPred");
    assert.deepEqual(p.calibration.counts, c.calibration.counts);
    close(p.calibration.ece, c.calibration.ece, "ECE");
    if (binary) {
      const pos = c.classes[1];
      close(p.rocAuc, c.rocAuc, "roc auc (evaluate)");
      close(rocAucScore(c.yTrue, c.proba), c.rocAuc, "rocAucScore");
      assert.equal(rocAucScoreWithWarnings(c.yTrue, c.proba).warnings.length, c.rocAucWarnings.length, "AUC warnings");
      const roc = rocCurve(c.yTrue, c.proba, { posLabel: pos });
      closeAll(roc.fpr, c.rocCurve.fpr, "fpr");
      closeAll(roc.tpr, c.rocCurve.tpr, "tpr");
      closeAll(roc.thresholds, c.rocCurve.thresholds, "roc thresholds");
      const all = rocCurve(c.yTrue, c.proba, { posLabel: pos, dropIntermediate: false });
      closeAll(all.fpr, c.rocCurveAll.fpr, "fpr (all)");
      closeAll(all.thresholds, c.rocCurveAll.thresholds, "thresholds (all)");
      const pr = precisionRecallCurve(c.yTrue, c.proba, { posLabel: pos });
      closeAll(pr.precision, c.prCurve.precision, "precision curve");
      closeAll(pr.recall, c.prCurve.recall, "recall curve");
      closeAll(pr.thresholds, c.prCurve.thresholds, "pr thresholds");
      assert.equal(pr.warnings.length, c.prCurve.warnings.length, "pr warnings");
      close(averagePrecisionScore(c.yTrue, c.proba, { posLabel: pos }), c.averagePrecision, "average precision");
      close(p.averagePrecision, c.averagePrecision, "average precision (evaluate)");
      close(prAucScore(c.yTrue, c.proba, { posLabel: pos }), c.prAuc, "pr auc");
      close(p.prAuc, c.prAuc, "pr auc (evaluate)");
      const q = calibrationCurve(
        c.yTrue.map((v: unknown) => (v === pos ? 1 : 0)),
        c.proba,
        { nBins: 5, strategy: "quantile" },
      );
      closeAll(q.probTrue, c.calibrationQuantile.probTrue, "quantile probTrue");
      closeAll(q.probPred, c.calibrationQuantile.probPred, "quantile probPred");
      assert.deepEqual(q.counts, c.calibrationQuantile.counts);
    } else {
      close(p.rocAucOvrMacro, c.rocAucOvr_macro, "ovr macro");
      close(p.rocAucOvrWeighted, c.rocAucOvr_weighted, "ovr weighted");
      close(rocAucScore(c.yTrue, c.proba, { multiClass: "ovr", labels: c.classes }), c.rocAucOvr_macro, "rocAucScore ovr");
      close(rocAucScore(c.yTrue, c.proba, { multiClass: "ovr", average: "weighted" }), c.rocAucOvr_weighted, "rocAucScore ovr weighted");
      close(p.averagePrecision, c.averagePrecisionMacro, "AP macro");
    }
  });
}

test("typed arrays give the same report as plain arrays, and yPred defaults to the argmax of yProba", () => {
  const c = cases.find((x) => x.name === "breast-cancer")!;
  const typed = classificationReport(Int32Array.from(c.yTrue), Uint8Array.from(c.yPred));
  const plain = classificationReport(c.yTrue, c.yPred);
  assert.deepEqual(typed, plain);
  const fromProba = evaluateClassifier({ yTrue: Int8Array.from(c.yTrue), yProba: Float64Array.from(c.proba) });
  close(fromProba.accuracy, c.accuracy, "accuracy from argmax");
  close(fromProba.probabilities!.rocAuc, c.rocAuc, "auc from typed arrays");
  const iris = cases.find((x) => x.name === "iris")!;
  const flat = Float64Array.from(iris.proba.flat());
  close(logLoss(iris.yTrue, flat, { labels: iris.classes }), iris.logLoss, "flat row-major probabilities");
});

test("bad input is refused with the value named", () => {
  const err = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && re.test((e as Error).message));
  err(() => classificationReport(["a", 1], ["a", "a"]), /mix strings and numbers/);
  err(() => classificationReport([0, 1, 0.5], [0, 1, 1]), /yTrue\[2\] is 0.5, a continuous value/);
  err(() => classificationReport([0, 1], [0]), /yTrue has 2 values but yPred has 1/);
  err(() => classificationReport([0, 1], [0, 2], { labels: [0, 1] }), /yPred\[1\] is 2, which is not among the labels/);
  err(() => rocAucScore([0, 1, 1], [0.1, Number.NaN, 0.3]), /yScore\[1\] is NaN/);
  err(() => rocAucScore([0, 1, 2], [[0.2, 0.3, 0.4], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], { multiClass: "ovr" }), /row 0 sums to 0.9/);
  err(() => logLoss([0, 1], [[0.5, 0.5], [1.2, -0.2]]), /holds 1.2/);
  err(() => classificationReport([], []), /empty/);
});

test("rocAucScore on integer typed arrays (the hot path) equals the plain-array result and scikit-learn's", () => {
  for (const name of ["breast-cancer", "breast-cancer-ties", "single-class"]) {
    const c = cases.find((x) => x.name === name)!;
    close(rocAucScore(Int32Array.from(c.yTrue), Float64Array.from(c.proba)), c.rocAuc, `${name} Int32Array`);
    close(rocAucScore(Uint8Array.from(c.yTrue), c.proba), c.rocAuc, `${name} Uint8Array`);
  }
  const c = cases.find((x) => x.name === "breast-cancer")!;
  // posLabel 0 flips the problem: the AUC of the negated scores.
  close(rocAucScore(Int16Array.from(c.yTrue), c.proba, { posLabel: 0 }), 1 - c.rocAuc, "posLabel 0");
  assert.throws(() => rocAucScore(Int32Array.from([0, 1, 2]), [0.1, 0.2, 0.3]), /holds 3 classes/);
});

test("rocAucScore on 20,000 scores with ties, negatives and -0 equals the Mann-Whitney count", () => {
  const rng = new SeededRandom(11);
  const n = 20_000;
  const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  const s = Float64Array.from(y, (label) => {
    const r = rng.next();
    return r < 0.05 ? -0 : r < 0.1 ? 0 : Math.round((rng.next() - 0.4 + 0.3 * label) * 50) / 50;
  });
  // Pairs (positive, negative): 1 when the positive scores higher, 1/2 on a tie; counted by sorting negatives.
  const negs = Float64Array.from(s.filter((_, i) => y[i] === 0)).sort();
  let wins = 0;
  let positives = 0;
  const below = (v: number, strict: boolean) => {
    let lo = 0;
    let hi = negs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? negs[mid]! < v : negs[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  s.forEach((v, i) => {
    if (!y[i]) return;
    positives++;
    const less = below(v, true);
    wins += less + (below(v, false) - less) / 2;
  });
  close(rocAucScore(y, s), wins / positives / negs.length, "AUC");
  const roc = rocCurve(y, s, { dropIntermediate: false });
  const distinct = new Set(Array.from(s, (v) => (v === 0 ? 0 : v))).size;
  assert.equal(roc.thresholds.length, distinct + 1, "-0 and 0 are one threshold");
});

test("a posLabel that is not a class is refused, on both label paths", () => {
  assert.throws(() => rocAucScore([0, 1, 1], [0.2, 0.5, 0.9], { posLabel: 2 }), /posLabel 2 is not one of the classes \[0,1\]/);
  assert.throws(() => rocAucScore(Int32Array.from([0, 1, 1]), [0.2, 0.5, 0.9], { posLabel: 2 }), /posLabel 2 is not one of the classes/);
  assert.throws(() => rocCurve(["a", "b"], [0.2, 0.5], { posLabel: "c" }), /posLabel "c" is not one of the classes/);
});
