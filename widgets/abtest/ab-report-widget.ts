// The A/B read-out as a notebook output: the SRM badge, the recommendation with its reasons, the metric table
// with lifts and CIs, and the lift forest plot (SVG inside the HTML).

import type { ExperimentAnalysis, MetricResult, SrmResult } from "../../src/abtest";
import { formatTable, type TextColumn } from "../../src/present/table";
import { escapeHtml, htmlBlock, htmlTable } from "../html";
import { displayable, type Displayable, type MimeBundle } from "../mime-bundle";
import { renderSvg } from "../vega-svg";
import { liftForestSpec } from "./ab-charts";

// Badge backgrounds under white text: each at least 4.5:1 against it (WCAG AA).
const COLORS = { ok: "#2e7d32", warn: "#8a5300", bad: "#c0392b", info: "#4c78a8" } as const;

function pct(x: number): string {
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%`;
}

function pFmt(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

/** The SRM verdict as one line and as a coloured badge. */
export function srmText(srm: SrmResult | null): string {
  if (!srm) return "SRM: not checked (no assignment counts given)";
  if (!srm.checked) return "SRM: too few units to check";
  return srm.mismatch ? `SRM: MISMATCH (p = ${pFmt(srm.pValue)}); results are not trustworthy` : `SRM: ok (p = ${pFmt(srm.pValue)})`;
}

function badge(text: string, color: string): string {
  return `<span style="display:inline-block;padding:1px 8px;border-radius:10px;background:${color};color:#fff;font-weight:600">${escapeHtml(text)}</span>`;
}

export function srmBadge(srm: SrmResult | null): { srm: SrmResult | null } & Displayable {
  const color = !srm || !srm.checked ? COLORS.info : srm.mismatch ? COLORS.bad : COLORS.ok;
  return displayable({ srm }, () => ({ "text/plain": srmText(srm), "text/html": htmlBlock(badge(srmText(srm), color)) }));
}

const RECOMMENDATION_TEXT: Record<ExperimentAnalysis["recommendation"], [string, string]> = {
  ship: ["Ship the treatment", COLORS.ok],
  rollback: ["Roll back", COLORS.bad],
  "keep-running": ["Keep running", COLORS.warn],
  "no-difference": ["No meaningful difference", COLORS.info],
  "investigate-srm": ["Investigate the sample ratio mismatch", COLORS.bad],
};

export function recommendationText(a: ExperimentAnalysis): string {
  return `Recommendation: ${RECOMMENDATION_TEXT[a.recommendation][0]}\n${a.reasons.map((r) => `  - ${r}`).join("\n")}`;
}

export function recommendationWidget(analysis: ExperimentAnalysis): { analysis: ExperimentAnalysis } & Displayable {
  const [title, color] = RECOMMENDATION_TEXT[analysis.recommendation];
  return displayable({ analysis }, () => ({
    "text/plain": recommendationText(analysis),
    "text/html": htmlBlock(`<div>${badge(title, color)}</div><ul style="margin:4px 0">${analysis.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>`),
  }));
}

const COLUMNS: TextColumn[] = [
  { header: "METRIC" },
  { header: "ROLE" },
  { header: "CONTROL", align: "right" },
  { header: "TREATMENT", align: "right" },
  { header: "LIFT", align: "right" },
  { header: "CI", align: "right" },
  { header: "P", align: "right" },
  { header: "ADJ. P", align: "right" },
  { header: "STATUS" },
];

function status(m: MetricResult): string {
  if (m.guardrail) return `guardrail ${m.guardrail.status}`;
  if (!m.significant) return "not significant";
  return m.improvement > 0 ? "better" : "worse";
}

export function metricRows(a: ExperimentAnalysis): string[][] {
  const num = (x: number) => String(Number(x.toPrecision(5)));
  return a.metrics.map((m) => [
    m.name,
    m.role,
    `${num(m.control.mean)} (n=${m.control.n})`,
    `${num(m.treatment.mean)} (n=${m.treatment.n})`,
    pct(m.lift),
    `[${pct(m.liftCi.lower)}, ${pct(m.liftCi.upper)}]`,
    pFmt(m.pValue),
    m.role === "guardrail" ? "-" : pFmt(m.adjustedPValue),
    status(m),
  ]);
}

/** The whole read-out: badge, recommendation, table, forest plot. */
export function abReportWidget(analysis: ExperimentAnalysis): { analysis: ExperimentAnalysis; bundle(): Promise<MimeBundle> } & Displayable {
  const rows = metricRows(analysis);
  const bundle = async (): Promise<MimeBundle> => {
    const svg = await renderSvg(liftForestSpec(analysis));
    const [title, color] = RECOMMENDATION_TEXT[analysis.recommendation];
    const html = [
      `<div style="margin-bottom:6px">${badge(title, color)} ${badge(srmText(analysis.srm), !analysis.srm || !analysis.srm.checked ? COLORS.info : analysis.srm.mismatch ? COLORS.bad : COLORS.ok)}</div>`,
      `<ul style="margin:4px 0">${analysis.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>`,
      htmlTable(COLUMNS, rows, { caption: `Metrics (alpha ${analysis.alpha}, correction ${analysis.correction})`, highlight: (i) => analysis.metrics[i]!.guardrail?.status === "fail" || (analysis.metrics[i]!.significant && analysis.metrics[i]!.improvement < 0) }),
      svg,
    ].join("");
    return { "text/plain": `${recommendationText(analysis)}\n${srmText(analysis.srm)}\n${formatTable(COLUMNS, rows)}`, "text/html": htmlBlock(html) };
  };
  return displayable({ analysis, bundle }, bundle);
}
