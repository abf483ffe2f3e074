// A child process for the concurrency test: many runs through the fluent API into one shared store.
// argv: <store> <worker index> <runs> <metric keys> <steps>

import * as labops from "../../src";

async function main(): Promise<void> {
  const [store, worker, runs, keys, steps] = process.argv.slice(2);
  labops.setTrackingUri(store!);
  const experiment = await labops.setExperiment("shared");
  for (let e = 0; e < 5; e++) await labops.getClient().createExperiment(`w${worker}-exp-${e}`);
  for (let r = 0; r < Number(runs); r++) {
    const run = await labops.startRun({ experimentId: experiment.experimentId, runName: `w${worker}-r${r}` });
    await labops.logParams({ worker: worker, index: r });
    for (let s = 0; s < Number(steps); s++) {
      for (let k = 0; k < Number(keys); k++) labops.logMetric(`m${k}`, Number(worker) * 1e6 + r * 1000 + k * 10 + s, s);
    }
    await labops.endRun();
    process.stdout.write(run.runId + "\n");
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
