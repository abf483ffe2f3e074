// A worker process for the multi-process tune tests: loads a study from a file store and optimises it.
// argv: root studyName nTrials seed mode(normal|hang|slow) heartbeatSeconds

import { FileTrackingStore, LabopsClient } from "../../../src";
import { loadStudy, RandomSampler } from "../../../src/tune";

async function main(): Promise<void> {
  const [root, studyName, nTrials, seed, mode, heartbeat] = process.argv.slice(2);
  const study = await loadStudy({
    studyName,
    storage: new LabopsClient(new FileTrackingStore(root)),
    sampler: new RandomSampler({ seed: Number(seed) }),
    heartbeatInterval: Number(heartbeat),
  });
  await study.optimize(async (trial) => {
    const x = trial.suggestFloat("x", -3, 3);
    const k = trial.suggestInt("k", 1, 4);
    trial.report(x * x, 0);
    process.stdout.write(`RUNNING ${trial.number}\n`);
    if (mode === "hang") await new Promise(() => setInterval(() => undefined, 1000));
    await new Promise((r) => setTimeout(r, mode === "slow" ? 2500 : 2));
    return x * x + k;
  }, { nTrials: Number(nTrials) });
  process.stdout.write("DONE\n");
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
