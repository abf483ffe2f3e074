// Benchmark: searchRuns with a metric filter over 10,000 runs in the file store, warm and from a cold process
// state, against MLflow's search_runs over the same runs in its sqlite store. Target: under 200 ms.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FileTrackingStore, LabopsClient } from "../src";
import { NO_PEER, peerAvailable, runPeer } from "./peer";

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchSearchRuns(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-"));
  try {
    const root = path.join(dir, "store");
    const client = new LabopsClient(new FileTrackingStore(root));
    const exp = await client.createExperiment("bench");
    const random = mulberry32(7);
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const run = await client.createRun(exp);
      await client.logBatch(run.info.runId, {
        metrics: [
          { key: "acc", value: random(), step: 0, timestamp: 0 },
          { key: "loss", value: random(), step: 0, timestamp: 0 },
        ],
        params: [{ key: "model", value: i % 2 ? "mlp" : "tree" }],
      });
    }
    const createSeconds = (performance.now() - t0) / 1000;
    console.log(`labops: created ${RUNS.toLocaleString()} runs with 2 metrics and 1 param in ${createSeconds.toFixed(1)} s (${Math.round(RUNS / createSeconds)} runs/s)`);

    const cold = new LabopsClient(new FileTrackingStore(root));
    let start = performance.now();
    const first = await cold.searchRuns([exp], { filterString: "metrics.acc > 0.9", maxResults: 50_000 });
    const coldMs = performance.now() - start;
    const warm: number[] = [];
    for (let i = 0; i < 7; i++) {
      start = performance.now();
      await cold.searchRuns([exp], { filterString: "metrics.acc > 0.9", maxResults: 50_000 });
      warm.push(performance.now() - start);
    }
    const warmMs = median(warm);
    console.log(`labops searchRuns "metrics.acc > 0.9" over ${RUNS.toLocaleString()} runs: ${first.runs.length} found; cold ${coldMs.toFixed(1)} ms, warm median ${warmMs.toFixed(1)} ms (target < 200 ms)`);
    if (!peerAvailable()) return console.log(NO_PEER);
    const peer = runPeer<{ peer: string; runs: number; found: number; median_ms: number }>("mlflow_tracking.py", ["search-runs", String(RUNS), dir]);
    console.log(`${peer.peer} over ${peer.runs.toLocaleString()} runs: ${peer.found} found; median ${peer.median_ms.toFixed(1)} ms`);
    console.log(`ratio MLflow / labops search time: ${(peer.median_ms / warmMs).toFixed(1)}x faster (warm), ${(peer.median_ms / coldMs).toFixed(1)}x (labops cold)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchSearchRuns();
