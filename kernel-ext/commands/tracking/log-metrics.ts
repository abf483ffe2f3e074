// `%log_metrics k=v ... [--step N]`: log numeric metrics to the active run.

import { parseAssignments, typedValue, UsageError } from "../../../src/cli/args";
import { defineCommand } from "../../../src/cli/command";

export const logMetricsMagic = defineCommand({
  name: "log_metrics",
  summary: "Log metrics to the active run: %log_metrics loss=0.3 acc=0.9 --step 5",
  surfaces: ["line"],
  positionals: [{ name: "KEY=VALUE", description: "One or more numeric metrics.", variadic: true }],
  options: [{ name: "step", type: "number", value: "N", description: "The step (default 0)." }],
  async run(args) {
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(parseAssignments(args.positionals["KEY=VALUE"], "%log_metrics"))) {
      const n = typedValue(v);
      if (typeof n !== "number") throw new UsageError(`%log_metrics: ${k}=${JSON.stringify(v)} is not a number.`);
      values[k] = n;
    }
    const fluent: typeof import("../../../src/tracking/fluent") = require("../../../src/tracking/fluent");
    fluent.logMetrics(values, args.options.step);
    await fluent.flush();
  },
});
