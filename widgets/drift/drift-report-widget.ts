// The drift report as a notebook output and a standalone HTML page: verdict banner, a table of columns sorted by
// drift severity with reference/current sparklines, and per-column distribution overlays (Vega-Lite v5 + SVG).

import fs from "node:fs/promises";
import { formatNumber } from "../../src/present/format";
import { formatTable, type TextColumn } from "../../src/present/table";
import type { ColumnDriftResult, DriftReport } from "../../src/drift/report";
import { vegaLiteChart, type Chart } from "../chart";
import { escapeHtml, htmlBlock, statusBadge } from "../html";
import { displayable, type Displayable, type MimeBundle } from "../mime-bundle";
import { renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "../vega-svg";
import { sparklineSvg } from "./sparkline";

const REF_COLOR = "#4c78a8";
const CUR_COLOR = "#f58518";
const DRIFT_COLOR = "#c0392b";
const OK_COLOR = "#2e7d32";
// Secondary text in the theme's own colour (JupyterLab's dark theme has no white behind it); verdicts are
// badges (statusBadge), the banner draws its own light background and so sets its text colour too.
const MUTED_TEXT = "var(--jp-content-font-color2, #666)";
const swatch = (color: string) => `<span style="display:inline-block;width:10px;height:10px;margin-right:3px;background:${color}"></span>`;

/**
 * How far a column is past its threshold, comparable across tests: distance/threshold for distances,
 * threshold/p for p-values (both exceed 1 about where the test reports drift). Errors sort last.
 */
export function driftSeverity(c: ColumnDriftResult): number {
  if (c.error !== null || !Number.isFinite(c.score)) return -Infinity;
  const p = c.adjustedPValue ?? c.score;
  if (c.scoreKind === "p_value") return c.threshold / Math.max(p, 1e-300);
  return c.threshold > 0 ? c.score / c.threshold : c.score;
}

/** Target and prediction first (as Evidently pins them), then by severity, most drifted first. */
export function sortColumnsForDisplay(columns: readonly ColumnDriftResult[]): ColumnDriftResult[] {
  const pin = (c: ColumnDriftResult) => (c.role === "target" ? 0 : c.role === "prediction" ? 1 : 2);
  return [...columns].sort((a, b) => pin(a) - pin(b) || driftSeverity(b) - driftSeverity(a) || a.column.localeCompare(b.column));
}

/** Reference and current shares of one column overlaid: histogram bins or categories, as Vega-Lite v5. */
export function driftColumnSpec(c: ColumnDriftResult): VegaLiteSpec | null {
  const d = c.distribution;
  if (!d) return null;
  const title = `${c.column}: ${c.test || "not tested"}${c.error ? "" : ` ${formatNumber(c.score)} (${c.drifted ? "drift" : "no drift"})`}`;
  const legend = { field: "dataset", type: "nominal", scale: { domain: ["reference", "current"], range: [REF_COLOR, CUR_COLOR] }, title: null };
  if (d.type === "histogram") {
    const values = d.reference.flatMap((r, i) => [
      { dataset: "reference", start: d.edges[i]!, end: d.edges[i + 1]!, share: r },
      { dataset: "current", start: d.edges[i]!, end: d.edges[i + 1]!, share: d.current[i]! },
    ]);
    return {
      $schema: VEGA_LITE_SCHEMA,
      title,
      width: 360,
      height: 140,
      data: { values },
      mark: { type: "bar", opacity: 0.55, binSpacing: 0, tooltip: true },
      encoding: {
        x: { field: "start", type: "quantitative", title: c.column, scale: { zero: false } },
        x2: { field: "end" },
        y: { field: "share", type: "quantitative", title: "share of rows", stack: null, axis: { format: "%" } },
        color: legend,
      },
    };
  }
  const values = d.keys.flatMap((k, i) => [
    { dataset: "reference", category: k, share: d.reference[i]! },
    { dataset: "current", category: k, share: d.current[i]! },
  ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    height: 140,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "category", type: "nominal", sort: d.keys, title: c.column },
      xOffset: { field: "dataset", sort: ["reference", "current"] },
      y: { field: "share", type: "quantitative", title: "share of rows", axis: { format: "%" } },
      color: legend,
    },
  };
}

