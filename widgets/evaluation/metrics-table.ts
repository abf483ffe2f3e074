// An evaluation's metrics as a table, each beside its validation gate with a pass/fail mark; per-class rows below.

import { formatNumber } from "../../src/present/format";
import { formatTable, type TextColumn } from "../../src/present/table";
import type { ClassificationEvaluation, RegressionEvaluation } from "../../src/evaluation/evaluate";
import { evaluationMetrics, type GateOutcome, type GateResult } from "../../src/evaluation/gates";
import { escapeHtml, htmlBlock, htmlTable, statusBadge } from "../html";
import { displayable, type Displayable } from "../mime-bundle";

export const PASS_MARK = "✓";
export const FAIL_MARK = "✗";

const mark = (g: GateOutcome | undefined) => (g ? `${g.passed ? PASS_MARK : FAIL_MARK} ${g.op} ${formatNumber(g.threshold)}` : "");

export interface MetricsTable extends Displayable {
  columns: TextColumn[];
  rows: string[][];
  /** Rows whose gate failed, by index. */
  failedRows: number[];
}

/** Metrics, then per-class precision/recall/F1 (classification), then gates that are not metrics (champion, fairness). */
export function metricsTable(ev: ClassificationEvaluation | RegressionEvaluation, gates?: GateResult): MetricsTable {
  const byGate = new Map((gates?.gates ?? []).map((g) => [g.gate, g]));
  const used = new Set<string>();
  const take = (name: string) => {
    const g = byGate.get(name);
    if (g) used.add(name);
    return g;
  };
  const columns: TextColumn[] = [{ header: "METRIC" }, { header: "VALUE", align: "right" }, { header: "GATE" }];
  const rows: string[][] = [];
  const failedRows: number[] = [];
  const push = (name: string, value: number, g: GateOutcome | undefined) => {
    if (g && !g.passed) failedRows.push(rows.length);
    rows.push([name, formatNumber(value), mark(g)]);
  };
  for (const [k, v] of Object.entries(evaluationMetrics(ev))) push(k, v, take(k));
  if (ev.task === "classification") {
    for (const c of ev.perClass) {
      push(`precision[${c.label}]`, c.precision, take(`precision[${c.label}]`));
      push(`recall[${c.label}]`, c.recall, take(`recall[${c.label}]`));
      push(`f1[${c.label}]`, c.f1, undefined);
    }
  }
  for (const g of gates?.gates ?? []) if (!used.has(g.gate)) push(g.gate, g.observed, g);
  const summary = gates ? (gates.passed ? `All ${gates.gates.length} gates passed.` : `${gates.failed.length} of ${gates.gates.length} gates failed.`) : "";
  return displayable({ columns, rows, failedRows }, () => {
    const failed = new Set(failedRows);
    const reasons = gates?.failed.map((g) => `${g.gate}: ${g.reason}`) ?? [];
    const text = [summary, formatTable(columns, rows), ...reasons.map((r) => `${FAIL_MARK} ${r}`)].filter(Boolean).join("\n");
    const head = summary ? `<p style="margin:2px 0">${statusBadge(escapeHtml(summary), gates!.passed)}</p>` : "";
    const list = reasons.length ? `<ul style="margin:4px 0">${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>` : "";
    return { "text/plain": text, "text/html": htmlBlock(head + htmlTable(columns, rows, { caption: "Metrics", highlight: (r) => failed.has(r) }) + list) };
  });
}
