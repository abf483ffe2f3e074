// Evaluation charts as Vega-Lite v5 specs (with SVG): confusion matrix, ROC and PR curves, calibration, importance.

import { formatNumber } from "../../src/present/format";
import { formatTable } from "../../src/present/table";
import { invalidParameter } from "../../src/core/errors";
import type { ClassificationEvaluation } from "../../src/evaluation/evaluate";
import type { PrecisionRecallCurve, RocCurve } from "../../src/evaluation/ranking";
import type { CalibrationCurve } from "../../src/evaluation/probability-metrics";
import type { PermutationImportance } from "../../src/evaluation/permutation-importance";
import type { Label } from "../../src/evaluation/labels";
import { vegaLiteChart, type Chart } from "../chart";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";

/** Curves past this many points are thinned evenly (ends kept): a 10M-sample ROC curve would not draw. */
export const MAX_CURVE_POINTS = 2000;

function thin(n: number): number[] {
  if (n <= MAX_CURVE_POINTS) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (MAX_CURVE_POINTS - 1);
  return Array.from({ length: MAX_CURVE_POINTS }, (_, i) => Math.round(i * step));
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

// -- confusion matrix ---------------------------------------------------------------------------------------------

export function confusionMatrixSpec(classes: Label[], matrix: number[][]): VegaLiteSpec {
  const labels = classes.map(String);
  const values = matrix.flatMap((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, j) => ({ actual: labels[i]!, predicted: labels[j]!, count, share: total > 0 ? count / total : 0 }));
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: "Confusion matrix: rows are true classes, columns predicted classes; color is the share of the true class",
    data: { values },
    width: { step: 48 },
    height: { step: 48 },
    encoding: {
      x: { field: "predicted", type: "nominal", sort: labels, title: "predicted", axis: { labelAngle: 0 } },
      y: { field: "actual", type: "nominal", sort: labels, title: "actual" },
    },
    layer: [
      {
        mark: { type: "rect", tooltip: true },
        encoding: {
          color: { field: "share", type: "quantitative", scale: { scheme: "blues", domain: [0, 1] }, title: "share of row" },
          tooltip: [{ field: "actual" }, { field: "predicted" }, { field: "count", type: "quantitative" }, { field: "share", type: "quantitative", format: ".1%" }],
        },
      },
      {
        mark: { type: "text", fontSize: 12 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: { condition: { test: "datum.share > 0.5", value: "white" }, value: "black" },
        },
      },
    ],
  };
}

export function confusionMatrixChart(input: Pick<ClassificationEvaluation, "classes" | "confusionMatrix">): Chart {
  const { classes, confusionMatrix: m } = input;
  if (m.length !== classes.length) throw invalidParameter(`confusionMatrixChart: ${classes.length} classes but ${m.length} matrix rows.`);
  const columns = [{ header: "ACTUAL \\ PREDICTED" }, ...classes.map((c) => ({ header: String(c), align: "right" as const }))];
  const text = formatTable(columns, m.map((row, i) => [String(classes[i]), ...row.map(String)]));
  return vegaLiteChart(confusionMatrixSpec(classes, m), text);
}

// -- curves -------------------------------------------------------------------------------------------------------

function curveSpec(description: string, values: Record<string, unknown>[], x: string, y: string, diagonal: boolean, extra: Record<string, unknown>[] = []): VegaLiteSpec {
  const line = {
    data: { values },
    mark: { type: "line", interpolate: "linear", tooltip: true, clip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: x, scale: { domain: [0, 1] } },
      y: { field: "y", type: "quantitative", title: y, scale: { domain: [0, 1] } },
      color: { field: "series", type: "nominal", title: null },
      order: { field: "i", type: "quantitative" },
      tooltip: [{ field: "series" }, { field: "x", title: x, format: ".4f" }, { field: "y", title: y, format: ".4f" }, { field: "threshold", format: ".4g" }],
    },
  };
  const layers: Record<string, unknown>[] = [line, ...extra];
  if (diagonal) layers.unshift({ data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: "line", strokeDash: [4, 4], color: "#999" }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } });
  return { $schema: VEGA_LITE_SCHEMA, description, width: 300, height: 300, layer: layers };
}

