// Runs the benchmarks in turn, or those named: `npm run bench -- drift tune`. Not part of the tests: figures
// are printed, with ratios against the named peers, and recorded in bench/RESULTS.md.
import { benchAbtest } from "./abtest";
import { benchCliStartup } from "./cli-startup";
import { benchDataPipeline } from "./data-pipeline";
import { benchDrift } from "./drift";
import { benchEngine } from "./engine";
import { benchEvaluation } from "./evaluation";
import { benchKernelRoundtrip } from "./kernel-roundtrip";
import { benchMlflowRest } from "./mlflow-rest";
import { benchRegistry } from "./registry";
import { benchSearchRuns } from "./search-runs";
import { benchServing } from "./serving";
import { benchTrackingThroughput } from "./tracking-throughput";
import { benchTune } from "./tune";

const BENCHES: [name: string, run: () => Promise<void>][] = [
  ["tracking", benchTrackingThroughput],
  ["search", benchSearchRuns],
  ["registry", benchRegistry],
  ["kernel", benchKernelRoundtrip],
  ["cli", benchCliStartup],
  ["data", benchDataPipeline],
  ["evaluation", benchEvaluation],
  ["drift", benchDrift],
  ["abtest", benchAbtest],
  ["tune", () => benchTune(process.argv.includes("--quick"))],
  ["engine", benchEngine],
  ["serving", benchServing],
  ["mlflow-rest", benchMlflowRest],
];

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !BENCHES.some(([b]) => b === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(", ")}: choose from ${BENCHES.map(([b]) => b).join(", ")}`);
    process.exit(2);
  }
  for (const [name, run] of BENCHES) {
    if (names.length > 0 && !names.includes(name)) continue;
    console.log(`\n== ${name}`);
    await run();
  }
}

void main();
