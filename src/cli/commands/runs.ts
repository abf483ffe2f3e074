// `labops runs ...`: list, show, metric history, delete, restore and compare runs.

import type { Experiment, ViewType } from "../../entities";
import { compareRuns } from "../../tracking/compare-runs";
import { parseRunFilter, parseRunOrderBy } from "../../tracking/search";
import { notFound } from "../../core/errors";
import type { LabopsClient } from "../../tracking/client";
import { UsageError } from "../args";
import { JSON_OPTION, type Command } from "../command";
import { FIELD_COLUMNS, runFieldRows, runsTableRows } from "../run-rows";
import { formatNumber, formatTable, formatTime } from "../table";
import { parseView, viewOption } from "./experiments";

const MAX_METRIC_COLUMNS = 5;

async function experimentsToSearch(client: LabopsClient, nameOrId: unknown, view: ViewType): Promise<Experiment[]> {
  if (nameOrId === undefined) {
    // Deleted runs include those of deleted experiments: search those experiments too.
    return (await client.searchExperiments({ maxResults: 50000, viewType: view === "ACTIVE_ONLY" ? "ACTIVE_ONLY" : "ALL" })).experiments;
  }
  const name = String(nameOrId);
  const byName = await client.getExperimentByName(name);
  if (byName) return [byName];
  if (/^\d+$/.test(name)) return [await client.getExperiment(name)];
  throw notFound(`No experiment named '${name}'. See 'labops experiments list'.`);
}

export const runsList: Command = {
  name: "runs list",
  summary: "List runs, newest first, with their latest metrics.",
  options: [
    { name: "experiment", type: "string", value: "NAME", description: "Only this experiment (a name, or an id); default: all active experiments." },
    { name: "filter", type: "string", value: "EXPR", description: "MLflow search filter, e.g. \"metrics.acc > 0.9 AND params.model = 'mlp'\"." },
    { name: "order-by", type: "string[]", value: "EXPR", description: "Ordering, e.g. \"metrics.acc DESC\"." },
    { name: "max", type: "number", value: "N", description: "At most N runs (default 100)." },
    viewOption,
    JSON_OPTION,
  ],
  async run(args, { client }) {
    // Checked first, so a bad expression is reported even when there is nothing to search.
    parseRunFilter(args.options.filter as string | undefined);
    parseRunOrderBy(args.options["order-by"] as string[] | undefined);
    const view = parseView(args.options.view);
    const experiments = await experimentsToSearch(client, args.options.experiment, view);
    const names = new Map(experiments.map((e) => [e.experimentId, e.name]));
    const max = (args.options.max as number | undefined) ?? 100;
    const runs = experiments.length
      ? (
          await client.searchRuns([...names.keys()], {
            filterString: args.options.filter as string | undefined,
            orderBy: args.options["order-by"] as string[] | undefined,
            runViewType: view,
            maxResults: max,
          })
        ).runs
      : [];
    const table = runsTableRows(runs, names, { idHeader: "RUN ID", id: (id) => id, maxMetricColumns: MAX_METRIC_COLUMNS });
    const text = runs.length ? formatTable(table.columns, table.rows) : "No runs match.";
    return { data: runs, text };
  },
};

