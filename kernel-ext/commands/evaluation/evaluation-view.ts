// An evaluation in a notebook: metrics with gate marks, confusion matrix, ROC, PR, calibration, importance, fairness.

import { DISPLAY, DISPLAY_OUTPUTS, displayable, MIME, type Displayable, type MimeBundle, type MultiOutputDisplayable } from "../../../widgets/mime-bundle";
import type { EvaluationOutcome } from "./run-evaluation";

/** Each part is an output of its own (charts render through Vega-Lite even in untrusted notebooks); one HTML bundle for reports. */
export function evaluationView(outcome: EvaluationOutcome, text: string): Displayable & MultiOutputDisplayable {
  const w: typeof import("../../../widgets/evaluation") = require("../../../widgets/evaluation");
  const ev = outcome.evaluation;
  const parts: Displayable[] = [w.metricsTable(ev, outcome.gates)];
  if (ev.task === "classification") {
    parts.push(w.confusionMatrixChart(ev));
    const p = ev.probabilities;
    if (p?.rocCurve) parts.push(w.rocCurveChart([{ name: outcome.model, curve: p.rocCurve, auc: p.rocAuc }]));
    if (p?.prCurve) parts.push(w.precisionRecallChart([{ name: outcome.model, curve: p.prCurve, averagePrecision: p.averagePrecision }]));
    if (p) parts.push(w.calibrationChart(p.calibration, outcome.model));
  }
  if (outcome.importance) parts.push(w.importanceChart(outcome.featureNames, outcome.importance, "permutation importance (accuracy drop)"));
  if (outcome.fairness) parts.push(w.fairnessTable(outcome.fairness.report, { feature: outcome.fairness.feature, gates: outcome.gates }));
  const bundles = (): Promise<MimeBundle[]> => Promise.all(parts.map((x) => x[DISPLAY]()));
  const view = displayable({ outcome }, async () => {
    const html = (await bundles()).map((b) => (typeof b[MIME.html] === "string" ? b[MIME.html] : typeof b[MIME.svg] === "string" ? `<div>${b[MIME.svg]}</div>` : "")).join("\n");
    return { [MIME.text]: text, [MIME.html]: html };
  });
  return Object.assign(view, { [DISPLAY_OUTPUTS]: bundles });
}
