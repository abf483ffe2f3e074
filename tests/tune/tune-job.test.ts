// tuneJob on a real dataset (penguins, few trials and epochs): trials as child runs holding their training, the
// pruning callback's per-epoch validation losses, a pruned trial under an aggressive pruner, the best trial
// consistent with the trials, --register's version loading back, worker processes, interrupts, bad input.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { before, test } from "node:test";
import * as labops from "../../src";
import { isLabopsError } from "../../src/core/errors";
import { tableToRecords } from "../../src/data/column-table";
import { loadColumns } from "../../src/data/datasets";
import { initEngine, loadTrainedModel } from "../../src/engine";
import { createStudy, loadStudy, MedianPruner, RandomSampler, TUNE_TAGS } from "../../src/tune";
import { MODEL_URI_ATTR, PRUNED_REASON_ATTR, TUNE_JOB_TAGS, tuneJob } from "../../src/tune/tune-job";
import { tempDir } from "../helpers/temp-dir";

before(async () => {
  await initEngine({ backend: "wasm" });
});

/** A small space so trials take a fraction of a second. */
const space = { hiddenUnits: { low: 4, high: 16 }, learningRate: { low: 0.003, high: 0.05, log: true } };
const target = "Species";

async function childRuns(parentRunId: string): Promise<labops.Run[]> {
  const client = labops.getClient();
  const experiments = (await client.searchExperiments({ viewType: "ALL" })).experiments.map((e) => e.experimentId);
  return (await client.searchRuns(experiments, { filterString: `tags.\`mlflow.parentRunId\` = '${parentRunId}'`, maxResults: 1000 })).runs;
}

/** Child processes of this process that are still alive (worker processes must not outlive a job). */
function liveChildren(): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(process.pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

test("each trial is a child run of the study holding its training; the best trial is the minimum; --register's version loads and predicts", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const r = await tuneJob({ dataset: "penguins", target, model: "mlp", trials: 4, epochs: 4, space, sampler: new RandomSampler({ seed: 2 }), pruner: "none", studyName: "penguins", experiment: "tuning", register: "penguin-species" });
  assert.equal(r.studyName, "penguins");
  assert.deepEqual(r.counts, { complete: 4, pruned: 0, failed: 0 });
  const client = labops.getClient();
  const experiment = await client.getExperimentByName("tuning");
  assert.equal(r.experimentId, experiment!.experimentId);
  const parent = await client.getRun(r.studyRunId);
  assert.equal(parent.info.experimentId, r.experimentId);
  assert.equal(parent.info.status, "FINISHED");
  assert.equal(parent.data.tags[TUNE_JOB_TAGS.model], "mlp");
  assert.equal(parent.data.tags[TUNE_JOB_TAGS.target], target);
  assert.equal(parent.data.tags[TUNE_JOB_TAGS.objective], "minimize val_loss");
  const runs = await childRuns(r.studyRunId);
  assert.equal(runs.length, 4, "one child run per trial, no extra training runs");
  for (const t of r.study.trials) {
    const run = runs.find((x) => x.info.runId === t.runId)!;
    assert.ok(run, `trial ${t.number} has its child run`);
    assert.equal(run.info.status, "FINISHED");
    assert.equal(run.data.tags[TUNE_TAGS.state], "COMPLETE");
    // The training logged into the trial's run: the engine's params, per-epoch metrics and the model.
    assert.equal(run.data.params.model_type, "mlp");
    assert.equal(run.data.params.hidden_layer_sizes, String(t.params.hiddenUnits));
    assert.equal(Number(run.data.params.learning_rate), t.params.learningRate);
    assert.equal(run.data.params.epochs, "4");
    const valLoss = await client.getMetricHistory(t.runId, "val_loss");
    const intermediate = await client.getMetricHistory(t.runId, "intermediate_value");
    // The pruning callback reported each epoch's validation loss: the same numbers, by epoch.
    assert.deepEqual(intermediate.map((m) => [m.step, m.value]), valLoss.filter((m) => m.step < 4).map((m) => [m.step, m.value]));
    assert.equal(intermediate.length, 4);
    // The trial's value is the kept epoch's validation loss (early stopping restores the best epoch).
    assert.equal(t.values![0], Math.min(...intermediate.map((m) => m.value)));
    assert.equal(run.data.metrics.value, t.values![0]);
    assert.equal(t.userAttrs[MODEL_URI_ATTR], `runs:/${t.runId}/model`);
  }
  const min = Math.min(...r.study.trials.map((t) => t.values![0]));
  assert.equal(r.bestTrial!.values![0], min);
  assert.deepEqual(r.study.bestParams, r.bestTrial!.params);
  assert.equal(r.bestModelUri, `runs:/${r.bestTrial!.runId}/model`);
  assert.equal((await client.getRun(r.studyRunId)).data.metrics.best_value, min);
  assert.equal((await client.getRun(r.studyRunId)).data.tags[TUNE_JOB_TAGS.bestTrial], String(r.bestTrial!.number));
  // --register: a version of the best trial's model, which loads and predicts the species.
  assert.equal(r.registeredModelUri, "models:/penguin-species/1");
  assert.equal(r.version!.runId, r.bestTrial!.runId);
  const files = await labops.loadModel("models:/penguin-species/1");
  const model = await loadTrainedModel(files.path);
  const records = tableToRecords(await loadColumns("penguins"));
  const predicted = model.predict(records);
  const accuracy = predicted.filter((p, i) => p === records[i]![target]).length / records.length;
  assert.ok(accuracy > 0.6, `the registered model predicts the species (accuracy ${accuracy})`);
  model.dispose();

  // Continuing the study by name adds trials after the first ones; another target is refused.
  const more = await tuneJob({ dataset: "penguins", target, model: "mlp", trials: 1, epochs: 4, space, pruner: "none", studyName: "penguins", experiment: "tuning" });
  assert.equal(more.study.trials.length, 5);
  assert.equal(more.studyRunId, r.studyRunId);
  await assert.rejects(tuneJob({ dataset: "penguins", target: "Island", trials: 1, epochs: 2, studyName: "penguins", experiment: "tuning" }), /Study 'penguins' tunes a mlp model of 'Species'; pick another study name/);
});

