// Benchmark: 10,000 metric points logged to a real MLflow server (started here, sqlite backend) by labops' default
// fluent path (logMetric into the MetricBuffer, flushed through logBatch), against MLflow's Python client on the
// same server: its log_metric loop and its log_batch. Target: labops >= 5x the Python log_metric loop.

import * as labops from "../src";
import { startMlflowServer } from "../tests/helpers/mlflow-server";
import { NO_PEER, peerAvailable, runPeer } from "./peer";

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000);

interface PeerResult {
  peer: string;
  points: number;
  seconds: number;
  points_per_second: number;
}

export async function benchMlflowRest(): Promise<void> {
  if (!peerAvailable()) return console.log(NO_PEER);
  const server = await startMlflowServer();
  try {
    labops.setTrackingUri(server.uri);
    const run = await labops.startRun({ runName: "labops-fluent" });
    const now = Date.now();
    const start = process.hrtime.bigint();
    for (let i = 0; i < POINTS; i++) labops.logMetric("loss", 1 / (i + 1), i, { timestamp: now + i });
    const loopSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    await labops.endRun();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const logged = (await labops.getClient().getMetricHistory(run.runId, "loss")).length;
    if (logged !== POINTS) throw new Error(`expected ${POINTS} points on the server, found ${logged}`);
    const rate = POINTS / seconds;
    console.log(`labops fluent logMetric -> MLflow server: ${POINTS.toLocaleString()} points in ${seconds.toFixed(3)} s (loop ${loopSeconds.toFixed(3)} s) = ${Math.round(rate).toLocaleString()} points/s`);
    const batch = runPeer<PeerResult>("mlflow_rest_client.py", [server.uri, "log-batch", String(POINTS)]);
    console.log(`${batch.peer}: ${batch.points.toLocaleString()} points in ${batch.seconds.toFixed(3)} s = ${Math.round(batch.points_per_second).toLocaleString()} points/s`);
    const loop = runPeer<PeerResult>("mlflow_rest_client.py", [server.uri, "log-metric", String(POINTS)]);
    console.log(`${loop.peer}: ${loop.points.toLocaleString()} points in ${loop.seconds.toFixed(3)} s = ${Math.round(loop.points_per_second).toLocaleString()} points/s`);
    console.log(`ratio labops / MLflow log_metric loop: ${(rate / loop.points_per_second).toFixed(1)}x (target >= 5x)`);
    console.log(`ratio labops / MLflow log_batch: ${(rate / batch.points_per_second).toFixed(2)}x`);
  } finally {
    await server.stop();
  }
}

if (require.main === module) void benchMlflowRest();