export const runsShow: Command = {
  name: "runs show",
  summary: "Show one run: its info, params, latest metrics, tags and artifacts.",
  positionals: [{ name: "RUN_ID", description: "The run's id." }],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const run = await client.getRun(args.positionals.RUN_ID as string);
    const artifacts = await client.listArtifacts(run.info.runId).catch(() => []);
    const sections = [
      formatTable(FIELD_COLUMNS, runFieldRows(run.info)),
      section("Params", [{ header: "KEY" }, { header: "VALUE", maxWidth: 80 }], Object.entries(run.data.params).sort().map(([k, v]) => [k, v])),
      section(
        "Metrics (latest)",
        [{ header: "KEY" }, { header: "VALUE", align: "right" }, { header: "STEP", align: "right" }, { header: "TIME" }],
        Object.values(run.data.latestMetrics)
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((m) => [m.key, formatNumber(m.value), String(m.step), formatTime(m.timestamp)]),
      ),
      section("Tags", [{ header: "KEY" }, { header: "VALUE", maxWidth: 80 }], Object.entries(run.data.tags).sort().map(([k, v]) => [k, v])),
      section(
        "Artifacts",
        [{ header: "PATH" }, { header: "SIZE", align: "right" }],
        artifacts.map((a) => [a.isDir ? a.path + "/" : a.path, a.fileSize === undefined ? "" : String(a.fileSize)]),
      ),
    ];
    return { data: { ...run, artifacts }, text: sections.filter(Boolean).join("\n\n") };
  },
};

function section(title: string, columns: Parameters<typeof formatTable>[0], rows: string[][]): string {
  return rows.length ? `${title}\n${formatTable(columns, rows)}` : "";
}

export const runsMetrics: Command = {
  name: "runs metrics",
  summary: "Print every logged point of one metric of a run.",
  positionals: [
    { name: "RUN_ID", description: "The run's id." },
    { name: "KEY", description: "The metric's key." },
  ],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const runId = args.positionals.RUN_ID as string;
    const key = args.positionals.KEY as string;
    const history = await client.getMetricHistory(runId, key);
    if (history.length === 0) {
      const run = await client.getRun(runId);
      const known = Object.keys(run.data.metrics).sort();
      throw notFound(`Run ${runId} has no metric '${key}'.${known.length ? ` Its metrics: ${known.join(", ")}.` : " It has logged no metrics."}`);
    }
    const text = formatTable(
      [{ header: "STEP", align: "right" }, { header: "VALUE", align: "right" }, { header: "TIME" }],
      history.map((m) => [String(m.step), formatNumber(m.value), formatTime(m.timestamp)]),
    );
    return { data: history, text };
  },
};

function lifecycleCommand(verb: "delete" | "restore"): Command {
  return {
    name: `runs ${verb}`,
    summary: verb === "delete" ? "Soft-delete a run (restore brings it back)." : "Restore a deleted run.",
    positionals: [{ name: "RUN_ID", description: "The run's id." }],
    async run(args, { client }) {
      const runId = args.positionals.RUN_ID as string;
      await (verb === "delete" ? client.deleteRun(runId) : client.restoreRun(runId));
      return { data: { runId, lifecycleStage: verb === "delete" ? "deleted" : "active" }, text: `${verb === "delete" ? "Deleted" : "Restored"} run ${runId}.` };
    },
  };
}

export const runsDelete = lifecycleCommand("delete");
export const runsRestore = lifecycleCommand("restore");

export const runsCompare: Command = {
  name: "runs compare",
  summary: "Params and latest metrics of several runs side by side; '*' marks params that differ.",
  positionals: [{ name: "RUN_ID", description: "Two or more run ids.", variadic: true }],
  options: [JSON_OPTION],
  async run(args, { client }) {
    const ids = args.positionals.RUN_ID as string[];
    if (ids.length < 2) throw new UsageError("runs compare: give two or more run ids.");
    const runs = await Promise.all(ids.map((id) => client.getRun(id)));
    const cmp = compareRuns(runs);
    const columns = [{ header: "" }, ...runs.map((r) => ({ header: `${r.info.runName} (${r.info.runId.slice(0, 8)})`, align: "right" as const, maxWidth: 30 }))];
    const rows = [
      ...cmp.params.map((p) => [`${p.differs ? "* " : "  "}params.${p.key}`, ...p.values.map((v) => v ?? "")]),
      ...cmp.metrics.map((m) => [`  metrics.${m.key}`, ...m.values.map((v) => (v === null ? "" : formatNumber(v)))]),
    ];
    return { data: cmp, text: rows.length ? formatTable(columns, rows) : "These runs have no params or metrics." };
  },
};
