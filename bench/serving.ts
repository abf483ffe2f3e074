// Benchmark: `labops serve` (a child process, champion + a 10% rollout, logging every prediction) under an
// open-loop load on loopback, against a FastAPI + uvicorn peer serving the same model.json and logging the same
// way. Latency is measured from each request's scheduled send time (no coordinated omission).

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { startRollout } from "../src/abtest";
import { ModelRegistryClient } from "../src/registry/registry-client";
import { demoRainTraffic, rolloutStoreFor, trainDemoRainModel } from "../src/serving";
import { peerAvailable, repoRoot } from "./peer";

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Load {
  sent: number;
  ok: number;
  failed: number;
  throughput: number;
  p50: number;
  p99: number;
}

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Sends RATE single predictions per second for SECONDS, each at its scheduled time. */
async function load(url: string): Promise<Load> {
  const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  const traffic = demoRainTraffic(RATE * SECONDS);
  const bodies = traffic.map(({ unit, features }) => JSON.stringify({ unit, features }));
  // Warm-up: JIT and connections.
  for (let i = 0; i < 200; i++) await (await pool.request({ path: "/predict", method: "POST", body: bodies[i]!, headers: { "content-type": "application/json" } })).body.text();
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      pool.request({ path: "/predict", method: "POST", body: bodies[i]!, headers: { "content-type": "application/json" } }).then(
        async (res) => {
          await res.body.text();
          if (res.statusCode === 200) latencies.push(performance.now() - due);
          else failed++;
        },
        () => void failed++,
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { sent: bodies.length, ok: latencies.length, failed, throughput: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const fmt = (l: Load) => `${l.throughput.toFixed(0)} req/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms (${l.ok}/${l.sent} ok, ${l.failed} failed)`;

export async function benchServing(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-bench-serving-"));
  const children: ChildProcess[] = [];
  try {
    const store = path.join(dir, "store");
    const registry = new ModelRegistryClient({ tracking: store });
    const champion = trainDemoRainModel(path.join(dir, "m1"), { epochs: 50 }).dir;
    await registry.registerModel({ name: "rain", modelPath: champion });
    await registry.registerModel({ name: "rain", modelPath: trainDemoRainModel(path.join(dir, "m2"), { epochs: 300 }).dir });
    await registry.promote("rain", 1, { alias: "champion" });
    await startRollout(rolloutStoreFor(registry), { name: "rain", champion: "1", challenger: "2" });
    await registry.close();

    const port = await freePort();
    const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
    const labops = spawn(process.execPath, [cli, "serve", "--model", "rain", "--port", String(port), "--log", path.join(dir, "labops.jsonl")], { env: { ...process.env, LABOPS_TRACKING_URI: store }, stdio: "ignore" });
    children.push(labops);
    await waitForHealth(`http://127.0.0.1:${port}`, labops);
    const ours = await load(`http://127.0.0.1:${port}`);
    await stop(labops);
    console.log(`labops serve at ${RATE} req/s for ${SECONDS} s, ${CONNECTIONS} connections: ${fmt(ours)}`);

    if (!peerAvailable()) return console.log("FastAPI peer not installed (.venv-peers): run `npm run peers` to get the ratio.");
    const peerPort = await freePort();
    const python = path.join(repoRoot, ".venv-peers/bin/python");
    const peer = spawn(python, [path.join(repoRoot, "bench/peers/fastapi_serving.py"), path.join(champion, "model.json"), path.join(dir, "peer.jsonl"), String(peerPort)], { stdio: "ignore" });
    children.push(peer);
    await waitForHealth(`http://127.0.0.1:${peerPort}`, peer);
    const theirs = await load(`http://127.0.0.1:${peerPort}`);
    await stop(peer);
    console.log(`FastAPI + uvicorn (1 worker) same load: ${fmt(theirs)}`);
    console.log(`ratio (peer / labops): p50 ${(theirs.p50 / ours.p50).toFixed(2)}x, p99 ${(theirs.p99 / ours.p99).toFixed(2)}x; throughput ${(ours.throughput / theirs.throughput).toFixed(2)}x`);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchServing().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
