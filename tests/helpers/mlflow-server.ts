// A real MLflow server (MLflow 3.6 from .venv-peers) on 127.0.0.1 with a sqlite backend and the artifact proxy,
// started once per test file, emptied between tests (reset()), stopped with its whole process group.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { repoRoot, tempDir } from "./temp-dir";

export const peerMlflow = path.join(repoRoot, ".venv-peers/bin/mlflow");
export const peerPython = path.join(repoRoot, ".venv-peers/bin/python");

/** Fails (never skips) when MLflow is missing, naming the script that installs it. */
export function requireMlflow(): void {
  if (!fs.existsSync(peerMlflow)) {
    throw new Error(`MLflow is not installed (${peerMlflow} is missing): run 'bash scripts/setup-peers.sh' first.`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const RESET_SCRIPT = `
import sqlite3, sys, shutil, os
db, art = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, timeout=30)
c.execute("PRAGMA foreign_keys=OFF")
tables = [r[0] for r in c.execute("select name from sqlite_master where type='table'")]
for t in tables:
    if t == "alembic_version": continue
    if t == "experiments": c.execute("delete from experiments where experiment_id != 0")
    else: c.execute(f'delete from "{t}"')
if "sqlite_sequence" in tables: c.execute("delete from sqlite_sequence where name != 'experiments'")
c.commit(); c.close()
for n in os.listdir(art):
    p = os.path.join(art, n)
    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
`;

export interface MlflowServer {
  uri: string;
  port: number;
  dir: string;
  artifactsDir: string;
  /** Empties the server's store (only the Default experiment left) and its artifacts. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts `mlflow server` (from `venv`, default .venv-peers); resolves once /health answers (60 s budget). */
export async function startMlflowServer(extraEnv: NodeJS.ProcessEnv = {}, venv = ".venv-peers"): Promise<MlflowServer> {
  requireMlflow();
  const mlflowBin = path.join(repoRoot, venv, "bin/mlflow");
  if (!fs.existsSync(mlflowBin)) throw new Error(`MLflow is not installed (${mlflowBin} is missing): run 'bash scripts/setup-peers.sh' first.`);
  const dir = tempDir("labops-mlflow-server-");
  const artifactsDir = path.join(dir, "artifacts");
  fs.mkdirSync(artifactsDir);
  const db = path.join(dir, "mlflow.db");
  const port = await freePort();
  const log = fs.openSync(path.join(dir, "server.log"), "w");
  const child: ChildProcess = spawn(
    mlflowBin,
    ["server", "--backend-store-uri", `sqlite:///${db}`, "--artifacts-destination", artifactsDir, "--serve-artifacts", "--host", "127.0.0.1", "--port", String(port), "--workers", "1"],
    { cwd: dir, detached: true, stdio: ["ignore", log, log], env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true", ...extraEnv } },
  );
  fs.closeSync(log);
  const uri = `http://127.0.0.1:${port}`;
  let exited = false;
  child.on("exit", () => (exited = true));
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.on("exit", kill);
  const onSignal = () => {
    kill();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`mlflow server exited at start:\n${fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-2000)}`);
    try {
      const res = await fetch(`${uri}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`mlflow server did not answer /health within 60 s:\n${fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    uri,
    port,
    dir,
    artifactsDir,
    reset() {
      const r = spawnSync(peerPython, ["-c", RESET_SCRIPT, db, artifactsDir], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`resetting the MLflow server's store failed: ${r.stderr}`);
    },
    async stop() {
      process.off("exit", kill);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(kill, 5000);
      await gone;
      clearTimeout(timer);
      kill(); // workers left in the group
    },
  };
}

/** Runs a Python script with MLflow's client against the server; returns its stdout parsed as JSON. */
export function mlflowPython<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): T {
  requireMlflow();
  const r = spawnSync(peerPython, ["-c", script, ...args], {
    encoding: "utf8",
    env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true", ...env },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`MLflow's Python client failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}
