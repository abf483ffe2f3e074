// %tune through a NotebookSession: the live outputs while trials run (a progress bar whose line is the status,
// the optimisation history redrawn in place), then the summary and the charts, and the registered version.

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { NotebookSession } from "../../kernel-ext/session";
import { setDisplaySink, type DisplaySink, type MimeBundle } from "../../widgets";
import { tempDir } from "../helpers/temp-dir";

let session: NotebookSession;
const shown: { kind: "display" | "update"; bundle: MimeBundle; id?: string }[] = [];
const sink: DisplaySink = {
  display: (bundle, id) => void shown.push({ kind: "display", bundle, id }),
  update: (bundle, id) => void shown.push({ kind: "update", bundle, id }),
  clear: () => undefined,
};

before(async () => {
  const dir = tempDir();
  session = new NotebookSession(dir);
  await session.start();
  const setup = await session.execute(`labops.setTrackingUri(${JSON.stringify(path.join(dir, "store"))});`);
  assert.ok(setup.ok, JSON.stringify(setup.error));
  setDisplaySink(sink);
});
after(() => {
  setDisplaySink(null);
  session.close();
});

const VL = "application/vnd.vegalite.v5+json";
type Spec = { title?: { text: string; subtitle: string } | string; layer?: unknown[] };

test("%tune: live bar and history while trials run, then the summary, parallel coordinates, importances and slice", async () => {
  const r = await session.execute("%tune --dataset penguins --target Species --trials 4 --epochs 3 --study magic --register magic-penguins");
  assert.ok(r.ok, JSON.stringify(r.error));
  // The live history: one output (one display id) updated in place, its subtitle the status after each trial.
  const liveId = shown.find((s) => s.kind === "display" && s.bundle[VL] && s.id)?.id;
  assert.ok(liveId, "the history was displayed with an id");
  const live = shown.filter((s) => s.id === liveId);
  const subtitles = live.map((s) => ((s.bundle[VL] as Spec).title as { subtitle: string }).subtitle);
  assert.match(subtitles.at(-1)!, /^4\/4 trials: \d complete, \d pruned, 0 failed; best val_loss [\d.e-]+ \(trial \d\)$/);
  assert.ok(live.length >= 2, "updated in place after the first display");
  assert.match(String(live.at(-1)!.bundle["image/svg+xml"]), /^<svg/, "the last state carries its SVG for reports");
  // The progress bar: its own output, ending at 4/4 with the counts.
  const bar = shown.filter((s) => String(s.bundle["text/plain"]).startsWith("Tuning magic"));
  assert.match(String(bar.at(-1)!.bundle["text/plain"]), /^Tuning magic 100% \|█+\| 4\/4 .* complete=\d pruned=\d failed=0 best=/);
  // The final outputs, in order: the summary, then the charts; the slice plot is the cell's result.
  const finals = shown.filter((s) => s.kind === "display" && !s.id && !String(s.bundle["text/plain"]).startsWith("Tuning"));
  assert.match(String(finals[0]!.bundle["text/html"]), /Study &#39;magic&#39;.*4 trials.*Best trial \d: val_loss/s);
  assert.match(String(finals[0]!.bundle["text/html"]), /Registered: models:\/magic-penguins\/1/);
  const titles = finals.slice(1).map((s) => s.bundle[VL] as Spec).map((spec) => (typeof spec.title === "string" ? spec.title : spec.title!.text));
  assert.deepEqual(titles, ["Parallel coordinates", "Hyperparameter importances"], "no second history: the live one stays");
  assert.match(((finals[2]!.bundle[VL] as Spec).title as { subtitle: string }).subtitle, /^PED-ANOVA/);
  assert.equal((r.result![VL] as Spec).title, "Slice plot");
  assert.match(String(r.result!["image/svg+xml"]), /^<svg/);
  // The public API reads the same study and the registered model.
  const api = await session.execute(`const s = await labops.tune.loadStudy({ studyName: "magic", storage: labops.getClient() });\nconst v = await labops.loadModel("models:/magic-penguins/1");\n[s.trials.length, s.bestTrial.runId === v.version!.runId].join(" ")`);
  assert.ok(api.ok, JSON.stringify(api.error));
  assert.equal(api.result!["text/plain"], "'4 true'");
});

test("%tune mistakes are UsageErrors or one clear error, and --json returns the data", async () => {
  const usage = await session.execute("%tune --target Species --trials 2");
  assert.equal(usage.error?.ename, "UsageError");
  assert.match(usage.error!.evalue, /give --dataset NAME or --data FILE/);
  const bad = await session.execute("%tune --dataset penguins --target Species --trials 2 --sampler cmaes");
  assert.match(bad.error!.evalue, /Unknown sampler "cmaes"/);
  const json = await session.execute("const t = %tune --dataset penguins --target Species --trials 2 --epochs 2 --model linear --json\nt.counts.complete + t.counts.pruned");
  assert.ok(json.ok, JSON.stringify(json.error));
  assert.equal(json.result!["text/plain"], "2");
});
