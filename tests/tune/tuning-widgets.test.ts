// The tuning job's widgets: the status of a study, the live bar and history (by trials, or by time with a
// timeout only; on a terminal without a notebook), the summary table and the final report's outputs.

import assert from "node:assert/strict";
import { test } from "node:test";
import { createStudy, RandomSampler, TrialPruned, type Trial } from "../../src/tune";
import { setDisplaySink, type DisplaySink } from "../../widgets/display-sink";
import type { Clock } from "../../widgets/live-display";
import { DISPLAY, DISPLAY_OUTPUTS, type MimeBundle, type MultiOutputDisplayable } from "../../widgets/mime-bundle";
import { LiveTuning, statusLine, tuningReport, tuningStatus, tuningSummaryText } from "../../widgets/tune";

/** Trials 0..n-1: every third pruned, every fifth failed, the rest complete with value (x - 0.3)^2. */
async function mixedStudy(n: number) {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
  await study.optimize((t: Trial) => {
    const x = t.suggestFloat("x", 0, 1);
    t.suggestInt("units", 4, 64, { log: true });
    t.report(x, 0);
    if (t.number % 5 === 4) throw new Error("diverged");
    if (t.number % 3 === 2) throw new TrialPruned();
    return (x - 0.3) ** 2;
  }, { nTrials: n, catch: [Error] });
  return study;
}

const fakeClock = (): Clock & { t: number } => ({ t: 0, now() { return this.t; }, setTimeout: () => 0, clearTimeout: () => undefined });

test("tuningStatus counts finished trials by state and finds the best complete one", async () => {
  const study = await mixedStudy(10);
  const s = tuningStatus(study);
  const complete = study.trials.filter((t) => t.state === "COMPLETE");
  assert.equal(s.complete, complete.length);
  assert.equal(s.pruned, study.trials.filter((t) => t.state === "PRUNED").length);
  assert.equal(s.failed, 2);
  assert.equal(s.finished, 10);
  assert.equal(s.best!.value, study.bestValue);
  assert.equal(s.best!.number, study.bestTrial.number);
  assert.equal(statusLine(s, 12, "val_loss"), `10/12 trials: ${s.complete} complete, ${s.pruned} pruned, 2 failed; best val_loss ${Number(study.bestValue.toPrecision(6))} (trial ${s.best!.number})`);
  assert.equal(statusLine({ finished: 0, complete: 0, pruned: 0, failed: 0, best: null }, undefined, "val_loss"), "0 trials: 0 complete, 0 pruned, 0 failed");
});

test("LiveTuning in a notebook: the bar and one history output updated in place; the last state with its SVG", async () => {
  const shown: { kind: string; id?: string; bundle: MimeBundle }[] = [];
  const sink: DisplaySink = { display: (bundle, id) => void shown.push({ kind: "display", id, bundle }), update: (bundle, id) => void shown.push({ kind: "update", id, bundle }), clear: () => undefined };
  setDisplaySink(sink);
  try {
    const clock = fakeClock();
    const live = new LiveTuning({ trials: 10, studyName: "s", objective: "val_loss", clock });
    const study = await mixedStudy(10);
    live.update(study);
    clock.t += 1000;
    live.update(study);
    await live.close();
    const history = shown.filter((s) => s.bundle["application/vnd.vegalite.v5+json"]);
    assert.equal(new Set(history.map((s) => s.id)).size, 1, "one output");
    assert.deepEqual(history.map((s) => s.kind), ["display", "update", "update"]);
    const last = history.at(-1)!.bundle;
    assert.match(String(last["image/svg+xml"]), /^<svg/);
    assert.equal(last["text/plain"], `Optimization history: ${statusLine(tuningStatus(study), 10, "val_loss")}`);
    const bar = shown.filter((s) => String(s.bundle["text/plain"]).startsWith("Tuning s "));
    assert.match(String(bar.at(-1)!.bundle["text/plain"]), /^Tuning s 100% \|█{24}\| 10\/10 .* complete=\d+ pruned=\d+ failed=2 best=/);
  } finally {
    setDisplaySink(null);
  }
});

test("LiveTuning with a timeout only and no notebook: the bar runs over the seconds, on the stream", async () => {
  const lines: string[] = [];
  const clock = fakeClock();
  const live = new LiveTuning({ timeout: 20, objective: "val_loss", clock, stream: { write: (t: string) => void lines.push(t) } });
  const study = await mixedStudy(3);
  clock.t = 10_000;
  live.update(study);
  clock.t = 30_000;
  live.update(study);
  await live.close();
  assert.match(lines[0]!, /^Tuning {2}50% \|█{12}░{12}\| 10\/20 /);
  assert.match(lines.at(-1)!, /^Tuning 100% \|█{24}\| 20\/20 .* failed=0 best=/);
  assert.throws(() => new LiveTuning({}), /needs trials or timeout/);
});

test("the report: summary (best row, why trials were pruned or failed), then the four charts; importances skipped with one complete trial", async () => {
  const study = await mixedStudy(10);
  const outcome = { studyName: "s", studyRunId: study.runId, objective: "val_loss", counts: { complete: 5, pruned: 3, failed: 2 }, jobs: 2, seconds: 3.25, trials: study.trials, bestTrial: study.bestTrial, bestModelUri: "runs:/abc/model", registeredModelUri: "models:/m/1" };
  const text = tuningSummaryText(outcome);
  assert.match(text, /^Study 's' \(run \w+\): 10 trials, 5 complete, 3 pruned, 2 failed, in 3\.3 s on 2 worker processes\.\nBest trial \d: val_loss \S+ with x=\S+, units=\d+\.\nBest model: runs:\/abc\/model\nRegistered: models:\/m\/1\n/);
  assert.match(text, /^TRIAL +STATE +VAL_LOSS +x +units +NOTE$/m);
  assert.match(text, /^ +4 +FAIL +\S+ +\d+ +Error: diverged$/m);
  assert.match(text, /^ +2 +PRUNED +\S+ +\S+ +\d+ +pruned after epoch 1$/m);
  const report = tuningReport(study, outcome) as MultiOutputDisplayable;
  const outputs = await report[DISPLAY_OUTPUTS]();
  assert.equal(outputs.length, 5);
  assert.match(String(outputs[0]!["text/html"]), /<tr style="background:[^"]+"><td[^>]*>\d<\/td><td[^>]*>COMPLETE/);
  assert.match(String((await report[DISPLAY]())["text/html"]), /<svg[\s\S]*<svg[\s\S]*<svg[\s\S]*<svg/);
  // One complete trial: no importances, and the text says why.
  const one = await mixedStudy(1);
  const small = tuningReport(one, { ...outcome, trials: one.trials, bestTrial: one.bestTrial });
  assert.equal((await (small as MultiOutputDisplayable)[DISPLAY_OUTPUTS]()).length, 4);
  // Where a live history already stands, the report leaves it out.
  assert.equal((await (tuningReport(study, outcome, { history: false }) as MultiOutputDisplayable)[DISPLAY_OUTPUTS]()).length, 4);
  assert.match(String((await small[DISPLAY]())["text/plain"]), /Not drawn: importances: they need at least 2 complete trials\./);
});
