// `labops ab check` and `%ab check`: analyses the prediction log against the rollout and says what to do, why.

import { defineCommand } from "../../../src/cli/command";
import { formatTable } from "../../../src/present/table";
import type { ExperimentAnalysis } from "../../../src/abtest/experiment";
import type { RolloutDecision, RolloutState } from "../../../src/abtest/rollout";
import { analyseRollout, checkOptions, pct } from "./ab-options";

const num = (x: number) => String(Number(x.toPrecision(4)));

export function checkText(r: { state: RolloutState; analysis: ExperimentAnalysis; decision: RolloutDecision }): string {
  const a = r.analysis;
  const rows = a.metrics.map((m) => [m.name, m.role, `${num(m.control.mean)} (n=${m.control.n})`, `${num(m.treatment.mean)} (n=${m.treatment.n})`, pct(m.lift), `[${pct(m.liftCi.lower)}, ${pct(m.liftCi.upper)}]`, num(m.pValue), m.guardrail ? `guardrail ${m.guardrail.status}` : m.significant ? (m.improvement > 0 ? "better" : "worse") : "not significant"]);
  const srm = !a.srm ? "SRM: not checked" : !a.srm.checked ? "SRM: too few units to check" : a.srm.mismatch ? `SRM: MISMATCH (p = ${a.srm.pValue.toExponential(2)})` : `SRM: ok (p = ${num(a.srm.pValue)})`;
  return [
    `${r.state.name}: champion ${r.state.champion} vs challenger ${r.state.challenger} at ${pct(r.state.share)}`,
    formatTable([{ header: "METRIC" }, { header: "ROLE" }, { header: "CHAMPION", align: "right" }, { header: "CHALLENGER", align: "right" }, { header: "LIFT", align: "right" }, { header: "CI", align: "right" }, { header: "P", align: "right" }, { header: "STATUS" }], rows),
    srm,
    `Analysis: ${a.recommendation}`,
    ...a.reasons.map((x) => `  - ${x}`),
    `Rollout: ${r.decision.action}${r.decision.action === "hold" ? "" : ` to ${pct(r.decision.toShare)}`}`,
    ...r.decision.reasons.map((x) => `  - ${x}`),
  ].join("\n");
}

export function checkView(r: { state: RolloutState; analysis: ExperimentAnalysis; decision: RolloutDecision }) {
  const { abReportWidget }: typeof import("../../../widgets/abtest") = require("../../../widgets/abtest");
  const { displayable }: typeof import("../../../widgets/mime-bundle") = require("../../../widgets/mime-bundle");
  const { escapeHtml }: typeof import("../../../widgets/html") = require("../../../widgets/html");
  const widget = abReportWidget(r.analysis);
  const decision = `Rollout: ${r.decision.action}${r.decision.action === "hold" ? "" : ` to ${pct(r.decision.toShare)}`} (${r.decision.reasons.join(" ")})`;
  return displayable({ analysis: r.analysis, decision: r.decision, state: r.state }, async () => {
    const b = await widget.bundle();
    return { ...b, "text/plain": `${b["text/plain"]}\n${decision}`, "text/html": `${b["text/html"]}<p class="labops-ab-decision"><b>${escapeHtml(decision)}</b></p>` };
  });
}

export const abCheck = defineCommand({
  name: "ab check",
  summary: "Analyse the rollout from the prediction log: metric CIs, SRM, and the recommendation with reasons.",
  surfaces: ["cli", "line"],
  options: checkOptions,
  async run(args, { registry }) {
    const { state, analysis, decision, data } = await analyseRollout(registry(), args.options);
    return { state, analysis, decision, labelled: data.labelled, records: data.records };
  },
  text: checkText,
  view: (r) => checkView(r),
});
