// `labops models promote` and `%models promote`: point an alias at a version, or move it to a stage.

import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { MODEL_STAGES } from "../../../src/registry/entities";
import type { ModelRegistryClient } from "../../../src/registry/registry-client";
import { nameOption, reasonOption, stageNamed, versionNumber } from "./options";

/** The promotion both `models promote` and `models alias` make. */
export async function promote(
  registry: ModelRegistryClient,
  o: { name: string; version: number; alias?: string; stage?: string; "archive-existing"?: boolean; reason?: string },
) {
  const stage = stageNamed(o.stage);
  if ((o.alias === undefined) === (stage === undefined)) throw new UsageError("give exactly one of --alias and --stage.");
  const version = await registry.promote(o.name, versionNumber(o.version, "version")!, { alias: o.alias, stage, archiveExisting: o["archive-existing"] === true }, { reason: o.reason });
  return { version, alias: o.alias };
}

export const promoteText = ({ version: v, alias }: Awaited<ReturnType<typeof promote>>): string =>
  alias ? `${v.name}@${alias} -> version ${v.version}` : `${v.name} version ${v.version} -> ${v.currentStage}`;

export const modelsPromote = defineCommand({
  name: "models promote",
  summary: "Point an alias (e.g. champion) at a version, or move it to a stage; refused if its files are missing.",
  surfaces: ["cli", "line"],
  options: [
    nameOption,
    { name: "version", type: "number", value: "V", description: "The version to promote.", required: true },
    { name: "alias", type: "string", value: "ALIAS", description: "The alias to point at it." },
    { name: "stage", type: "string", value: "STAGE", description: `A stage: ${MODEL_STAGES.join(", ")}.` },
    { name: "archive-existing", type: "boolean", description: "With --stage: archive the versions now in that stage." },
    reasonOption,
    JSON_OPTION,
  ],
  run: (args, { registry }) => promote(registry(), args.options),
  json: (r) => r.version,
  text: promoteText,
});
