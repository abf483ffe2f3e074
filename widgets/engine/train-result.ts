// The result of `labops train` / `%train`: the kept epoch's metrics and where the model is (run, model URI,
// registered version), as a terminal text and as an HTML card with the same rows.

import type { TrainSummary } from "../../src/engine/train-summary";
import { formatNumber } from "../../src/present/format";
import { formatTable, type TextColumn } from "../../src/present/table";
import { escapeHtml, htmlTable } from "../html";
import { displayable, MIME, type Displayable } from "../mime-bundle";

const METRIC_COLUMNS: TextColumn[] = [{ header: "METRIC" }, { header: "VALUE", align: "right" }];
const FIELD_COLUMNS: TextColumn[] = [{ header: "FIELD" }, { header: "VALUE", maxWidth: 100 }];

/** [metric, value] rows, in the order the model reported them. */
export function trainMetricRows(s: TrainSummary): string[][] {
  return Object.entries(s.metrics).map(([k, v]) => [k, formatNumber(v)]);
}

/** [field, value] rows: where the model is and how it was trained. */
export function trainFieldRows(s: TrainSummary): string[][] {
  return [
    ["run", s.runId],
    ["model URI", s.modelUri],
    ...(s.registeredModelUri ? [["registered", s.registeredModelUri]] : []),
    ["model", `${s.model} (${s.task}) on ${s.features} features`],
    ["data", `${s.data}: ${s.rows.train} training rows, ${s.rows.validation} validation rows`],
    ["epochs", `${s.epochs} (stopped by ${s.stoppedBy}); kept epoch ${s.bestEpoch}`],
    ["backend", s.backend],
  ];
}

/** One line: the model, its headline metric and where it was registered. */
export function trainHeadline(s: TrainSummary): string {
  const [name, value] = s.metrics["accuracy"] !== undefined ? ["accuracy", s.metrics["accuracy"]] : s.metrics["r2"] !== undefined ? ["r2", s.metrics["r2"]] : ["loss", s.metrics["loss"] ?? NaN];
  return `Trained ${s.model} on ${s.data} -> ${s.target}: ${name} ${formatNumber(value)}${s.registeredModelUri ? `, registered as ${s.registeredModelUri}` : ""}`;
}

/** What the CLI prints. */
export function trainResultText(s: TrainSummary): string {
  return [trainHeadline(s), "", formatTable(METRIC_COLUMNS, trainMetricRows(s)), "", formatTable(FIELD_COLUMNS, trainFieldRows(s))].join("\n");
}

/** The notebook's result card. */
export function trainResultView(s: TrainSummary): TrainSummary & Displayable {
  return displayable({ ...s }, () => ({
    [MIME.text]: trainResultText(s),
    [MIME.html]:
      `<div class="labops-train-result"><p><b>${escapeHtml(trainHeadline(s))}</b></p>` +
      `<div style="display:flex;gap:2em;align-items:flex-start">${htmlTable(METRIC_COLUMNS, trainMetricRows(s))}${htmlTable(FIELD_COLUMNS, trainFieldRows(s))}</div></div>`,
  }));
}
