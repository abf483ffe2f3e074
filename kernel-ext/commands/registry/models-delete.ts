// `labops models delete`: a model (all its versions) or one version; the history keeps the deletion.

import { defineCommand } from "../../../src/cli/command";
import { nameOption, reasonOption, versionNumber } from "./options";

export const modelsDelete = defineCommand({
  name: "models delete",
  summary: "Delete a model (all its versions) or one version; the history keeps the deletion.",
  surfaces: ["cli", "line"],
  options: [nameOption, { name: "version", type: "number", value: "V", description: "Only this version." }, reasonOption],
  async run(args, { registry }) {
    const { name, reason } = args.options;
    const version = versionNumber(args.options.version, "version");
    if (version === undefined) await registry().store.deleteRegisteredModel(name, { reason });
    else await registry().store.deleteModelVersion(name, version, { reason });
    return { name, version };
  },
  text: ({ name, version }) => (version === undefined ? `Deleted model ${name}.` : `Deleted ${name} version ${version}.`),
});
