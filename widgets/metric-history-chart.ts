// Metric histories as lines of value by step, one per run and key, with a text summary for terminals.

import { formatNumber } from "../src/present/format";
import { formatTable } from "../src/present/table";
import { compareMetricPoints, type Metric } from "../src/entities";
import { integerAxis, LEGEND_LABEL_LIMIT, vegaLiteChart, type Chart } from "./chart";
import { runLabels } from "./run-labels";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./vega-svg";

export interface MetricSeries {
  runId: string;
  runName: string;
  key: string;
  points: Metric[];
}

/** Longest series drawn with a marker on every point; beyond it markers would smear into the line. */
const MAX_MARKED_POINTS = 100;

export function metricHistorySpec(series: MetricSeries[]): VegaLiteSpec {
  const runs = [...new Map(series.map((s) => [s.runId, s])).values()];
  const labels = runLabels(runs);
  const label = new Map(runs.map((r, i) => [r.runId, labels[i]!]));
  const keys = new Set(series.map((s) => s.key));
  const name = (s: MetricSeries) => (keys.size > 1 ? `${label.get(s.runId)}: ${s.key}` : label.get(s.runId)!);
  // JSON has no NaN or Infinity: such points cannot travel in the spec, so they are left out of the lines.
  const values = series.flatMap((s) =>
    [...s.points]
      .sort(compareMetricPoints)
      .filter((p) => Number.isFinite(p.value))
      .map((p) => ({ series: name(s), run: label.get(s.runId)!, key: s.key, step: p.step, value: p.value, time: new Date(p.timestamp).toISOString() })),
  );
  const longest = Math.max(0, ...series.map((s) => s.points.length));
  // A loop, not Math.min(...steps): a long history would overflow the call's argument list.
  let [first, last] = [Infinity, -Infinity];
  for (const v of values) [first, last] = [Math.min(first, v.step), Math.max(last, v.step)];
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `Metric history: ${[...keys].join(", ")}`,
    width: 420,
    height: 240,
    data: { values },
    mark: { type: "line", point: longest <= MAX_MARKED_POINTS, tooltip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step", axis: values.length ? integerAxis(first, last) : { tickMinStep: 1, format: "d" } },
      y: { field: "value", type: "quantitative", title: keys.size === 1 ? [...keys][0] : "value", scale: { zero: false } },
      color: { field: "series", type: "nominal", title: keys.size > 1 ? "run: metric" : "run", legend: { labelLimit: LEGEND_LABEL_LIMIT } },
      tooltip: [
        { field: "run", type: "nominal" },
        { field: "key", type: "nominal", title: "metric" },
        { field: "step", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".6~g" },
        { field: "time", type: "temporal", format: "%Y-%m-%d %H:%M:%S" },
      ],
    },
  };
}

/** Per series: how many points, over which steps, the last value and the range. */
function summary(series: MetricSeries[]): string {
  const rows = series.map((s) => {
    const points = [...s.points].sort(compareMetricPoints);
    const finite = points.map((p) => p.value).filter(Number.isFinite);
    // reduce, not Math.min(...values): a long history would overflow the call's argument list
    const range = (pick: "min" | "max") => (finite.length ? formatNumber(finite.reduce((a, b) => Math[pick](a, b))) : "");
    const steps = points.length ? `${points[0]!.step}..${points.at(-1)!.step}` : "";
    return [s.runName, s.key, String(points.length), steps, points.length ? formatNumber(points.at(-1)!.value) : "", range("min"), range("max")];
  });
  const right = { align: "right" as const };
  return formatTable([{ header: "RUN", maxWidth: 30 }, { header: "KEY" }, { header: "POINTS", ...right }, { header: "STEPS", ...right }, { header: "LAST", ...right }, { header: "MIN", ...right }, { header: "MAX", ...right }], rows);
}

export function metricHistoryChart(series: MetricSeries[]): Chart & { series: MetricSeries[] } {
  return Object.assign(vegaLiteChart(metricHistorySpec(series), summary(series)), { series });
}
