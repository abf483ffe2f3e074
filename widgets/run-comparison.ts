// Several runs side by side: a params table with the differing rows marked, and the latest metrics as bars.

import { formatNumber } from "../src/present/format";
import { formatTable, type TextColumn } from "../src/present/table";
import type { RunComparison } from "../src/tracking/compare-runs";
import { LEGEND_LABEL_LIMIT, vegaLiteChart, withChartOutput, type Chart } from "./chart";
import { htmlBlock, htmlTable } from "./html";
import { displayable, type Displayable } from "./mime-bundle";
import { runLabels } from "./run-labels";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./vega-svg";

/**
 * Bars of each run's latest value, one panel per metric with its own y scale (a loss and a row count side by
 * side would otherwise flatten one of them), one color per run.
 */
export function metricBarsSpec(cmp: RunComparison): VegaLiteSpec {
  const labels = runLabels(cmp.runs);
  const values = cmp.metrics.flatMap((m) =>
    m.values.flatMap((value, i) => (value !== null && Number.isFinite(value) ? [{ metric: m.key, run: labels[i]!, runId: cmp.runs[i]!.runId, value }] : [])),
  );
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: "Latest metric values by run",
    data: { values },
    facet: { column: { field: "metric", type: "nominal", title: null } },
    spec: {
      width: { step: 22 },
      height: 160,
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "run", type: "nominal", sort: labels, axis: null },
        y: { field: "value", type: "quantitative", title: null },
        color: { field: "run", type: "nominal", sort: labels, title: "run", legend: { labelLimit: LEGEND_LABEL_LIMIT } },
        tooltip: [
          { field: "metric", type: "nominal" },
          { field: "run", type: "nominal" },
          { field: "value", type: "quantitative", format: ".6~g" },
        ],
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * One bundle of text/plain and text/html (tables, then the bars as inline SVG). No Vega-Lite or SVG key: a
 * frontend shows one key only, and those would drop the params table. `chart` shows the bars alone.
 */
export function runComparison(cmp: RunComparison): { comparison: RunComparison; chart: Chart | null } & Displayable {
  const labels = runLabels(cmp.runs);
  const runColumns = labels.map((l): TextColumn => ({ header: l, align: "right", maxWidth: 30 }));
  const params = { columns: [{ header: "PARAM" }, ...runColumns], rows: cmp.params.map((p) => [p.key, ...p.values.map((v) => v ?? "")]) };
  const metrics = { columns: [{ header: "METRIC" }, ...runColumns], rows: cmp.metrics.map((m) => [m.key, ...m.values.map((v) => (v === null ? "" : formatNumber(v)))]) };
  const spec = metricBarsSpec(cmp);
  const chart = (spec.data as { values: unknown[] }).values.length > 0 ? vegaLiteChart(spec, formatTable(metrics.columns, metrics.rows)) : null;
  // Two outputs in notebooks (tables, then the chart): inline SVG vanishes in untrusted notebooks.
  return withChartOutput(displayable({ comparison: cmp, chart }, async () => {
    const text: string[] = [];
    const html: string[] = [];
    if (params.rows.length) {
      // Terminals get a marker where HTML gets a highlight.
      const marked = params.rows.map(([key, ...values], i) => [`${cmp.params[i]!.differs ? "*" : " "} ${key}`, ...values]);
      text.push(`Params ('*': differs)\n${formatTable(params.columns, marked)}`);
      html.push(htmlTable(params.columns, params.rows, { caption: "Params (highlighted: differs)", highlight: (i) => cmp.params[i]!.differs }));
    }
    if (metrics.rows.length) {
      text.push(`Metrics (latest)\n${formatTable(metrics.columns, metrics.rows)}`);
      html.push(htmlTable(metrics.columns, metrics.rows, { caption: "Metrics (latest)" }));
    }
    if (chart) html.push(`<div style="margin-top:8px">${await chart.svg()}</div>`);
    if (text.length === 0) return { "text/plain": "These runs have no params or metrics." };
    return { "text/plain": text.join("\n\n"), "text/html": htmlBlock(html.join("")) };
  }), chart);
}
