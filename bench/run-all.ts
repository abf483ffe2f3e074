// Runs every benchmark in turn. Not part of the tests: figures are printed, and recorded in bench/RESULTS.md.
import { benchKernelRoundtrip } from "./kernel-roundtrip";
import { benchRegistry } from "./registry";
import { benchSearchRuns } from "./search-runs";
import { benchTrackingThroughput } from "./tracking-throughput";

async function main(): Promise<void> {
  console.log("== tracking throughput");
  await benchTrackingThroughput();
  console.log("\n== search runs");
  await benchSearchRuns();
  console.log("\n== registry");
  await benchRegistry();
  console.log("\n== kernel round trip");
  await benchKernelRoundtrip();
}

void main();
