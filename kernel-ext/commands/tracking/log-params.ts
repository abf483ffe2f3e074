// `%log_params k=v ...`: log params to the active run, kept as written (params are strings).

import { parseAssignments } from "../../../src/cli/args";
import { defineCommand } from "../../../src/cli/command";

export const logParamsMagic = defineCommand({
  name: "log_params",
  summary: "Log params to the active run: %log_params lr=0.1 layers=3 model=mlp",
  surfaces: ["line"],
  positionals: [{ name: "KEY=VALUE", description: "One or more params.", variadic: true }],
  async run(args) {
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    await fluent.logParams(parseAssignments(args.positionals["KEY=VALUE"], "%log_params"));
  },
});
