// `labops drift` and `%drift`: a reference (data or saved profile) against current data; the verdict and a table
// sorted by score; exit code 4 on dataset drift; the report logged to the active run when there is one.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";

/** Exit code of `labops drift` when the dataset drifted (0 otherwise; 1 and 2 stay failures and misuse). */
export const DRIFT_EXIT_CODE = 4;

export const driftCommand = defineCommand({
  name: "drift",
  summary: "Check current data for drift against a reference (data or a saved profile); exit 4 on dataset drift.",
  surfaces: ["cli", "line"],
  options: [
    { name: "reference", type: "string", value: "DATA", description: "Reference: a data file (csv, json, jsonl, parquet, arrow), a shipped dataset name, or a saved profile." },
    { name: "current", type: "string", value: "DATA", required: true, description: "Current data: a data file or a shipped dataset name." },
    { name: "reference-where", type: "string[]", value: "COND", description: "Keep reference rows where COND holds, e.g. \"date<2013-01-01\" (repeatable; all must hold)." },
    { name: "current-where", type: "string[]", value: "COND", description: "Keep current rows where COND holds (repeatable)." },
    { name: "columns", type: "string", value: "A,B", description: "Only these columns (default: every non-date column of the reference)." },
    { name: "profile", type: "string", value: "FILE", description: "Use a saved reference profile instead of --reference." },
    { name: "save-profile", type: "string", value: "FILE", description: "Save the reference profile (JSON) for later checks." },
    { name: "drift-share", type: "number", value: "S", description: "Dataset drift when at least this share of columns drifted (Evidently's drift_share; default 0.5)." },
    { name: "html", type: "string", value: "FILE", description: "Write the report as a self-contained HTML page." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const { parseWhere }: typeof import("../../../src/monitor/drift-inputs") = require("../../../src/monitor/drift-inputs");
    const { checkWritable, runDriftCheck, logDriftReport }: typeof import("../../../src/monitor/drift-check") = require("../../../src/monitor/drift-check");
    const o = args.options;
    if (o.html !== undefined) checkWritable(o.html, "HTML report");
    const check = await runDriftCheck({
      reference: o.reference,
      profile: o.profile,
      current: o.current,
      referenceWhere: parseWhere(o["reference-where"], "--reference-where"),
      currentWhere: parseWhere(o["current-where"], "--current-where"),
      columns: o.columns?.split(",").map((c) => c.trim()).filter(Boolean),
      saveProfile: o["save-profile"],
      driftShare: o["drift-share"],
    });
    const needHtml = o.html !== undefined || activeRunId() !== undefined;
    let html: string | undefined;
    if (needHtml) {
      const { driftReportHtmlPage }: typeof import("../../../widgets/drift") = require("../../../widgets/drift");
      html = await driftReportHtmlPage(check.report, { title: `Drift: ${check.current} vs ${check.reference}` });
    }
    if (o.html !== undefined) {
      const { writeFileAtomic }: typeof import("../../../src/data/collector") = require("../../../src/data/collector");
      writeFileAtomic(o.html, Buffer.from(html!));
    }
    const runId = activeRunId();
    if (runId) await logDriftReport(context.client, runId, check.report, html);
    return { ...check, html: o.html ?? null, loggedTo: runId ?? null };
  },
  exitCode: (r) => (r.report.datasetDrift ? DRIFT_EXIT_CODE : 0),
  json: ({ report, reference, current, savedProfile, html, loggedTo }) => ({
    datasetDrift: report.datasetDrift,
    shareOfDriftedColumns: report.shareOfDriftedColumns,
    numberOfDriftedColumns: report.numberOfDriftedColumns,
    numberOfColumns: report.numberOfColumns,
    driftShare: report.driftShare,
    reference,
    current,
    savedProfile,
    html,
    loggedTo,
    columns: report.columns.map(({ distribution: _d, ...c }) => c),
  }),
  text(r) {
    const { driftVerdict, driftTable }: typeof import("./drift-text") = require("./drift-text");
    const { columnsByScore }: typeof import("../../../src/monitor/drift-check") = require("../../../src/monitor/drift-check");
    const notes = [r.savedProfile && `Profile saved to ${r.savedProfile}.`, r.html && `HTML report: ${r.html}.`, r.loggedTo && `Logged to run ${r.loggedTo}.`].filter(Boolean);
    return [driftVerdict(r.report), "", driftTable(columnsByScore(r.report)), ...(notes.length ? ["", ...notes] : [])].join("\n");
  },
  view(r) {
    const { driftReportWidget }: typeof import("../../../widgets/drift") = require("../../../widgets/drift");
    return driftReportWidget(r.report);
  },
});

/** The run to log to: the notebook's active run, else LABOPS_RUN_ID (as MLflow reads MLFLOW_RUN_ID). */
function activeRunId(): string | undefined {
  const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
  return fluent.activeRun()?.runId ?? (process.env.LABOPS_RUN_ID || undefined);
}
