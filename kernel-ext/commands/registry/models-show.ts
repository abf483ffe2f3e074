// `labops models show` and `%models show`: a model's aliases and versions (a model card in notebooks).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { aliasList, VERSION_COLUMNS, versionRows } from "../../../src/present/model-rows";
import { formatTable } from "../../../src/present/table";

export const modelsShow = defineCommand({
  name: "models show",
  summary: "Show a model: aliases, stages, and each version with its source run and metrics.",
  surfaces: ["cli", "line"],
  positionals: [{ name: "NAME", description: "The registered model." }],
  options: [JSON_OPTION],
  async run(args, { registry }) {
    const name = args.positionals.NAME;
    const model = await registry().store.getRegisteredModel(name);
    const versions = await registry().modelVersions(name);
    return { model, versions };
  },
  text: ({ model, versions }) =>
    [
      `${model.name}${model.description ? ` - ${model.description}` : ""}`,
      `aliases: ${aliasList(model.aliases) || "none"}`,
      "",
      versions.length ? formatTable(VERSION_COLUMNS, versionRows(versions)) : "No versions.",
    ].join("\n"),
  view({ model, versions }) {
    const { modelCard }: typeof import("../../../widgets/model-card") = require("../../../widgets/model-card");
    return modelCard(model, versions);
  },
});
