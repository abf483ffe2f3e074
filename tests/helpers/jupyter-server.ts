// A Jupyter server (or JupyterLab) from .venv-peers on a free local port, with a token, for tests that need one.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { peerPython, requirePeers } from "./peers";
import { tempDir } from "./temp-dir";

export interface JupyterServer {
  url: string;
  token: string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Starts `jupyter-server` or `jupyter-lab` serving `root`; resolves once /api/status answers (60 s at most). */
export async function startJupyter(app: "jupyter-server" | "jupyter-lab", root: string, env: NodeJS.ProcessEnv): Promise<JupyterServer> {
  requirePeers();
  const port = await freePort();
  const token = `t${process.pid}${Date.now()}`;
  const logFile = path.join(tempDir("labops-jupyter-log-"), `${app}.log`);
  const logFd = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(
    path.join(path.dirname(peerPython), app),
    ["--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${port}`, `--ServerApp.token=${token}`, `--ServerApp.root_dir=${root}`, "--ServerApp.port_retries=0"],
    // Its log goes to a file, not a pipe: a test that blocks in spawnSync stops draining a pipe, and once the pipe
    // is full the server stops answering (it hung the browser test after ~25 notebooks).
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", logFd] },
  );
  fs.closeSync(logFd);
  const log = () => fs.readFileSync(logFile, "utf8");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${log()}`);
    if (await fetch(`${url}/api/status?token=${token}`).then((r) => r.ok, () => false)) return { url, token, stop: () => void child.kill("SIGTERM") };
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill("SIGKILL");
  throw new Error(`${app} did not answer on port ${port} within 60 s:\n${log()}`);
}
