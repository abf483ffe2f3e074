// A child process that leaves a run open and then ends in one of the ways a script can end.
// argv: <store> <how>: sigint | sigterm (waits for the parent's signal), exit0, exit3, throw, reject, clean, exitcode

import * as labops from "../../src";

async function main(): Promise<void> {
  const [store, how] = process.argv.slice(2);
  labops.setTrackingUri(store!);
  const run = await labops.startRun({ runName: how! });
  for (let step = 0; step < 5; step++) labops.logMetric("loss", 1 / (step + 1), step); // buffered, not yet written
  process.stdout.write(`ready ${run.runId}\n`);
  switch (how) {
    case "sigint":
    case "sigterm":
      setInterval(() => {}, 1000); // keeps running until the parent's signal
      return;
    case "exit0":
      process.exit(0);
    case "exit3":
      process.exit(3);
    case "throw":
      setTimeout(() => {
        throw new Error("boom from the training loop");
      }, 0);
      return;
    case "reject":
      void Promise.reject(new Error("rejected and never handled"));
      return;
    case "exitcode":
      process.exitCode = 2;
      return;
    case "clean":
      return;
  }
}

void main();
