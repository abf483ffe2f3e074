// Benchmark: how long the `labops` CLI takes, start to exit, for `labops --help` and `labops runs list` on a
// small store (10 runs), against `mlflow runs list` (MLflow's CLI, sqlite store) over the same runs. Each
// command runs as a fresh process, as a user types it; medians of several runs. Target: under 250 ms.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LabopsClient } from "../src";
import { NO_PEER, peerAvailable, repoRoot, runPeer } from "./peer";

const RUNS = 10;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const mlflow = path.join(repoRoot, ".venv-peers/bin/mlflow");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// GNU time reports the child's CPU time too: on a shared, busy machine wall time mostly measures the queue.
const GNU_TIME = "/usr/bin/time";

interface Timing {
  /** Median wall-clock milliseconds, start to exit. */
  wall: number;
  /** Median CPU milliseconds (user + system), when GNU time is there. */
  cpu: number | null;
}

/** Median times of a command, run `repeat` times after one warm-up (which fills the OS file cache). */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}, repeat = REPEAT): Timing {
  const withTime = fs.existsSync(GNU_TIME);
  const run = (): Timing => {
    const start = performance.now();
    const r = withTime
      ? spawnSync(GNU_TIME, ["-f", "cpu %U %S", command, ...args], { env: { ...process.env, ...env }, encoding: "utf8" })
      : spawnSync(command, args, { env: { ...process.env, ...env }, encoding: "utf8" });
    const wall = performance.now() - start;
    if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    const cpu = /^cpu ([\d.]+) ([\d.]+)$/m.exec(r.stderr);
    return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null };
  };
  run();
  const runs = Array.from({ length: repeat }, run);
  const cpus = runs.map((t) => t.cpu).filter((c): c is number => c !== null);
  return { wall: median(runs.map((t) => t.wall)), cpu: cpus.length ? median(cpus) : null };
}

const show = (t: Timing): string => `${t.wall.toFixed(0)} ms wall${t.cpu === null ? "" : `, ${t.cpu.toFixed(0)} ms CPU`}`;

export async function benchCliStartup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-cli-"));
  try {
    const store = path.join(dir, "store");
    const client = new LabopsClient(store);
    const exp = await client.createExperiment("bench");
    for (let i = 0; i < RUNS; i++) {
      const run = await client.createRun(exp, { runName: `run-${i}` });
      await client.logBatch(run.info.runId, {
        metrics: [
          { key: "acc", value: i / RUNS, step: 0, timestamp: 0 },
          { key: "loss", value: 1 - i / RUNS, step: 0, timestamp: 0 },
        ],
        params: [{ key: "model", value: i % 2 ? "mlp" : "tree" }],
      });
      await client.setTerminated(run.info.runId, "FINISHED");
    }
    await client.close();
    const env = { LABOPS_TRACKING_URI: store };
    const node = timed(process.execPath, ["-e", "0"]);
    const help = timed(process.execPath, [cli, "--help"], env);
    const list = timed(process.execPath, [cli, "runs", "list", "--experiment", "bench"], env);
    console.log(`node alone (node -e 0): ${show(node)}: the floor of any Node CLI on this machine`);
    console.log(`labops --help: ${show(help)}, median of ${REPEAT} (target < 250 ms)`);
    console.log(`labops runs list, ${RUNS} runs: ${show(list)}, median of ${REPEAT} (target < 250 ms)`);
    if (!peerAvailable() || !fs.existsSync(mlflow)) return console.log(NO_PEER);
    const peer = runPeer<{ peer: string; uri: string; experiment_id: string }>("mlflow_cli_runs.py", [String(RUNS), dir]);
    const peerEnv = { MLFLOW_TRACKING_URI: peer.uri, MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true" };
    const peerRepeat = Math.max(3, Math.ceil(REPEAT / 2));
    const peerHelp = timed(mlflow, ["--help"], peerEnv, peerRepeat);
    const peerList = timed(mlflow, ["runs", "list", "--experiment-id", peer.experiment_id], peerEnv, peerRepeat);
    console.log(`${peer.peer}: --help ${show(peerHelp)}; runs list ${show(peerList)} (medians of ${peerRepeat})`);
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? "" : `, CPU ${(a / b).toFixed(1)}x`);
    console.log(`ratio (mlflow / labops): --help wall ${(peerHelp.wall / help.wall).toFixed(1)}x${ratio(peerHelp.cpu, help.cpu)}; runs list wall ${(peerList.wall / list.wall).toFixed(1)}x${ratio(peerList.cpu, list.cpu)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchCliStartup();