test("an aggressive pruner prunes a trial that starts worse than the others; its run says so", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  // Two enqueued trials: a learning rate that learns in one epoch, then one 1000 times smaller.
  const study = await createStudy({ studyName: "prune", storage: labops.getClient() });
  await study.enqueueTrial({ hiddenUnits: 16, learningRate: 0.05 });
  await study.enqueueTrial({ hiddenUnits: 4, learningRate: 0.00005 });
  const lr = { hiddenUnits: { low: 4, high: 16 }, learningRate: { low: 0.00001, high: 0.1, log: true } };
  const r = await tuneJob({ dataset: "penguins", target, trials: 2, epochs: 6, space: lr, studyName: "prune", pruner: new MedianPruner({ nStartupTrials: 1 }) });
  const [first, second] = r.study.trials;
  assert.equal(first!.state, "COMPLETE");
  assert.equal(second!.state, "PRUNED");
  assert.deepEqual(r.counts, { complete: 1, pruned: 1, failed: 0 });
  // Pruned after its first epoch, worse than the median of the complete trial at that step.
  assert.equal(second!.intermediateValues.size, 1);
  assert.ok(second!.intermediateValues.get(0)! > first!.intermediateValues.get(0)!);
  const run = await labops.getClient().getRun(second!.runId);
  assert.equal(run.info.status, "KILLED");
  assert.equal(run.data.tags[TUNE_TAGS.state], "PRUNED");
  assert.match(second!.userAttrs[PRUNED_REASON_ATTR] as string, /^Pruned after epoch 1: its val_loss [\d.]+ was worse than the pruner allows/);
  assert.equal(r.bestTrial!.number, first!.number, "a pruned trial is never the best");
});

test("jobs 2: two worker processes share the study, numbers are unique, no worker outlives the job", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const ended: number[] = [];
  const r = await tuneJob({ dataset: "penguins", target, trials: 4, epochs: 3, jobs: 2, space, pruner: "none", onTrialEnd: (_s, t) => void ended.push(t.number) });
  assert.deepEqual(r.counts, { complete: 4, pruned: 0, failed: 0 });
  assert.deepEqual(r.study.trials.map((t) => t.number), [0, 1, 2, 3]);
  assert.deepEqual([...ended].sort(), [0, 1, 2, 3], "every trial was reported live once");
  const runs = await childRuns(r.studyRunId);
  assert.equal(runs.length, 4);
  assert.equal(new Set(runs.map((x) => x.data.tags[TUNE_TAGS.trialNumber])).size, 4);
  assert.ok(runs.every((x) => x.data.params.model_type === "mlp"));
  assert.deepEqual(liveChildren(), []);
});

