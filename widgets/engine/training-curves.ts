// Live training curves: loss and metric lines per epoch, updated in place in a notebook while fit() runs,
// ending with a result summary (best epoch, final metrics, why training stopped).

import type { Callback, EpochLogs } from "../../src/engine/callbacks";
import { escapeHtml, htmlTable } from "../html";
import { LiveDisplay, type Clock } from "../live-display";
import { MIME, type MimeBundle } from "../mime-bundle";
import type { DisplaySink } from "../display-sink";
import { integerAxis } from "../chart";
import { renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";

export interface CurvePoint { epoch: number; metric: string; value: number; split: "train" | "validation" }

/** The data of the chart: one point per epoch and metric (pure, for tests and other renderers). */
export function curvePoints(history: EpochLogs[]): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const h of history) {
    for (const [key, value] of Object.entries(h.metrics)) {
      if (!Number.isFinite(value)) continue;
      const validation = key.startsWith("val_");
      points.push({ epoch: h.epoch + 1, metric: validation ? key.slice(4) : key, value, split: validation ? "validation" : "train" });
    }
  }
  return points;
}

/** Vega-Lite v5: one panel per metric (loss first), train and validation as two lines. */
export function trainingCurvesSpec(history: EpochLogs[], options: { bestEpoch?: number } = {}): VegaLiteSpec {
  const points = curvePoints(history);
  const metrics = [...new Set(points.map((p) => p.metric))].sort((a, b) => (a === "loss" ? -1 : b === "loss" ? 1 : a.localeCompare(b)));
  const last = history.length;
  const line = {
    mark: { type: "line", point: last <= 60 },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: integerAxis(1, Math.max(1, last)), scale: { domain: [1, Math.max(2, last)] } },
      y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
      color: { field: "split", type: "nominal", title: null, scale: { domain: ["train", "validation"] } },
      tooltip: [{ field: "epoch" }, { field: "split" }, { field: "value", format: ".4f" }],
    },
  };
  const layers: unknown[] = [line];
  if (options.bestEpoch !== undefined && options.bestEpoch >= 0) {
    layers.push({ data: { values: [{ epoch: options.bestEpoch + 1 }] }, mark: { type: "rule", strokeDash: [4, 3], color: "gray" }, encoding: { x: { field: "epoch", type: "quantitative" } } });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values: points },
    facet: { field: "metric", type: "nominal", title: null, sort: metrics },
    columns: Math.min(3, Math.max(1, metrics.length)),
    spec: { width: 220, height: 150, layer: layers },
    resolve: { scale: { y: "independent" } },
  };
}

export interface TrainingSummary { epochs: number; bestEpoch: number; metrics: Record<string, number>; stoppedBy: "epochs" | "early stopping" | "pruned" | "callback" }

function fmt(v: number): string { return Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4); }

export interface CurvesBundleOptions {
  /**
   * Default true. false: the chart and a text line only. JupyterLab ranks text/html above Vega-Lite, so a bundle
   * with both shows the HTML there; a display meant to be the chart leaves HTML out (see widgets/chart.ts).
   */
  html?: boolean;
}

/** The bundle shown during (summary null) and after training. */
export function trainingCurvesBundle(history: EpochLogs[], summary: TrainingSummary | null, options: CurvesBundleOptions = {}): MimeBundle {
  const last = history[history.length - 1];
  const latest = last ? Object.entries(last.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(", ") : "no epoch yet";
  const head = summary
    ? `Trained ${summary.epochs} epochs (stopped by ${summary.stoppedBy}); kept epoch ${summary.bestEpoch + 1}: ${Object.entries(summary.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`
    : `Training: epoch ${last ? last.epoch + 1 : 0}: ${latest}`;
  const rows = summary ? Object.entries(summary.metrics).map(([k, v]) => [k, fmt(v)]) : last ? Object.entries(last.metrics).map(([k, v]) => [k, fmt(v)]) : [];
  const html = `<div class="labops-training"><p><b>${escapeHtml(head)}</b></p>${rows.length ? htmlTable([{ header: "metric" }, { header: summary ? "kept epoch" : "latest", align: "right" }], rows) : ""}</div>`;
  const bundle: MimeBundle = options.html === false ? { [MIME.text]: head } : { [MIME.text]: head, [MIME.html]: html };
  if (history.length) bundle[MIME.vegaLite] = trainingCurvesSpec(history, summary ? { bestEpoch: summary.bestEpoch } : {});
  return bundle;
}

export interface LiveCurvesOptions extends CurvesBundleOptions {
  sink?: DisplaySink | null;
  clock?: Clock;
  maxUpdatesPerSecond?: number;
  displayId?: string;
  /** Default false. true: the final output also carries the chart as SVG (reports, nbviewer, the classic notebook). */
  svg?: boolean;
}

/**
 * A callback for fit(): shows the curves after the first epoch, updates the same output each epoch (throttled),
 * and ends with the summary. `summary()` gives the last one, e.g. for a report.
 */
export function liveTrainingCurves(options: LiveCurvesOptions = {}): Callback & { summary(): TrainingSummary | null; displayId: string } {
  const live = new LiveDisplay(options);
  let history: EpochLogs[] = [];
  let summary: TrainingSummary | null = null;
  let early = false;
  let pruned = false;
  let bestEpoch = -1;
  let best = Infinity;
  return {
    displayId: live.displayId,
    summary: () => summary,
    onTrainBegin() { history = []; summary = null; best = Infinity; bestEpoch = -1; },
    onEpochEnd(logs, control) {
      history.push(logs);
      const monitored = logs.metrics["val_loss"] ?? logs.metrics["loss"]!;
      if (monitored < best) { best = monitored; bestEpoch = logs.epoch; }
      pruned = control.pruned;
      early = control.stopTraining;
      const snapshot = history.slice();
      live.show(() => trainingCurvesBundle(snapshot, null, options));
    },
    async onTrainEnd(h) {
      const kept = history[bestEpoch] ?? h[h.length - 1];
      const metrics = kept ? Object.fromEntries(Object.entries(kept.metrics)) : {};
      summary = { epochs: h.length, bestEpoch: kept?.epoch ?? -1, metrics, stoppedBy: pruned ? "pruned" : early ? "early stopping" : "epochs" };
      const bundle = trainingCurvesBundle(history.slice(), summary, options);
      if (options.svg && bundle[MIME.vegaLite]) bundle[MIME.svg] = await renderSvg(bundle[MIME.vegaLite] as VegaLiteSpec);
      live.show(bundle);
      live.close();
    },
  };
}
