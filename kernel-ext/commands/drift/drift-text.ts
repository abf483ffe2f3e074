// A drift report for terminals: the verdict line, then one row per column sorted by score (drifted first).

import type { DriftReport } from "../../../src/drift/report";
import { formatNumber } from "../../../src/present/format";
import { formatTable, type TextColumn } from "../../../src/present/table";

const COLUMNS: TextColumn[] = [{ header: "COLUMN" }, { header: "KIND" }, { header: "TEST" }, { header: "SCORE", align: "right" }, { header: "THRESHOLD", align: "right" }, { header: "DRIFTED" }];

export function driftVerdict(report: DriftReport): string {
  const share = `${report.numberOfDriftedColumns} of ${report.numberOfColumns} columns drifted (share ${formatNumber(report.shareOfDriftedColumns)}, dataset drift at >= ${formatNumber(report.driftShare)})`;
  return `${report.datasetDrift ? "Dataset drift detected" : "No dataset drift"}: ${share}; reference ${report.referenceRows} rows, current ${report.currentRows} rows.`;
}

export function driftTable(columns: DriftReport["columns"]): string {
  return formatTable(
    COLUMNS,
    columns.map((c) => [c.column, c.kind, c.test, c.error ? "-" : formatNumber(c.score), formatNumber(c.threshold), c.error ? `error: ${c.error}` : c.drifted ? "yes" : "no"]),
  );
}
