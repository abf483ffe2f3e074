// Logs a validation report on a run: the report as a JSON artifact, and tags a search can filter on.

import type { LabopsClient } from "../../tracking/client";
import { getClient, activeRun } from "../../tracking/fluent";
import { invalidParameter } from "../../core/errors";
import type { ValidationReport } from "./expectation";
import { describeExpectation } from "./validate";

export interface LogReportOptions {
  /** The run; default the active run. */
  runId?: string;
  /** The artifact is validation/<name>.json and tags labops.validation.<name>.*; default the suite's name. */
  name?: string;
  /** The store to log to (default the fluent client): the CLI passes the one --tracking-uri names. */
  client?: LabopsClient;
}

/** Tags `labops.validation.<name>.success` ("true"/"false") and `.failed` (the failed expectation types). */
export async function logValidationReport(report: ValidationReport, options: LogReportOptions = {}): Promise<{ runId: string; artifactPath: string }> {
  const runId = options.runId ?? activeRun()?.runId;
  if (!runId) throw invalidParameter(`logValidationReport needs a run: start one with startRun() or pass {runId}.`);
  const name = (options.name ?? report.suite).replace(/[^A-Za-z0-9_.-]/g, "_");
  const client = options.client ?? getClient();
  const artifactPath = `validation/${name}.json`;
  await client.logDict(runId, report, artifactPath);
  const failed = report.results.filter((r) => !r.success).map((r) => describeExpectation(r.expectation));
  await client.setTag(runId, `labops.validation.${name}.success`, String(report.success));
  await client.setTag(runId, `labops.validation.${name}.failed`, failed.join("; ").slice(0, 5000));
  return { runId, artifactPath };
}
