// What the data commands share: where the data comes from (a file or a shipped dataset), `--where` row filters,
// and the run a command logs to (the active one, else a new run in an experiment).

import { UsageError } from "../../../src/cli/args";
import type { CommandContext } from "../../../src/cli/command";
import type { ColumnTable } from "../../../src/data/column-table";
import type { ColumnCondition } from "../../../src/data/row-filter";

export const whereOption = {
  name: "where",
  type: "string[]",
  value: "EXPR",
  description: "Keep rows where COLUMN OP VALUE holds (OP: = != < <= > >=), e.g. \"date < 2014-01-01\"; repeat to AND them.",
} as const;

const WHERE = /^\s*(.+?)\s*(<=|>=|!=|=|<|>)\s*(.*?)\s*$/;
const OPS = { "=": "eq", "!=": "ne", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" } as const;

/** `["date >= 2014-01-01", "weather = rain"]` as a row filter; values are read by the column's type. */
export function parseWhere(exprs: string[] | undefined, option = "--where"): Record<string, ColumnCondition> | undefined {
  if (!exprs?.length) return undefined;
  const where: Record<string, Record<string, string>> = {};
  for (const expr of exprs) {
    const m = WHERE.exec(expr);
    if (!m || !m[3]) throw new UsageError(`${option} takes COLUMN OP VALUE with OP one of = != < <= > >=, got '${expr}'.`);
    const op = OPS[m[2] as keyof typeof OPS];
    const cond = (where[m[1]!] ??= {});
    if (op in cond) throw new UsageError(`${option}: '${m[1]} ${m[2]}' is given twice.`);
    cond[op] = m[3];
  }
  return where;
}

/** A data file, else a shipped dataset, filtered by `where`. */
export async function readData(source: { file?: string; dataset?: string }, whereExprs: string[] | undefined, option = "--where"): Promise<{ table: ColumnTable; label: string }> {
  const data: typeof import("../../../src/data") = require("../../../src/data");
  const where = parseWhere(whereExprs, option);
  if (source.file !== undefined) return { table: await data.readTable(source.file, { where }), label: source.file };
  return { table: await data.loadColumns(source.dataset!, { where }), label: source.dataset! };
}

/** Exactly one of two options, named in the message when both or neither are given. */
export function oneOf<A, B>(a: A | undefined, b: B | undefined, names: [string, string]): void {
  if (a === undefined && b === undefined) throw new UsageError(`give ${names[0]} or ${names[1]}.`);
  if (a !== undefined && b !== undefined) throw new UsageError(`give ${names[0]} or ${names[1]}, not both.`);
}

/**
 * The run to log to: --run-id, else the notebook's active run, else a new run in --experiment (created when no
 * experiment has that name; default the notebook's current experiment, or Default from the CLI), which `finish` ends.
 */
export async function runToLog(context: CommandContext, options: { runId?: string; experiment?: string }, runName: string): Promise<{ runId: string; created: boolean; finish(ok: boolean): Promise<void> }> {
  const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
  const { client } = context;
  const active = options.runId ?? (context.surface === "cli" ? undefined : fluent.activeRun()?.runId);
  if (active !== undefined) {
    if (options.experiment !== undefined) throw new UsageError(`--experiment is for a new run, but run ${active} is active; end it first, or leave out --experiment.`);
    await client.getRun(active);
    return { runId: active, created: false, finish: async () => {} };
  }
  if (context.surface !== "cli" && options.experiment === undefined) {
    // In a notebook the new run goes to the current experiment (%experiment), as startRun() does.
    const run = await fluent.startRun({ runName });
    return { runId: run.runId, created: true, finish: async (ok) => (await run.end(ok ? "FINISHED" : "FAILED"), ok ? undefined : await client.deleteRun(run.runId)) };
  }
  const { DEFAULT_EXPERIMENT_ID }: typeof import("../../../src/entities/experiment") = require("../../../src/entities/experiment");
  let experimentId = DEFAULT_EXPERIMENT_ID;
  if (options.experiment !== undefined) {
    const found = await client.getExperimentByName(options.experiment);
    if (found?.lifecycleStage === "deleted") throw new UsageError(`experiment '${options.experiment}' is deleted; restore it or pick another name.`);
    experimentId = found ? found.experimentId : await client.createExperiment(options.experiment);
  }
  const run = await client.createRun(experimentId, { runName });
  const runId = run.info.runId;
  return {
    runId,
    created: true,
    // A failed command changes nothing: the run it made is deleted again.
    finish: async (ok) => (ok ? void (await client.setTerminated(runId, "FINISHED")) : await client.deleteRun(runId)),
  };
}
