// A child process that creates runs in a store that compacts after nearly every write.
// argv: <store> <worker index> <runs>

import { FileTrackingStore, LabopsClient } from "../../src";

async function main(): Promise<void> {
  const [root, worker, runs] = process.argv.slice(2);
  const client = new LabopsClient(new FileTrackingStore(root!, { compactBytes: 1500 }));
  for (let i = 0; i < Number(runs); i++) await client.createRun("0", { runName: `w${worker}-${i}` });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
