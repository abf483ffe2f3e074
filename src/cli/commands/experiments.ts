// `labops experiments ...`: list experiments.

import { VIEW_TYPES, type ViewType } from "../../entities";
import { UsageError } from "../args";
import { JSON_OPTION, type Command } from "../command";
import { formatTable, formatTime } from "../table";

export const viewOption = {
  name: "view",
  type: "string",
  value: "active|deleted|all",
  description: "Which lifecycle stage to list (default: active).",
} as const;

export function parseView(value: unknown): ViewType {
  if (value === undefined) return "ACTIVE_ONLY";
  const view = { active: "ACTIVE_ONLY", deleted: "DELETED_ONLY", all: "ALL" }[String(value)] as ViewType | undefined;
  if (!view || !VIEW_TYPES.includes(view)) throw new UsageError(`--view takes active, deleted or all, got '${String(value)}'.`);
  return view;
}

export const experimentsList: Command = {
  name: "experiments list",
  summary: "List experiments.",
  options: [viewOption, JSON_OPTION],
  async run(args, { client }) {
    const experiments = [];
    let pageToken: string | undefined;
    do {
      const page = await client.searchExperiments({ viewType: parseView(args.options.view), orderBy: ["experiment_id ASC"], pageToken });
      experiments.push(...page.experiments);
      pageToken = page.nextPageToken;
    } while (pageToken);
    const text = experiments.length
      ? formatTable(
          [{ header: "ID", align: "right" }, { header: "NAME" }, { header: "STAGE" }, { header: "CREATED" }, { header: "ARTIFACT LOCATION", maxWidth: 80 }],
          experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage, formatTime(e.creationTime), e.artifactLocation]),
        )
      : `No experiments in ${client.trackingUri}.`;
    return { data: experiments, text };
  },
};
