// A training script for the exit tests (run as a child process): logs metrics to the tracking URI in
// LABOPS_TRACKING_URI and leaves while they are still buffered.
// Usage: exit-logger.js exit|exit1|end|flush-exit|inflight-exit RUN_NAME POINTS [wait]; with `wait` it logs only after a line on stdin
// (so a test can stop the server first).

import { flush, logMetric, setExperiment, startRun } from "../../src";

async function main(): Promise<void> {
  const [how, runName, points, wait] = process.argv.slice(2);
  await setExperiment("exit-flush");
  const run = await startRun({ runName: runName! });
  process.stdout.write(`${run.runId}\n`);
  if (wait === "wait") {
    await new Promise((resolve) => process.stdin.once("data", resolve));
    process.stdin.destroy();
  }
  for (let step = 0; step < Number(points); step++) logMetric("loss", 1 / (step + 1), step, { timestamp: 1_700_000_000_000 + step });
  if (how === "exit") process.exit(0);
  if (how === "flush-exit") {
    void flush(); // taken from the buffer, not yet handed to the store
    process.exit(0);
  }
  if (how === "inflight-exit") {
    void flush();
    await new Promise((resolve) => setImmediate(resolve)); // the request is out, its answer not in yet
    process.exit(0);
  }
  if (how === "exit1") process.exit(1);
  // "end": the script just ends, its run still open and its points still buffered
}

void main();
