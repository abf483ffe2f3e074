// Which notebook a kernel runs for, asked of the Jupyter server that started it, so `mlflow.source.name`
// follows a notebook renamed while its kernel runs (JPY_SESSION_NAME is fixed when the kernel starts).
//
// The way ipynbname and MLflow's own notebook detection work: the server's jpserver-<pid>.json in the
// runtime folder (beside the kernel's connection file) gives its URL and token; /api/sessions maps kernel ids
// to notebook paths. Anything missing (no server, another frontend, a timeout) answers null.

import fs from "node:fs";
import path from "node:path";

interface ServerInfo {
  url: string;
  token?: string;
  root_dir?: string;
}

interface Session {
  path: string;
  kernel?: { id: string };
}

/** The kernel id Jupyter gave the connection file: kernel-<id>.json. */
export function kernelIdOf(connectionFile: string): string | null {
  return /^kernel-(.+)\.json$/.exec(path.basename(connectionFile))?.[1] ?? null;
}

function servers(runtimeDir: string): ServerInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(runtimeDir).filter((n) => /^jpserver-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      const info = JSON.parse(fs.readFileSync(path.join(runtimeDir, n), "utf8")) as ServerInfo;
      return typeof info.url === "string" ? [info] : [];
    } catch {
      return []; // a server writing its file just now, or one that left a broken file
    }
  });
}

/** The absolute path of the notebook whose session runs this kernel, or null when no server knows it. */
export async function notebookPath(connectionFile: string, timeoutMs = 500): Promise<string | null> {
  const kernelId = kernelIdOf(connectionFile);
  if (!kernelId) return null;
  for (const server of servers(path.dirname(connectionFile))) {
    try {
      const url = new URL("api/sessions", server.url.endsWith("/") ? server.url : server.url + "/");
      const response = await fetch(url, { headers: server.token ? { Authorization: `token ${server.token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) continue;
      const session = ((await response.json()) as Session[]).find((s) => s.kernel?.id === kernelId);
      if (session) return server.root_dir ? path.join(server.root_dir, session.path) : session.path;
    } catch {
      // not this server (stopped, slow, not Jupyter's)
    }
  }
  return null;
}

/**
 * Keeps LABOPS_SOURCE_NAME (read by startRun for mlflow.source.name) on the notebook's current path. Called
 * before each cell; asks the server at most once per `minIntervalMs`, so a burst of quick cells costs one lookup.
 */
export class SourceNameTracker {
  private lastAsked = -Infinity;

  constructor(
    private readonly connectionFile: string,
    private readonly minIntervalMs = 1000,
  ) {}

  async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.lastAsked < this.minIntervalMs) return;
    this.lastAsked = now;
    const found = await notebookPath(this.connectionFile);
    if (found) process.env.LABOPS_SOURCE_NAME = found;
  }
}
