// What the tracking commands share: the --view option and the experiments a runs command searches.

import { notFound } from "../../../src/core/errors";
import { UsageError } from "../../../src/cli/args";
import type { Experiment, ViewType } from "../../../src/entities";
import type { LabopsClient } from "../../../src/tracking/client";

export const viewOption = {
  name: "view",
  type: "string",
  value: "active|deleted|all",
  description: "Which lifecycle stage to list (default: active).",
} as const;

const VIEWS: Record<string, ViewType> = { active: "ACTIVE_ONLY", deleted: "DELETED_ONLY", all: "ALL" };

export function parseView(value: string | undefined): ViewType {
  if (value === undefined) return "ACTIVE_ONLY";
  const view = VIEWS[value];
  if (!view) throw new UsageError(`--view takes active, deleted or all, got '${value}'.`);
  return view;
}

/** The experiments named by --experiment (a name, or an id), else all of them in the view. */
export async function experimentsToSearch(client: LabopsClient, nameOrId: string | undefined, view: ViewType): Promise<Experiment[]> {
  if (nameOrId === undefined) {
    // Deleted runs include those of deleted experiments: search those experiments too.
    return (await client.searchExperiments({ maxResults: 50000, viewType: view === "ACTIVE_ONLY" ? "ACTIVE_ONLY" : "ALL" })).experiments;
  }
  const byName = await client.getExperimentByName(nameOrId);
  if (byName) return [byName];
  if (/^\d+$/.test(nameOrId)) return [await client.getExperiment(nameOrId)];
  throw notFound(`No experiment named '${nameOrId}'. See 'labops experiments list'.`);
}
