// A child process for the kill -9 test: writes forever and prints "ack <n>" after each write returned.
// argv: <store> <run id> <first step> <points per batch>

import { FileTrackingStore, LabopsClient } from "../../src";

async function main(): Promise<void> {
  const [root, runId, first, perBatch] = process.argv.slice(2);
  // Compact often, so kills also land while a snapshot is written.
  const client = new LabopsClient(new FileTrackingStore(root!, { compactBytes: 4096 }));
  const size = Number(perBatch);
  for (let n = Number(first); ; n++) {
    const metrics = Array.from({ length: size }, (_, i) => ({ key: "loss", value: n + i / size, step: n * size + i, timestamp: 1_700_000_000_000 + n }));
    await client.logBatch(runId!, { metrics, tags: [{ key: `ack.${n}`, value: String(n) }] });
    process.stdout.write(`ack ${n}\n`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
