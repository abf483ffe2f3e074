// `labops ab status` and `%ab status`: the rollout's stage, shares and its traffic timeline with the audit trail.

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { loadRollout, modelOption, statusText } from "./ab-options";

export const abStatus = defineCommand({
  name: "ab status",
  summary: "Show a rollout: its status, the challenger's share, stages and every transition (when, who, why).",
  surfaces: ["cli", "line"],
  options: [modelOption, JSON_OPTION],
  run: async (args, { registry }) => (await loadRollout(registry(), args.options.model)).state,
  text: statusText,
  view(state) {
    const { trafficTimelineChart }: typeof import("../../../widgets/abtest") = require("../../../widgets/abtest");
    return trafficTimelineChart(state);
  },
});
