// mlflow.source.name follows a notebook renamed while its kernel runs: a real Jupyter server starts the labops
// kernel for a session, the session is renamed through the server's REST API (what JupyterLab does), and the
// runs started before and after name the notebook's path at their start.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { WebSocket } from "undici";
import { kernelIdOf } from "../../kernel-ext/notebook-path";
import { LabopsClient } from "../../src";
import { startJupyter, type JupyterServer } from "../helpers/jupyter-server";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const KERNEL = "labops-rename-test";
let root: string;
let server: JupyterServer;
let env: NodeJS.ProcessEnv;

before(async () => {
  const dir = tempDir("labops-rename-");
  root = path.join(dir, "root");
  fs.mkdirSync(root);
  env = { JUPYTER_DATA_DIR: path.join(dir, "data"), JUPYTER_PATH: "", JUPYTER_CONFIG_DIR: path.join(dir, "config"), JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"), LABOPS_TRACKING_URI: "" };
  const r = runNodeSync(path.join(repoRoot, "dist/kernel-ext/labops-cli.js"), ["kernel", "install", "--user", "--name", KERNEL], { env });
  assert.equal(r.code, 0, r.stderr);
  server = await startJupyter("jupyter-server", root, env);
});

after(() => server?.stop());

async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}/api/${route}`, {
    method,
    headers: { Authorization: `token ${server.token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(r.ok, `${method} ${route}: ${r.status} ${await r.clone().text()}`);
  return (await r.json()) as T;
}

/** Runs code in the kernel over the server's websocket, as JupyterLab does; resolves with the execute_reply. */
function execute(ws: WebSocket, code: string): Promise<{ status: string; evalue?: string }> {
  const msgId = `m${Math.random().toString(16).slice(2)}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${JSON.stringify(code)}`)), 90_000);
    const onMessage = (event: { data: unknown }) => {
      const msg = JSON.parse(String(event.data));
      if (msg.channel !== "shell" || msg.parent_header?.msg_id !== msgId) return;
      clearTimeout(timer);
      ws.removeEventListener("message", onMessage);
      resolve(msg.content);
    };
    ws.addEventListener("message", onMessage);
    ws.send(
      JSON.stringify({
        channel: "shell",
        header: { msg_id: msgId, msg_type: "execute_request", session: "rename-test", username: "test", version: "5.3", date: new Date().toISOString() },
        parent_header: {},
        metadata: {},
        content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      }),
    );
  });
}

test("a run started after the notebook was renamed names its new path in mlflow.source.name", async () => {
  for (const name of ["first.ipynb", "renamed.ipynb"]) fs.writeFileSync(path.join(root, name), "{}");
  const session = await api<{ id: string; kernel: { id: string } }>("POST", "sessions", { path: "first.ipynb", name: "first.ipynb", type: "notebook", kernel: { name: KERNEL } });
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/api/kernels/${session.kernel.id}/channels?token=${server.token}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  try {
    const store = path.join(root, "store");
    assert.equal((await execute(ws, `labops.setTrackingUri(${JSON.stringify(store)});\n%experiment renames`)).status, "ok");
    assert.equal((await execute(ws, "%%track --name before\n1")).status, "ok");
    await api("PATCH", `sessions/${session.id}`, { path: "renamed.ipynb", name: "renamed.ipynb" });
    await new Promise((r) => setTimeout(r, 1100)); // the kernel asks the server at most once a second
    assert.equal((await execute(ws, "%%track --name after\n1")).status, "ok");
    const client = new LabopsClient(store);
    const exp = (await client.getExperimentByName("renames"))!;
    const runs = (await client.searchRuns([exp.experimentId])).runs;
    const source = Object.fromEntries(runs.map((r) => [r.info.runName, r.data.tags["mlflow.source.name"]]));
    assert.deepEqual(source, { before: path.join(root, "first.ipynb"), after: path.join(root, "renamed.ipynb") });
  } finally {
    ws.close();
    await api("DELETE", `sessions/${session.id}`).catch(() => undefined);
  }
});

test("kernelIdOf reads the kernel id from Jupyter's connection file name", () => {
  assert.equal(kernelIdOf("/run/jupyter/kernel-1f2e-33.json"), "1f2e-33");
  assert.equal(kernelIdOf("/tmp/conn.json"), null);
});
