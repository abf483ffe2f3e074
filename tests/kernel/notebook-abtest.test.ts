// notebooks/ab-test.ipynb through real Jupyter (nbclient) and through `labops run`: the served traffic split,
// the A/B report (table, forest plot SVG, SRM badge), the expansion to 25% and the timeline chart.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { repoRoot, tempDir } from "../helpers/temp-dir";
import { useTestKernel } from "../helpers/test-kernel";

const kernel = useTestKernel("labops-abtest-test");

type Output = { output_type: string; text?: string; data?: Record<string, string> };
const joined = (v: unknown): unknown => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v.join("") : v);

function outputs(nb: { cells: { outputs?: Output[] }[] }, i: number): Output[] {
  return (nb.cells[i]!.outputs ?? []).map((o) => ({ ...o, text: joined(o.text) as string | undefined, data: o.data && Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, joined(v) as string])) }));
}

const result = (nb: { cells: { outputs?: Output[] }[] }, i: number) => outputs(nb, i).find((o) => o.output_type === "execute_result")?.data ?? {};

/** What must hold in an executed copy of the notebook, whichever way it ran (cells shift by one when labops run injects parameters). */
function checkExecuted(nb: { cells: { outputs?: Output[]; metadata?: { tags?: string[] } }[] }, store: string, offset: number): void {
  const served = result(nb, 6 + offset)["text/plain"]!;
  const [, champion, challenger] = /champion: (\d+), challenger: (\d+)/.exec(served)!.map(Number);
  assert.equal(champion! + challenger!, 3000);
  assert.ok(Math.abs(challenger! / 3000 - 0.1) < 0.025, served);
  const check = result(nb, 7 + offset);
  assert.match(check["text/plain"]!, /^accuracy +goal +\S+ \(n=\d+\) +\S+ \(n=\d+\)/m);
  assert.match(check["text/plain"]!, /^log_loss +secondary/m);
  assert.match(check["text/html"]!, /<table[\s\S]*accuracy[\s\S]*log_loss/);
  assert.match(check["text/html"]!, /<img src="data:image\/svg\+xml;base64,[^"]+" width="\d+" height="\d+"/, "the lift forest plot (an image: untrusted notebooks drop inline SVG)");
  assert.match(check["text/html"]!, /SRM/);
  assert.match(check["text/plain"]!, /Rollout: expand to 25%/);
  assert.match(result(nb, 8 + offset)["text/plain"]!, /Rollout: expand to 25%/);
  const timeline = result(nb, 9 + offset);
  assert.match(timeline["image/svg+xml"]!, /^<svg/);
  assert.match(timeline["text/plain"]!, /expand 10% -> 25%/);
  assert.match(result(nb, 10 + offset)["text/plain"]!, new RegExp(`challenger"\\} ${challenger}[\\s\\S]*champion"\\} ${champion}`));
  const state = JSON.parse(fs.readFileSync(path.join(store, "registry", "rollouts", "rain.json"), "utf8"));
  assert.equal(state.share, 0.25);
  assert.equal(fs.readFileSync(path.join(store, "predictions.jsonl"), "utf8").trim().split("\n").length, 3000);
}



test("nbclient runs ab-test.ipynb: traffic split, report with forest plot and SRM, expansion, timeline", () => {
  const { dir, executed: out } = kernel.runNotebook(path.join(repoRoot, "notebooks/ab-test.ipynb"));
  checkExecuted(JSON.parse(fs.readFileSync(out, "utf8")), path.join(dir, "ab-store"), 0);
});

test("labops run executes ab-test.ipynb with parameters into a notebook and an HTML report", () => {
  const { dir, executed: out, report: html } = kernel.runHeadless(path.join(repoRoot, "notebooks/ab-test.ipynb"), ["storeDir=run-store"]);
  const nb = JSON.parse(fs.readFileSync(out, "utf8"));
  const offset = nb.cells.findIndex((c: { metadata?: { tags?: string[] } }) => c.metadata?.tags?.includes("injected-parameters")) === 2 ? 1 : 0;
  checkExecuted(nb, path.join(dir, "run-store"), offset);
  assert.match(html, /Rollout: expand to 25%/);
  assert.ok((html.match(/<svg|<img src="data:image\/svg\+xml/g) ?? []).length >= 2, "forest plot and timeline in the report");
});

test("%ab in a NotebookSession: a mistake is a Jupyter error naming the value; status shows the timeline chart", async () => {
  const { NotebookSession }: typeof import("../../kernel-ext/session") = require("../../kernel-ext/session");
  const dir = tempDir();
  const session = new NotebookSession(dir);
  await session.start();
  try {
    const run = async (code: string) => {
      const r = await session.execute(code);
      assert.ok(r.ok, JSON.stringify(r.error));
      return (r.result ?? {}) as Record<string, unknown>;
    };
    await run(`labops.setTrackingUri(${JSON.stringify(path.join(dir, "store"))});\nconst a = labops.serving.trainDemoRainModel(${JSON.stringify(path.join(dir, "a"))}, { epochs: 3 }).dir;\nconst b = labops.serving.trainDemoRainModel(${JSON.stringify(path.join(dir, "b"))}, { epochs: 30 }).dir;`);
    await run("%models register --name rain --model-path {a}\n%models register --name rain --model-path {b}\n%models promote --name rain --version 1 --alias champion");
    const none = await session.execute("%ab status --model rain");
    assert.equal(none.ok, false);
    assert.match(none.error!.evalue, /no rollout for model 'rain'/);
    const bad = await session.execute("%ab start --model rain --challenger 7");
    assert.equal(bad.ok, false);
    assert.match(bad.error!.evalue, /7/);
    assert.match(String((await run("%ab start --model rain --challenger 2"))["text/plain"]), /challenger version 2 at 10%/);
    const status = await run("%ab status --model rain");
    assert.match(String(status["image/svg+xml"]), /^<svg/);
    assert.match(String(status["text/plain"]), /start 0% -> 10%/);
  } finally {
    session.close();
  }
});
