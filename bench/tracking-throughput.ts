// Benchmark: metric points logged per second from one training loop, and bytes on disk per point,
// against MLflow's Python client logging the same points to its sqlite store.
// Targets: >= 200,000 points/s, >= 20x MLflow, <= 40 bytes a point.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as labops from "../src";
import { NO_PEER, peerAvailable, runPeer } from "./peer";

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const PEER_POINTS = Number(process.env.BENCH_PEER_POINTS ?? 3_000);

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

export async function benchTrackingThroughput(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-"));
  try {
    labops.setTrackingUri(path.join(dir, "store"));
    const run = await labops.startRun({ runName: "throughput" });
    const start = process.hrtime.bigint();
    for (let i = 0; i < POINTS; i++) labops.logMetric("loss", 1 / (i + 1), i);
    const loopSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    await labops.endRun();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const rate = POINTS / seconds;
    const metricBytes = fs.statSync(path.join(dir, "store/metrics", `${run.runId}.lbm`)).size;
    const history = await labops.getClient().getMetricHistory(run.runId, "loss");
    if (history.length !== POINTS) throw new Error(`expected ${POINTS} points back, got ${history.length}`);
    console.log(`labops logMetric: ${POINTS.toLocaleString()} points in ${seconds.toFixed(3)} s (loop ${loopSeconds.toFixed(3)} s) = ${Math.round(rate).toLocaleString()} points/s`);
    console.log(`labops bytes on disk: ${(metricBytes / POINTS).toFixed(1)} bytes/point in the metric log, ${(folderBytes(path.join(dir, "store")) / POINTS).toFixed(1)} bytes/point for the whole store`);
    if (!peerAvailable()) return console.log(NO_PEER);
    const peer = runPeer<{ peer: string; points: number; points_per_second: number }>("mlflow_tracking.py", ["log-metrics", String(PEER_POINTS), dir]);
    console.log(`${peer.peer}: ${peer.points.toLocaleString()} points at ${Math.round(peer.points_per_second).toLocaleString()} points/s`);
    console.log(`ratio labops / MLflow: ${(rate / peer.points_per_second).toFixed(0)}x (target >= 20x)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchTrackingThroughput();
