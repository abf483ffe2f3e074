// The end of a tuning job in a notebook or a report: the summary (best trial, trials table), then the optimisation
// history, parallel coordinates, hyperparameter importances (PED-ANOVA, as the chart's subtitle says) and slice
// plots, each an output of its own; one HTML bundle (charts as SVG) for reports.

import type { Chart } from "../chart";
import { DISPLAY, DISPLAY_OUTPUTS, displayable, MIME, type Displayable, type MimeBundle, type MultiOutputDisplayable } from "../mime-bundle";
import { plotOptimizationHistory } from "./optimization-history";
import { plotParallelCoordinate } from "./parallel-coordinate";
import { plotParamImportances } from "./param-importances";
import { plotSlice } from "./slice-plot";
import { completeTrials, type StudyLike } from "./study-data";
import { tuningSummary, type TuningOutcome } from "./tuning-summary";

export interface TuningReportOptions {
  /** Draw the optimisation history (default true; false where a live history already shows its final state). */
  history?: boolean;
}

/** The charts a study has enough trials for: importances need two complete trials with a varying parameter. */
export function tuningCharts(study: StudyLike, options: TuningReportOptions = {}): { charts: Chart[]; skipped: string[] } {
  const done = completeTrials(study);
  const charts: Chart[] = [];
  const skipped: string[] = [];
  if (done.length === 0) return { charts, skipped: ["every chart: no trial completed"] };
  if (options.history !== false) charts.push(plotOptimizationHistory(study));
  charts.push(plotParallelCoordinate(study));
  if (done.length >= 2) charts.push(plotParamImportances(study));
  else skipped.push("importances: they need at least 2 complete trials");
  charts.push(plotSlice(study));
  return { charts, skipped };
}

export function tuningReport(study: StudyLike, outcome: TuningOutcome, options: TuningReportOptions = {}): Displayable & MultiOutputDisplayable & { outcome: TuningOutcome; charts: Chart[] } {
  const summary = tuningSummary(outcome);
  const { charts, skipped } = tuningCharts(study, options);
  const parts: Displayable[] = [summary, ...charts];
  const bundles = (): Promise<MimeBundle[]> => Promise.all(parts.map((p) => p[DISPLAY]()));
  const view = displayable({ outcome, charts }, async () => {
    const all = await bundles();
    const text = [all[0]![MIME.text], ...all.slice(1).map((b) => b[MIME.text]), ...skipped.map((s) => `Not drawn: ${s}.`)].join("\n\n");
    const html = all.map((b) => (typeof b[MIME.html] === "string" ? b[MIME.html] : typeof b[MIME.svg] === "string" ? `<div>${b[MIME.svg]}</div>` : "")).join("\n");
    return { [MIME.text]: text, [MIME.html]: html };
  });
  return Object.assign(view, { [DISPLAY_OUTPUTS]: bundles });
}
