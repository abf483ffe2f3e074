// Metrics buffered when a script leaves, against a REAL MLflow server: process.exit() and a plain end both write
// them (and end the run); with the server gone, they are kept locally with a message naming the command that
// sends them later, and that command does.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { startMlflowServer, type MlflowServer } from "../helpers/mlflow-server";
import { runNode } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const logger = path.join(repoRoot, "dist/tests/mlflow/exit-logger.js");
const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const FAST = { MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "0.05", MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: "0", MLFLOW_HTTP_REQUEST_MAX_RETRIES: "2" };
let server: MlflowServer;

before(async () => {
  server = await startMlflowServer();
});
after(async () => server.stop());

async function history(uri: string, runId: string): Promise<number[]> {
  const r = (await (await fetch(`${uri}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss&max_results=5000`)).json()) as { metrics?: { step: number }[] };
  return (r.metrics ?? []).map((m) => m.step).sort((a, b) => a - b);
}

async function status(uri: string, runId: string): Promise<string> {
  return ((await (await fetch(`${uri}/api/2.0/mlflow/runs/get?run_id=${runId}`)).json()) as { run: { info: { status: string } } }).run.info.status;
}

const steps = (n: number) => Array.from({ length: n }, (_, i) => i);

test("process.exit(0), process.exit(1), a plain end, an exit with a flush queued or in flight: every point reaches the server once, the run is ended", async () => {
  for (const [how, expected] of [["exit", "FINISHED"], ["exit1", "FAILED"], ["end", "FINISHED"], ["flush-exit", "FINISHED"], ["inflight-exit", "FINISHED"]] as const) {
    const r = await runNode(logger, [how, how, "700"], { LABOPS_TRACKING_URI: server.uri, ...FAST });
    assert.equal(r.code, how === "exit1" ? 1 : 0, r.stderr);
    const runId = r.stdout.trim();
    assert.deepEqual(await history(server.uri, runId), steps(700), `${how}: all 700 points, once each`);
    assert.equal(await status(server.uri, runId), expected, how);
    assert.equal(r.stderr, "", `${how}: nothing to warn about`);
  }
});

/** A TCP relay in front of the server: closing it makes the server unreachable (connection refused) on that port. */
async function relay(target: number): Promise<{ uri: string; down(): Promise<void>; up(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let srv: net.Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      srv = net.createServer((sock) => {
        const to = net.connect(target, "127.0.0.1");
        for (const s of [sock, to]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => sockets.delete(s));
        }
        sock.pipe(to).pipe(sock);
      });
      srv.listen(port, "127.0.0.1", () => {
        port = (srv.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    uri: `http://127.0.0.1:${port}`,
    down: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      srv.close(() => resolve());
    }),
    up: listen,
  };
}

for (const how of ["exit", "end"] as const) {
  test(`the server gone when a script ${how === "exit" ? "calls process.exit()" : "ends"}: points kept locally, the message says how to send them, that sends them`, async () => {
    const r = await relay(server.port);
    const dir = path.join(tempDir(), "unsent");
    const child = spawn(process.execPath, [logger, how, `down-${how}`, "300", "wait"], {
      env: { ...process.env, LABOPS_TRACKING_URI: r.uri, LABOPS_METRICS_FALLBACK_DIR: dir, ...FAST },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) => child.stdout.on("data", (d) => ((stdout += d), stdout.includes("\n") && resolve())));
    const runId = stdout.trim();
    await r.down();
    child.stdin.end("go\n");
    assert.equal(await closed, 0, stderr);
    const file = path.join(dir, `${runId}.jsonl`);
    assert.equal(fs.readFileSync(file, "utf8").trim().split("\n").length, 300, "every point kept");
    const command = `labops sync --from ${dir} --to ${r.uri}`;
    assert.ok(stderr.includes(`The MLflow server at ${r.uri} is unreachable`), stderr);
    assert.ok(stderr.includes(`300 metric points of run ${runId} were kept in ${file}. Send them once the server is back with: ${command}`), stderr);
    assert.deepEqual(await history(server.uri, runId), [], "nothing reached the server");

    await r.up();
    const sent = await runNode(cli, ["sync", "--from", dir, "--to", r.uri, "--json"], FAST);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(JSON.parse(sent.stdout).metricPoints, 300);
    assert.deepEqual(await history(server.uri, runId), steps(300), "all of them, once");
    assert.deepEqual(fs.readdirSync(dir), [], "sent points leave the folder");
    await r.down();
  });
}
