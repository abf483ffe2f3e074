// `labops ab expand` and `%ab expand`: moves the rollout to its next stage, only when the gates hold.

import { defineCommand } from "../../../src/cli/command";
import { analyseRollout, checkOptions, pct } from "./ab-options";
import { checkText, checkView } from "./ab-check";
import { LabopsError } from "../../../src/core/errors"; // already loaded by the CLI

export const abExpand = defineCommand({
  name: "ab expand",
  summary: "Expand the challenger's share to the next stage (10 -> 25 -> 50%) when the rollout's gates hold.",
  surfaces: ["cli", "line"],
  options: checkOptions,
  async run(args, { registry }) {
    const reg = registry();
    const first = await analyseRollout(reg, args.options);
    if (first.state.status !== "running") throw new LabopsError("INVALID_STATE", `the rollout of ${args.options.model} is ${first.state.status}; start a new one to expand.`);
    if (first.decision.action !== "expand") {
      const next = first.decision.action === "promote" ? "the next stage is 100%: run `labops ab promote`" : first.decision.action === "rollback" ? "the gates call for a rollback: run `labops ab rollback`" : "the gates do not hold yet";
      throw new LabopsError("INVALID_STATE", `not expanding ${args.options.model} past ${pct(first.state.share)}: ${next}. ${first.decision.reasons.join(" ")}`);
    }
    const { checkRollout }: typeof import("../../../src/abtest/rollout") = require("../../../src/abtest/rollout");
    const { rolloutMetrics }: typeof import("../../../src/serving/rollout-metrics") = require("../../../src/serving/rollout-metrics");
    const data = rolloutMetrics(args.options.log, { metrics: args.options.metric, outcomes: args.options.outcomes, champion: first.state.champion, challenger: first.state.challenger });
    // checkRollout re-decides on the same data and saves compare-and-set: a concurrent change makes it fail.
    const done = await checkRollout(first.store, args.options.model, data.metrics, { assignments: data.assignments });
    return { state: done.state, analysis: done.analysis, decision: done.decision };
  },
  text: (r) => `${checkText(r)}\nExpanded: challenger ${r.state.challenger} now serves ${pct(r.state.share)} of traffic.`,
  view: (r) => checkView(r),
});
