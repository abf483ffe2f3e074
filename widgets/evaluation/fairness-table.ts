// A fairness report as a table: rates per group, then the disparities, with the gate limits marked when given.

import { formatNumber } from "../../src/present/format";
import { formatTable, type TextColumn } from "../../src/present/table";
import type { FairnessReport } from "../../src/evaluation/fairness";
import type { GateResult } from "../../src/evaluation/gates";
import { htmlBlock, htmlTable } from "../html";
import { displayable, type Displayable } from "../mime-bundle";
import { FAIL_MARK, PASS_MARK } from "./metrics-table";

export function fairnessTable(report: FairnessReport, options: { feature?: string; gates?: GateResult } = {}): { report: FairnessReport } & Displayable {
  const groupColumns: TextColumn[] = [{ header: options.feature?.toUpperCase() ?? "GROUP" }, { header: "COUNT", align: "right" }, { header: "SELECTION RATE", align: "right" }, { header: "TPR", align: "right" }, { header: "FPR", align: "right" }];
  const groupRows = report.groups.map((g) => [String(g.group), String(g.count), formatNumber(g.selectionRate), formatNumber(g.truePositiveRate), formatNumber(g.falsePositiveRate)]);
  groupRows.push(["(overall)", String(report.overall.count), formatNumber(report.overall.selectionRate), formatNumber(report.overall.truePositiveRate), formatNumber(report.overall.falsePositiveRate)]);
  const gate = (key: string) => options.gates?.gates.find((g) => g.gate === `fairness.${key}`);
  const measures = ["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio"] as const;
  const measureColumns: TextColumn[] = [{ header: "MEASURE" }, { header: "VALUE", align: "right" }, { header: "LIMIT" }];
  const measureRows = measures.map((m) => {
    const g = gate(m);
    return [m, formatNumber(report[m]), g ? `${g.passed ? PASS_MARK : FAIL_MARK} ${g.op} ${formatNumber(g.threshold)}` : ""];
  });
  const failed = new Set(measures.flatMap((m, i) => (gate(m) && !gate(m)!.passed ? [i] : [])));
  return displayable({ report }, () => ({
    "text/plain": `${formatTable(groupColumns, groupRows)}\n\n${formatTable(measureColumns, measureRows)}`,
    "text/html": htmlBlock(
      htmlTable(groupColumns, groupRows, { caption: `Rates by group (positive outcome ${JSON.stringify(report.posLabel)})`, highlight: (r) => r === groupRows.length - 1 }) +
        htmlTable(measureColumns, measureRows, { caption: "Disparities (fairlearn's definitions, between groups)", highlight: (r) => failed.has(r) }),
    ),
  }));
}
