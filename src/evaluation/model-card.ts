// A model card (data, features, metrics with the gates, fairness, intended use, limitations) as Markdown and HTML.

import { invalidParameter } from "../core/errors";
import type { ClassificationEvaluation, RegressionEvaluation } from "./evaluate";
import type { FairnessReport } from "./fairness";
import { evaluationMetrics, type GateResult } from "./gates";
import type { PermutationImportance } from "./permutation-importance";

export interface ModelCardInput {
  name: string;
  version?: string | number;
  description?: string;
  /** Who and what the model is for. */
  intendedUse: string;
  /** Known weaknesses, out-of-scope uses, risks. */
  limitations: string;
  data: { description: string; source?: string; trainingRows?: number; evaluationRows?: number };
  features: { name: string; type?: string; description?: string }[];
  evaluation: ClassificationEvaluation | RegressionEvaluation;
  gates?: GateResult;
  fairness?: { feature: string; report: FairnessReport };
  importance?: { featureNames: string[]; result: PermutationImportance };
}

interface CardTable {
  header: string[];
  rows: string[][];
}
interface CardSection {
  title: string;
  text?: string;
  table?: CardTable;
}

export interface ModelCard {
  title: string;
  sections: CardSection[];
  markdown: string;
  html: string;
}

const num = (n: number): string => (Number.isNaN(n) ? "NaN" : Number.isInteger(n) ? String(n) : Number(n.toPrecision(4)).toString());

export function buildModelCard(input: ModelCardInput): ModelCard {
  for (const k of ["name", "intendedUse", "limitations"] as const) {
    if (typeof input[k] !== "string" || input[k].trim() === "") throw invalidParameter(`buildModelCard: ${k} is required (a non-empty string); a card without it misleads its readers.`);
  }
  if (!input.data || typeof input.data.description !== "string") throw invalidParameter("buildModelCard: data.description is required: say what the model was trained and evaluated on.");
  const ev = input.evaluation;
  const title = `Model card: ${input.name}${input.version !== undefined ? ` v${input.version}` : ""}`;
  const sections: CardSection[] = [];
  if (input.description) sections.push({ title: "Description", text: input.description });
  sections.push({ title: "Intended use", text: input.intendedUse });
  const dataFacts = [input.data.description];
  if (input.data.source) dataFacts.push(`Source: ${input.data.source}.`);
  if (input.data.trainingRows !== undefined) dataFacts.push(`Training rows: ${input.data.trainingRows}.`);
  dataFacts.push(`Evaluation rows: ${input.data.evaluationRows ?? ev.n}.`);
  sections.push({ title: "Data", text: dataFacts.join(" ") });
  if (input.features.length) sections.push({ title: "Features", table: { header: ["Feature", "Type", "Description"], rows: input.features.map((f) => [f.name, f.type ?? "", f.description ?? ""]) } });

  // Metrics, each with its gate (if one applies) and whether it passed.
  const gateFor = new Map((input.gates?.gates ?? []).map((g) => [g.gate, g]));
  const metricRows = Object.entries(evaluationMetrics(ev)).map(([k, v]) => {
    const g = gateFor.get(k) ?? (k === "f1Macro" ? gateFor.get("f1Macro") : undefined);
    return [k, num(v), g ? `${g.op} ${num(g.threshold)}` : "", g ? (g.passed ? "pass" : "FAIL") : ""];
  });
  sections.push({ title: "Metrics", table: { header: ["Metric", "Value", "Gate", "Result"], rows: metricRows } });
  if (ev.task === "classification") {
    sections.push({
      title: "Per class",
      table: { header: ["Class", "Precision", "Recall", "F1", "Support"], rows: ev.perClass.map((c) => [String(c.label), num(c.precision), num(c.recall), num(c.f1), String(c.support)]) },
    });
  }
  if (input.gates) {
    const g = input.gates;
    sections.push({
      title: "Validation gates",
      text: g.passed ? `All ${g.gates.length} gates passed.` : `${g.failed.length} of ${g.gates.length} gates failed.`,
      table: { header: ["Gate", "Observed", "Threshold", "Result"], rows: g.gates.map((o) => [o.gate, num(o.observed), `${o.op} ${num(o.threshold)}`, o.passed ? "pass" : "FAIL"]) },
    });
  }
  if (input.fairness) {
    const f = input.fairness.report;
    sections.push({
      title: `Fairness (${input.fairness.feature})`,
      text: `Demographic parity difference ${num(f.demographicParityDifference)}, ratio ${num(f.demographicParityRatio)}; equalized odds difference ${num(f.equalizedOddsDifference)}, ratio ${num(f.equalizedOddsRatio)} (fairlearn's definitions, positive outcome ${JSON.stringify(f.posLabel)}).`,
      table: { header: ["Group", "Count", "Selection rate", "TPR", "FPR"], rows: f.groups.map((g) => [String(g.group), String(g.count), num(g.selectionRate), num(g.truePositiveRate), num(g.falsePositiveRate)]) },
    });
  }
  if (input.importance) {
    const { featureNames, result } = input.importance;
    const order = [...result.importancesMean.keys()].sort((a, b) => result.importancesMean[b]! - result.importancesMean[a]!);
    sections.push({
      title: "Feature importance",
      text: `Permutation importance: drop in the score when a feature's values are shuffled (${result.nRepeats} repeats).`,
      table: { header: ["Feature", "Mean", "Std"], rows: order.map((j) => [featureNames[j] ?? `x${j}`, num(result.importancesMean[j]!), num(result.importancesStd[j]!)]) },
    });
  }
  sections.push({ title: "Limitations", text: input.limitations });
  return { title, sections, markdown: toMarkdown(title, sections), html: toHtml(title, sections) };
}

const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function toMarkdown(title: string, sections: CardSection[]): string {
  const out = [`# ${title}`, ""];
  for (const s of sections) {
    out.push(`## ${s.title}`, "");
    if (s.text) out.push(s.text, "");
    if (s.table) {
      out.push(`| ${s.table.header.map(mdCell).join(" | ")} |`, `|${s.table.header.map(() => "---").join("|")}|`);
      for (const r of s.table.rows) out.push(`| ${r.map(mdCell).join(" | ")} |`);
      out.push("");
    }
  }
  return out.join("\n");
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function toHtml(title: string, sections: CardSection[]): string {
  const cell = "padding:3px 10px;border-bottom:1px solid #e0e0e0;text-align:left";
  const body = sections
    .map((s) => {
      const table = s.table
        ? `<table style="border-collapse:collapse"><thead><tr>${s.table.header.map((h) => `<th style="${cell};border-bottom:2px solid #bbb">${esc(h)}</th>`).join("")}</tr></thead><tbody>${s.table.rows
            .map((r) => `<tr>${r.map((c) => `<td style="${cell}${c === "FAIL" ? ";color:#b42318;font-weight:600" : ""}">${esc(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`
        : "";
      return `<section><h2>${esc(s.title)}</h2>${s.text ? `<p>${esc(s.text)}</p>` : ""}${table}</section>`;
    })
    .join("\n");
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font:14px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto">\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}
