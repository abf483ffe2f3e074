// `labops models list` and `%models list`: registered models with their latest version and aliases.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { MODEL_COLUMNS, modelRows } from "../../../src/present/model-rows";
import { formatTable } from "../../../src/present/table";

export const modelsList = defineCommand({
  name: "models list",
  summary: "List registered models with their latest version and aliases.",
  surfaces: ["cli", "line"],
  options: [{ name: "name", type: "string", value: "PATTERN", description: "Only names containing PATTERN." }, JSON_OPTION],
  async run(args, { registry }) {
    const pattern = args.options.name;
    return (await registry().store.searchRegisteredModels({ maxResults: 50_000 })).items.filter((m) => pattern === undefined || m.name.includes(pattern));
  },
  text: (models) => (models.length ? formatTable(MODEL_COLUMNS, modelRows(models)) : "No registered models."),
  view(models) {
    const { modelsTable }: typeof import("../../../widgets/tables") = require("../../../widgets/tables");
    return modelsTable(models);
  },
});
