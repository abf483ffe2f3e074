// `labops validate` and `%validate`: runs an expectation suite (from a file, or learned from reference data) on a
// dataset and shows the report; the CLI exits 3 when an expectation fails, so a flow stops at the gate.

import fs from "node:fs";
import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { ExpectationSuite, ValidationReport } from "../../../src/data/validation/expectation";
import { formatNumber } from "../../../src/present/format";
import { formatTable } from "../../../src/present/table";
import { oneOf, readData, whereOption } from "./options";

/** The exit status of a validation that ran but found a failed expectation. */
export const VALIDATION_FAILED_EXIT = 3;

const isFile = (s: string) => fs.existsSync(s) || /[\\/]|\.(csv|jsonl?|ndjson|parquet|arrow|feather|ipc)$/i.test(s);

export const validateCommand = defineCommand({
  name: "validate",
  summary: "Validate data against an expectation suite; exit 3 when an expectation fails.",
  surfaces: ["cli", "line"],
  options: [
    { name: "data", type: "string", value: "FILE", description: "The data to check (CSV, JSON, JSONL, Parquet, Arrow)." },
    { name: "dataset", type: "string", value: "NAME", description: "Or a shipped dataset (see 'labops datasets list')." },
    whereOption,
    { name: "suite", type: "string", value: "FILE", description: "The suite: a JSON file {name, expectations: [...]}." },
    { name: "learn-from", type: "string", value: "FILE|NAME", description: "Or learn the suite from reference data (a file, or a shipped dataset)." },
    { name: "learn-where", type: "string[]", value: "EXPR", description: "Row filter for the reference data, as --where." },
    { name: "range-slack", type: "number", value: "X", description: "Widen learned ranges by this share of their span (default 0)." },
    { name: "max-categories", type: "number", value: "N", description: "Learn allowed sets for string columns with at most N values (default 20)." },
    { name: "save-suite", type: "string", value: "FILE", description: "Write the suite used (learned or read) to this JSON file." },
    { name: "run-id", type: "string", value: "RUN_ID", description: "Log the report to this run (default: the active run, if any)." },
    JSON_OPTION,
  ],
  async run(args, context) {
    const o = args.options;
    oneOf(o.data, o.dataset, ["--data FILE", "--dataset NAME"]);
    oneOf(o.suite, o["learn-from"], ["--suite FILE", "--learn-from FILE|NAME"]);
    if (o.suite !== undefined && (o["learn-where"] || o["range-slack"] !== undefined || o["max-categories"] !== undefined)) throw new UsageError(`--learn-where, --range-slack and --max-categories go with --learn-from, not --suite.`);
    const data: typeof import("../../../src/data") = require("../../../src/data");
    let suite: ExpectationSuite;
    if (o.suite !== undefined) {
      if (!fs.existsSync(o.suite)) throw new UsageError(`--suite: no file '${o.suite}'.`);
      try {
        suite = JSON.parse(fs.readFileSync(o.suite, "utf8")) as ExpectationSuite;
      } catch (e) {
        throw new UsageError(`--suite: '${o.suite}' is not JSON (${(e as Error).message}).`);
      }
    } else {
      const from = o["learn-from"]!;
      const ref = await readData(isFile(from) ? { file: from } : { dataset: from }, o["learn-where"], "--learn-where");
      suite = data.learnSuite(ref.table, { name: `learned from ${ref.label}`, rangeSlack: o["range-slack"], maxCategories: o["max-categories"] });
    }
    const { table, label } = await readData({ file: o.data, dataset: o.dataset }, o.where);
    const report = data.validate(table, suite);
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    const runId = o["run-id"] ?? (context.surface === "cli" ? undefined : fluent.activeRun()?.runId);
    const logged = runId === undefined ? null : await data.logValidationReport(report, { runId, client: context.client });
    // Written last, so a command that failed leaves no file behind.
    if (o["save-suite"] !== undefined) data.writeFileAtomic(o["save-suite"], Buffer.from(JSON.stringify(suite, null, 2) + "\n"));
    return { report, data: label, suite, loggedTo: logged };
  },
  exitCode: (r) => (r.report.success ? 0 : VALIDATION_FAILED_EXIT),
  json: (r) => ({ ...r.report, data: r.data, loggedTo: r.loggedTo }),
  text: (r) => reportText(r.report, r.data) + (r.loggedTo ? `\nlogged: ${r.loggedTo.artifactPath} on run ${r.loggedTo.runId}` : ""),
  view(r) {
    const { validationReportView }: typeof import("../../../widgets/data/validation-report-view") = require("../../../widgets/data/validation-report-view");
    return validationReportView(r.report);
  },
});

function reportText(report: ValidationReport, data: string): string {
  const { describeExpectation }: typeof import("../../../src/data/validation/validate") = require("../../../src/data/validation/validate");
  const show = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "number" ? formatNumber(v) : typeof v === "string" ? v : JSON.stringify(v));
  const rows = report.results.map((r) => [
    r.success ? "ok" : "FAIL",
    describeExpectation(r.expectation),
    r.error ?? show(r.observed),
    r.unexpectedCount === undefined ? "" : `${r.unexpectedCount} (${((r.unexpectedShare ?? 0) * 100).toFixed(1)}%)`,
    (r.examples ?? []).slice(0, 3).map((e) => `#${e.row}: ${JSON.stringify(e.value)}`).join(", "),
  ]);
  const s = report.statistics;
  return [
    `Suite '${report.suite}' on ${data} (${report.rowCount} rows): ${report.success ? "PASSED" : "FAILED"}, ${s.successful} of ${s.evaluated} expectations hold.`,
    formatTable([{ header: "OK" }, { header: "EXPECTATION", maxWidth: 70 }, { header: "OBSERVED", maxWidth: 40 }, { header: "UNEXPECTED", align: "right" }, { header: "EXAMPLES", maxWidth: 50 }], rows),
  ].join("\n");
}
