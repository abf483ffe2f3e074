// A tuning job's outcome as text and an HTML table: the counts, the best trial, the registered model, and each
// trial's state, value, params and (for pruned or failed trials) why. The CLI prints the text; %tune shows the HTML.

import { formatNumber } from "../../src/present/format";
import { formatTable, type TextColumn } from "../../src/present/table";
import type { FrozenTrial } from "../../src/tune";
import { escapeHtml, htmlBlock, htmlTable } from "../html";
import { displayable, MIME, type Displayable } from "../mime-bundle";

export interface TuningOutcome {
  studyName: string;
  studyRunId: string;
  /** What the trials minimised, e.g. val_loss. */
  objective: string;
  counts: { complete: number; pruned: number; failed: number };
  jobs: number;
  seconds: number;
  trials: readonly FrozenTrial[];
  bestTrial: FrozenTrial | null;
  bestModelUri: string | null;
  registeredModelUri?: string;
}

/** The parameters of the trials, in the order they were first suggested. */
export function paramNames(trials: readonly FrozenTrial[]): string[] {
  return [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
}

export function trialColumns(objective: string, params: readonly string[]): TextColumn[] {
  return [{ header: "TRIAL", align: "right" }, { header: "STATE" }, { header: objective.toUpperCase(), align: "right" }, ...params.map((p) => ({ header: p, align: "right" as const })), { header: "NOTE", maxWidth: 70 }];
}

export function trialRows(trials: readonly FrozenTrial[], params: readonly string[]): string[][] {
  return trials.map((t) => [
    String(t.number),
    t.state,
    t.values ? formatNumber(t.values[0]!) : "",
    ...params.map((p) => (p in t.params ? (typeof t.params[p] === "number" ? formatNumber(t.params[p] as number) : String(t.params[p])) : "")),
    note(t),
  ]);
}

function note(t: FrozenTrial): string {
  if (t.state === "FAIL") return t.failReason ?? "failed";
  if (t.state === "PRUNED") return typeof t.userAttrs.prunedReason === "string" ? t.userAttrs.prunedReason : `pruned after epoch ${Math.max(-1, ...t.intermediateValues.keys()) + 1}`;
  return "";
}

export function tuningHeadline(o: TuningOutcome): string {
  const total = o.counts.complete + o.counts.pruned + o.counts.failed;
  return `Study '${o.studyName}' (run ${o.studyRunId}): ${total} trials, ${o.counts.complete} complete, ${o.counts.pruned} pruned, ${o.counts.failed} failed, in ${o.seconds.toFixed(1)} s${o.jobs > 1 ? ` on ${o.jobs} worker processes` : ""}.`;
}

export function bestLine(o: TuningOutcome): string {
  const b = o.bestTrial;
  if (!b) return "No trial completed.";
  const params = Object.entries(b.params).map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : String(v)}`).join(", ");
  return `Best trial ${b.number}: ${o.objective} ${formatNumber(b.values![0]!)} with ${params}.`;
}

export function modelLines(o: TuningOutcome): string[] {
  return [o.bestModelUri ? `Best model: ${o.bestModelUri}` : "", o.registeredModelUri ? `Registered: ${o.registeredModelUri}` : ""].filter(Boolean);
}

export function tuningSummaryText(o: TuningOutcome): string {
  const params = paramNames(o.trials);
  return [tuningHeadline(o), bestLine(o), ...modelLines(o), "", formatTable(trialColumns(o.objective, params), trialRows(o.trials, params))].join("\n");
}

/** The headline, the best trial and the trials table, the best row highlighted. */
export function tuningSummary(o: TuningOutcome): Displayable & { outcome: TuningOutcome } {
  return displayable({ outcome: o }, () => {
    const params = paramNames(o.trials);
    const best = o.bestTrial?.number;
    const lines = [tuningHeadline(o), bestLine(o), ...modelLines(o)].map((l) => `<p style="margin:2px 0">${escapeHtml(l)}</p>`).join("");
    const table = htmlTable(trialColumns(o.objective, params), trialRows(o.trials, params), { highlight: (r) => o.trials[r]?.number === best });
    return { [MIME.text]: tuningSummaryText(o), [MIME.html]: htmlBlock(lines + table) };
  });
}
