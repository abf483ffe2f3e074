// A validation report as a widget: one row per expectation, failed ones highlighted, with observed values and examples.

import { formatNumber } from "../../src/present/format";
import type { TextColumn } from "../../src/present/table";
import type { ValidationReport } from "../../src/data/validation/expectation";
import { describeExpectation } from "../../src/data/validation/validate";
import { displayable, type Displayable } from "../mime-bundle";
import { tableBundle } from "../tables";

const COLUMNS: TextColumn[] = [{ header: "OK" }, { header: "EXPECTATION", maxWidth: 70 }, { header: "OBSERVED", maxWidth: 40 }, { header: "UNEXPECTED", align: "right" }, { header: "EXAMPLES", maxWidth: 50 }];

const observed = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "number" ? formatNumber(v) : typeof v === "string" ? v : JSON.stringify(v));

export function validationReportView(report: ValidationReport): { report: ValidationReport; rows: string[][] } & Displayable {
  const rows = report.results.map((r) => [
    r.success ? "✓" : "✗",
    describeExpectation(r.expectation),
    r.error ?? observed(r.observed),
    r.unexpectedCount === undefined ? "" : `${r.unexpectedCount} (${((r.unexpectedShare ?? 0) * 100).toFixed(1)}%)`,
    (r.examples ?? []).map((e) => `#${e.row}: ${JSON.stringify(e.value)}`).join(", "),
  ]);
  const s = report.statistics;
  const caption = `Suite '${report.suite}' on ${report.rowCount.toLocaleString("en-US")} rows: ${report.success ? "PASSED" : "FAILED"}, ${s.successful} of ${s.evaluated} expectations hold`;
  return displayable({ report, rows }, () => tableBundle(COLUMNS, rows, `${caption}.`, { caption, highlight: (i) => !report.results[i]!.success }));
}
