// One run as a card: its info, params, latest metrics and tags (the user's tags before MLflow's system tags),
// the same sections `labops runs show` prints.

import type { Run, RunStatus } from "../src/entities";
import { runCardSections, sectionsText, type Section } from "../src/present/run-rows";
import { escapeHtml, htmlBlock, htmlTable } from "./html";
import { displayable, type Displayable } from "./mime-bundle";

export { orderedTags } from "../src/present/run-rows";

const STATUS_COLOR: Record<RunStatus, string> = { RUNNING: "#1f6feb", SCHEDULED: "#777", FINISHED: "#1a7f37", FAILED: "#cf222e", KILLED: "#777" };

export function runView(run: Run): { run: Run; sections: Section[] } & Displayable {
  const { info } = run;
  const sections = runCardSections(run);
  const shown = sections.filter((s) => s.rows.length > 0);
  return displayable({ run, sections }, () => {
    const header =
      `<div style="font-size:14px;margin-bottom:6px"><b>${escapeHtml(info.runName)}</b> ` +
      `<span style="color:#fff;background:${STATUS_COLOR[info.status]};border-radius:3px;padding:0 5px;font-size:11px">${info.status}</span> ` +
      `<code style="color:var(--jp-content-font-color2, #666)">${escapeHtml(info.runId)}</code></div>`;
    return {
      "text/plain": sectionsText(sections),
      "text/html": htmlBlock(header + shown.map((s) => htmlTable(s.columns, s.rows, { caption: s.title })).join("")),
    };
  });
}
