// `labops models rollback`: move an alias back to the version that held it before.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { nameOption, reasonOption, versionNumber } from "./options";

export const modelsRollback = defineCommand({
  name: "models rollback",
  summary: "Move an alias back to the version that held it before (from the history), or to --to-version.",
  surfaces: ["cli", "line"],
  options: [
    nameOption,
    { name: "alias", type: "string", value: "ALIAS", description: "The alias to roll back (default: champion)." },
    { name: "to-version", type: "number", value: "V", description: "The version to go back to." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    const { name, alias = "champion", reason } = args.options;
    const r = await registry().rollback(name, { alias, toVersion: versionNumber(args.options["to-version"], "to-version"), reason });
    return { name, alias, ...r };
  },
  text: (r) => `${r.name}@${r.alias}: version ${r.from ?? "none"} -> ${r.to} (rolled back)`,
});