/** ROC curves, one per series (e.g. several models), with the chance diagonal. */
export function rocCurveChart(curves: { name: string; curve: RocCurve; auc?: number }[]): Chart {
  const values = curves.flatMap(({ name, curve, auc }) => {
    const series = auc === undefined ? name : `${name} (AUC ${formatNumber(Number(auc.toFixed(4)))})`;
    return thin(curve.fpr.length).map((k, i) => ({ series, i, x: finite(curve.fpr[k]!), y: finite(curve.tpr[k]!), threshold: finite(curve.thresholds[k]!) }));
  });
  const text = curves.map((c) => `${c.name}: ROC curve, ${c.curve.fpr.length} points${c.auc === undefined ? "" : `, AUC ${formatNumber(c.auc)}`}`).join("\n");
  return vegaLiteChart(curveSpec("ROC curve: true positive rate against false positive rate", values, "false positive rate", "true positive rate", true), text);
}

/** Precision-recall curves (scikit-learn's order: recall decreasing), with average precision in the legend. */
export function precisionRecallChart(curves: { name: string; curve: PrecisionRecallCurve; averagePrecision?: number }[]): Chart {
  const values = curves.flatMap(({ name, curve, averagePrecision }) => {
    const series = averagePrecision === undefined ? name : `${name} (AP ${formatNumber(Number(averagePrecision.toFixed(4)))})`;
    return thin(curve.recall.length).map((k, i) => ({ series, i, x: curve.recall[k]!, y: curve.precision[k]!, threshold: k < curve.thresholds.length ? curve.thresholds[k]! : null }));
  });
  const text = curves.map((c) => `${c.name}: precision-recall curve, ${c.curve.recall.length} points${c.averagePrecision === undefined ? "" : `, AP ${formatNumber(c.averagePrecision)}`}`).join("\n");
  return vegaLiteChart(curveSpec("Precision-recall curve", values, "recall", "precision", false), text);
}

/** Reliability diagram: observed frequency against mean predicted probability per bin; point size is the bin's count. */
export function calibrationChart(curve: CalibrationCurve, name = "model"): Chart {
  const values = curve.probPred.map((x, i) => ({ series: name, i, x, y: curve.probTrue[i]!, count: curve.counts[i]!, threshold: null }));
  const points = {
    data: { values },
    mark: { type: "point", filled: true, tooltip: true },
    encoding: {
      x: { field: "x", type: "quantitative" },
      y: { field: "y", type: "quantitative" },
      size: { field: "count", type: "quantitative", title: "samples" },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [{ field: "x", title: "mean predicted", format: ".3f" }, { field: "y", title: "observed", format: ".3f" }, { field: "count", type: "quantitative" }],
    },
  };
  const spec = curveSpec(`Calibration (${curve.strategy} bins, ECE ${formatNumber(curve.ece)})`, values, "mean predicted probability", "observed frequency", true, [points]);
  const rows = curve.probPred.map((p, i) => [formatNumber(p), formatNumber(curve.probTrue[i]!), String(curve.counts[i]!)]);
  const text = `Calibration, ECE ${formatNumber(curve.ece)}\n${formatTable([{ header: "PREDICTED", align: "right" }, { header: "OBSERVED", align: "right" }, { header: "COUNT", align: "right" }], rows)}`;
  return vegaLiteChart(spec, text);
}

/** Permutation importances as horizontal bars (mean), strongest first, with a whisker of one standard deviation. */
export function importanceChart(featureNames: string[], result: Pick<PermutationImportance, "importancesMean" | "importancesStd">, title = "importance (score drop)"): Chart {
  if (featureNames.length !== result.importancesMean.length) throw invalidParameter(`importanceChart: ${featureNames.length} feature names for ${result.importancesMean.length} importances.`);
  const values = featureNames.map((feature, j) => {
    const mean = result.importancesMean[j]!;
    const std = result.importancesStd[j]!;
    return { feature, mean, std, low: mean - std, high: mean + std };
  });
  const order = [...values].sort((a, b) => b.mean - a.mean).map((v) => v.feature);
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_SCHEMA,
    description: "Feature importance",
    data: { values },
    width: 320,
    height: { step: 18 },
    encoding: { y: { field: "feature", type: "nominal", sort: order, title: null } },
    layer: [
      { mark: { type: "bar", tooltip: true, color: "#4c78a8" }, encoding: { x: { field: "mean", type: "quantitative", title }, tooltip: [{ field: "feature" }, { field: "mean", format: ".4g" }, { field: "std", format: ".4g" }] } },
      { mark: { type: "rule", color: "#333" }, encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" } } },
    ],
  };
  const text = formatTable([{ header: "FEATURE" }, { header: "MEAN", align: "right" }, { header: "STD", align: "right" }], order.map((f) => {
    const v = values.find((x) => x.feature === f)!;
    return [f, formatNumber(v.mean), formatNumber(v.std)];
  }));
  return vegaLiteChart(spec, text);
}