test("an abort stops the workers mid-trial: their trials FAIL as interrupted, and no process is left", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const controller = new AbortController();
  let aborted = false;
  const job = tuneJob({ dataset: "penguins", target, trials: 20, epochs: 200, jobs: 2, space, pruner: "none", studyName: "stopped", signal: controller.signal });
  // Abort once both workers are inside a trial (their runs are RUNNING with epochs logged).
  const deadline = Date.now() + 60_000;
  while (!aborted && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 300));
    const study = await labops.getClient().searchRuns(["0"], { filterString: `tags.\`${TUNE_TAGS.state}\` = 'RUNNING'` }).catch(() => null);
    if (study && study.runs.length >= 2) {
      controller.abort();
      aborted = true;
    }
  }
  assert.ok(aborted, "both workers started a trial");
  await assert.rejects(job, /Tuning of study 'stopped' was interrupted: \d+ complete, \d+ pruned, \d+ failed trials are kept/);
  const study = await loadStudy({ studyName: "stopped", storage: labops.getClient() });
  const failed = study.trials.filter((t) => t.state === "FAIL");
  assert.ok(failed.length >= 2, `the running trials failed (${study.trials.map((t) => t.state).join(", ")})`);
  for (const t of failed) assert.match(t.failReason!, /TuneInterrupted: Interrupted at epoch \d+ of trial \d+/);
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"));
  assert.ok(study.trials.length < 20);
  assert.equal((await labops.getClient().getRun(study.runId)).info.status, "KILLED");
  assert.deepEqual(liveChildren(), []);
});

test("a worker killed mid-trial: the parent fails its trial at once with the reason, and the job reports the dead worker", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const job = tuneJob({ dataset: "penguins", target, trials: 4, epochs: 150, jobs: 2, space, pruner: "none", studyName: "killed" }).then(() => null, (e: unknown) => e);
  let victim: number | undefined;
  const deadline = Date.now() + 60_000;
  while (victim === undefined && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 200));
    const running = await labops.getClient().searchRuns(["0"], { filterString: `tags.\`${TUNE_TAGS.state}\` = 'RUNNING'` }).catch(() => null);
    const workers = liveChildren();
    if (running && running.runs.length >= 2 && workers.length === 2) victim = workers[0]; // both inside a trial
  }
  assert.ok(victim, "both workers were inside a trial");
  process.kill(victim, "SIGKILL");
  const error = (await job) as Error;
  assert.match(error?.message, /1 of 2 tuning workers failed; the first: worker \d was killed \(SIGKILL\)/);
  const study = await loadStudy({ studyName: "killed", storage: labops.getClient() });
  const failed = study.trials.filter((t) => t.state === "FAIL");
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.failReason, "Its worker process was killed (SIGKILL) during the trial.");
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"));
  assert.equal((await labops.getClient().getRun(study.runId)).info.status, "FAILED");
  assert.deepEqual(liveChildren(), []);
});

test("bad input is refused before any run exists", async () => {
  labops.setTrackingUri(path.join(tempDir(), "store"));
  const bad = async (options: Parameters<typeof tuneJob>[0], re: RegExp) => {
    const e = await tuneJob(options).then(() => null, (x: unknown) => x);
    assert.ok(isLabopsError(e, "INVALID_PARAMETER_VALUE"), String(e));
    assert.match((e as Error).message, re);
  };
  await bad({ dataset: "penguins", target }, /Give trials, timeout or both/);
  await bad({ dataset: "penguins", target: "species", trials: 2 }, /No target column 'species' in dataset 'penguins'; its columns are: Species, Island/);
  await bad({ dataset: "penguins", dataFile: "x.csv", target, trials: 2 }, /Pass one of dataset, dataFile, not several/);
  await bad({ dataset: "penguins", target, trials: 0 }, /trials must be an integer >= 1, got 0/);
  await bad({ dataset: "penguins", target, trials: 2, jobs: 2, sampler: new RandomSampler() }, /With jobs 2, give the sampler and pruner by name/);
  await bad({ dataset: "penguins", target, trials: 2, sampler: "cmaes" as never }, /Unknown sampler "cmaes"; use one of tpe, random, qmc/);
  await bad({ dataset: "penguins", target, trials: 2, model: "linear", space: { hiddenUnits: { low: 2, high: 8 } } }, /'hiddenUnits' \(units in each hidden layer\) applies to mlp models, not linear/);
  await bad({ dataset: "penguins", target, trials: 2, register: "bad/name" }, /bad\/name/);
  await bad({ dataset: "penguins", target, trials: 2, validationFraction: 0 }, /validationFraction must be in \(0, 1\)/);
  const client = labops.getClient();
  assert.deepEqual((await client.searchRuns(["0"], {})).runs, [], "nothing was created");
  labops.setTrackingUri("memory:");
  await bad({ dataset: "penguins", target, trials: 2, jobs: 2 }, /jobs 2 needs a store other processes can open; memory:.* lives in this process only/);
  await labops.startRun();
  try {
    await bad({ dataset: "penguins", target, trials: 1 }, /Run \w+ is active; tuning makes its own study run/);
  } finally {
    await labops.endRun();
  }
});
