// `labops models alias`: set an alias to a version (the same as promote --alias).

import { defineCommand } from "../../../src/cli/command";
import { nameOption, reasonOption } from "./options";
import { promote, promoteText } from "./models-promote";

export const modelsAlias = defineCommand({
  name: "models alias",
  summary: "Set an alias to a version (same as promote --alias).",
  surfaces: ["cli", "line"],
  options: [
    nameOption,
    { name: "alias", type: "string", value: "ALIAS", description: "The alias.", required: true },
    { name: "version", type: "number", value: "V", description: "The version.", required: true },
    reasonOption,
  ],
  run: (args, { registry }) => promote(registry(), args.options),
  json: (r) => r.version,
  text: promoteText,
});