/** One column's overlay as a Chart (Vega-Lite for JupyterLab, SVG for everything else). */
export function driftColumnChart(report: DriftReport, column: string): Chart {
  const c = report.columns.find((x) => x.column === column);
  if (!c) throw new Error(`Column "${column}" is not in this drift report (it has: ${report.columns.map((x) => x.column).join(", ")}).`);
  const spec = driftColumnSpec(c);
  if (!spec) throw new Error(`Column "${column}" has no distribution to draw (${c.error ?? "no values"}).`);
  return vegaLiteChart(spec, `${c.column}: reference vs current shares`);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function verdictLine(r: DriftReport): string {
  return `Dataset drift is ${r.datasetDrift ? "DETECTED" : "NOT detected"}: ${r.numberOfDriftedColumns} of ${r.numberOfColumns} columns drifted (${pct(r.shareOfDriftedColumns)}; threshold ${pct(r.driftShare)})`;
}

const TEXT_COLUMNS: TextColumn[] = [
  { header: "COLUMN", maxWidth: 30 },
  { header: "TYPE" },
  { header: "TEST" },
  { header: "SCORE", align: "right" },
  { header: "THRESHOLD", align: "right" },
  { header: "DRIFT" },
  { header: "MISSING REF→CUR", align: "right" },
];

function textRow(c: ColumnDriftResult): string[] {
  const role = c.role === "feature" ? "" : ` (${c.role})`;
  return [
    c.column + role,
    c.kind === "numerical" ? "num" : "cat",
    c.error ? "-" : c.test,
    c.error ? "-" : formatNumber(c.adjustedPValue ?? c.score),
    c.error ? "-" : formatNumber(c.threshold),
    c.error ? `error: ${c.error}` : c.drifted ? "Detected" : "Not detected",
    `${pct(c.referenceMissingShare)} → ${pct(c.currentMissingShare)}${c.missingDrifted ? " !" : ""}`,
  ];
}

export interface DriftReportWidgetOptions {
  title?: string;
  /** Per-column overlays rendered to SVG inside the HTML (default true; at most `maxOverlays`, default 40). */
  overlays?: boolean;
  maxOverlays?: number;
}

async function reportHtml(r: DriftReport, options: DriftReportWidgetOptions): Promise<string> {
  const { title = "Data drift", overlays = true, maxOverlays = 40 } = options;
  const cols = sortColumnsForDisplay(r.columns);
  const color = r.datasetDrift ? DRIFT_COLOR : OK_COLOR;
  const banner =
    `<div style="border-left:6px solid ${color};background:${r.datasetDrift ? "#fdecea" : "#edf7ed"};color:#222;padding:8px 12px;margin:4px 0 8px">` +
    `<div style="font-size:15px;font-weight:600;color:${color}">${escapeHtml(title)}: dataset drift is ${r.datasetDrift ? "detected" : "NOT detected"}</div>` +
    `<div>Columns: <b>${r.numberOfColumns}</b> · Drifted columns: <b>${r.numberOfDriftedColumns}</b> · Share of drifted columns: <b>${pct(r.shareOfDriftedColumns)}</b> · Dataset drift threshold: ${pct(r.driftShare)}` +
    `${r.correction !== "none" ? ` · p-values corrected (${escapeHtml(r.correction)})` : ""} · Rows: ${r.referenceRows} reference, ${r.currentRows} current</div>` +
    (r.multivariate
      ? `<div>Domain classifier: ROC AUC <b>${formatNumber(r.multivariate.auc)}</b> (drift when &gt; ${formatNumber(r.multivariate.threshold)}): ${r.multivariate.drifted ? "multivariate drift detected" : "no multivariate drift"}</div>`
      : "") +
    (r.missingDriftColumns.length ? `<div>Missing-value share moved in: ${escapeHtml(r.missingDriftColumns.join(", "))}</div>` : "") +
    `</div>`;
  const th = (h: string, right = false) => `<th style="padding:3px 10px;border-bottom:2px solid #bbb;white-space:nowrap;text-align:${right ? "right" : "left"}">${h}</th>`;
  // Short cells on one line: a wide table scrolls in its output rather than breaking "0.0% → 0.0%" in two.
  const td = (h: string, right = false) => `<td style="padding:3px 10px;border-bottom:1px solid #e0e0e0;vertical-align:middle;white-space:nowrap;text-align:${right ? "right" : "left"}">${h}</td>`;
  const rows = cols.map((c) => {
    const d = c.distribution;
    const spark = (which: "reference" | "current") =>
      d ? sparklineSvg(d[which], { color: which === "reference" ? REF_COLOR : CUR_COLOR, scaleWith: d[which === "reference" ? "current" : "reference"], title: `${which} distribution of ${c.column}` }) : "";
    const verdict = c.error
      ? `<span style="color:${MUTED_TEXT}" title="${escapeHtml(c.error)}">not tested</span>`
      : statusBadge(c.drifted ? "Detected" : "Not detected", !c.drifted);
    const role = c.role === "feature" ? "" : ` <span style="color:${MUTED_TEXT}">(${c.role})</span>`;
    return (
      `<tr>${td(escapeHtml(c.column) + role)}${td(c.kind === "numerical" ? "num" : "cat")}${td(spark("reference"))}${td(spark("current"))}${td(verdict)}` +
      `${td(escapeHtml(c.error ? "-" : c.test + (c.approximate ? " (sketch)" : "")))}${td(c.error ? "-" : formatNumber(c.adjustedPValue ?? c.score), true)}${td(c.error ? "-" : formatNumber(c.threshold), true)}` +
      `${td(`${pct(c.referenceMissingShare)} → ${pct(c.currentMissingShare)}${c.missingDrifted ? ` <b title="the share of missing values moved">!</b>` : ""}`, true)}</tr>`
    );
  });
  const table =
    `<table style="border-collapse:collapse;margin:4px 0"><caption style="text-align:left;font-weight:600;padding:4px 0">Drift is detected for ${pct(r.shareOfDriftedColumns)} of columns (${r.numberOfDriftedColumns} out of ${r.numberOfColumns})</caption>` +
    `<thead><tr>${th("Column")}${th("Type")}${th("Reference")}${th("Current")}${th("Data drift")}${th("Stat test")}${th("Drift score", true)}${th("Threshold", true)}${th("Missing ref → cur", true)}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
  const parts = [banner, table];
  if (overlays) {
    const shown = cols.filter((c) => c.distribution).slice(0, maxOverlays);
    const svgs = await Promise.all(shown.map((c) => renderSvg(driftColumnSpec(c)!)));
    parts.push(
      `<div style="font-weight:600;margin-top:10px">Distributions (${swatch(REF_COLOR)}reference vs ${swatch(CUR_COLOR)}current)</div>` +
        shown.map((c, i) => `<details${c.drifted ? " open" : ""} style="margin:4px 0"><summary>${escapeHtml(c.column)}${c.drifted ? " (drift)" : ""}</summary>${svgs[i]}</details>`).join(""),
    );
  }
  return htmlBlock(parts.join(""));
}

function reportText(r: DriftReport): string {
  const cols = sortColumnsForDisplay(r.columns);
  const lines = [verdictLine(r)];
  if (r.multivariate) lines.push(`Domain classifier ROC AUC ${formatNumber(r.multivariate.auc)} (threshold ${r.multivariate.threshold}): ${r.multivariate.drifted ? "drift" : "no drift"}`);
  lines.push(formatTable(TEXT_COLUMNS, cols.map(textRow)));
  return lines.join("\n");
}

/** The report as a Displayable: text/plain (verdict and table) and text/html (banner, table, overlays). */
export function driftReportWidget(report: DriftReport, options: DriftReportWidgetOptions = {}): { report: DriftReport; bundle(): Promise<MimeBundle> } & Displayable {
  const bundle = async (): Promise<MimeBundle> => ({ "text/plain": reportText(report), "text/html": await reportHtml(report, options) });
  return displayable({ report, bundle }, bundle);
}

/** A self-contained HTML page of the report (inline SVG, no scripts), for sharing outside a notebook. */
export async function driftReportHtmlPage(report: DriftReport, options: DriftReportWidgetOptions = {}): Promise<string> {
  const title = escapeHtml(options.title ?? "Data drift");
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="margin:16px">${await reportHtml(report, options)}</body></html>\n`;
}

/** Writes the standalone HTML page to `path` (written whole to a temporary file first, then renamed). */
export async function writeDriftReportHtml(report: DriftReport, path: string, options: DriftReportWidgetOptions = {}): Promise<string> {
  const page = await driftReportHtmlPage(report, options);
  const tmp = `${path}.${process.pid}.tmp`;
  await fs.writeFile(tmp, page, "utf8");
  await fs.rename(tmp, path);
  return path;
}
