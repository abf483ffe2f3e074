// What a CLI user sees when something goes wrong: one line naming the file and what to do, never a stack;
// exit 1 when the command failed, 2 when it was called wrongly; --json keeps NaN and +/-Infinity apart.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { LabopsClient } from "../../src";
import { defineCommand } from "../../src/cli/command";
import { runCli } from "../../src/cli/main";
import { toJsonText } from "../../src/cli/json-output";
import { COMMANDS } from "../../kernel-ext/commands";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let store: string;
let runId: string;

const labops = (storeDir: string, ...args: string[]) => runNodeSync(cli, args, { env: { LABOPS_TRACKING_URI: storeDir, LABOPS_DEBUG: "" } });

function assertOneLine(r: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp, what: string): void {
  assert.equal(r.code, code, `${what}: ${r.stderr}`);
  assert.equal(r.stdout, "", what);
  assert.equal(r.stderr.trim().split("\n").length, 1, `${what}: one line, got ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: no stack`);
  assert.match(r.stderr, message, what);
}

/** A copy of the store to break. */
function copyOfStore(): string {
  const dir = path.join(tempDir(), "store");
  fs.cpSync(store, dir, { recursive: true });
  return dir;
}

before(async () => {
  store = path.join(tempDir(), "store");
  const client = new LabopsClient(store);
  const exp = await client.createExperiment("errors");
  const run = await client.createRun(exp, { runName: "odd-values" });
  runId = run.info.runId;
  await client.logBatch(runId, {
    metrics: [
      { key: "nan", value: NaN, step: 0, timestamp: 1 },
      { key: "pos", value: Infinity, step: 0, timestamp: 1 },
      { key: "neg", value: -Infinity, step: 0, timestamp: 1 },
      { key: "ok", value: 0.5, step: 0, timestamp: 1 },
    ],
  });
  await client.close();
});

test("--json writes NaN, Infinity and -Infinity as the strings MLflow's REST API uses", () => {
  const listed = labops(store, "runs", "list", "--json");
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout)[0].data.metrics, { nan: "NaN", pos: "Infinity", neg: "-Infinity", ok: 0.5 });
  for (const [key, text] of [["nan", "NaN"], ["pos", "Infinity"], ["neg", "-Infinity"]]) {
    const history = labops(store, "runs", "metrics", runId, key!, "--json");
    assert.equal(JSON.parse(history.stdout)[0].value, text, key);
  }
  assert.equal(toJsonText({ a: [NaN, 1, -Infinity], b: null }), '{\n  "a": [\n    "NaN",\n    1,\n    "-Infinity"\n  ],\n  "b": null\n}');
});

test("a corrupt snapshot: one line, exit 1, no stack", () => {
  const broken = copyOfStore();
  fs.writeFileSync(path.join(broken, "store.json"), "{not json");
  assertOneLine(labops(broken, "runs", "list"), 1, /^labops: /, "corrupt snapshot");
});

test("a read-only store: the file it could not write and what to do", () => {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  const readOnly = path.join(dir, "store");
  fs.cpSync(store, readOnly, { recursive: true });
  for (const e of [readOnly, ...fs.readdirSync(readOnly, { recursive: true }).map((f) => path.join(readOnly, String(f)))]) fs.chmodSync(e, fs.statSync(e).isDirectory() ? 0o555 : 0o444);
  // root ignores permissions: run the CLI as nobody then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [cli, "runs", "delete", runId], { ...asUser, env: { ...process.env, LABOPS_TRACKING_URI: readOnly, LABOPS_DEBUG: "" }, encoding: "utf8" });
  assertOneLine({ code: r.status, stdout: r.stdout, stderr: r.stderr }, 1, new RegExp(`^(?=.*${readOnly.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}).*(permission denied|read-only).*(writable|another store)`, "i"), "read-only store");
  fs.chmodSync(readOnly, 0o755);
});

test("a store behind a symbolic link that points nowhere: the path and what to check", () => {
  const dir = tempDir();
  const link = path.join(dir, "store");
  fs.symlinkSync(path.join(dir, "gone", "deep"), link);
  const model = path.join(dir, "model.json");
  fs.writeFileSync(model, "{}");
  const r = runNodeSync(cli, ["models", "register", "--name", "m", "--model-path", model], { env: { LABOPS_TRACKING_URI: link, LABOPS_REGISTRY_URI: "", LABOPS_DEBUG: "" } });
  assertOneLine(r, 1, new RegExp(`${link}.*does not exist, or a symbolic link on the way is broken`), "dangling symlink");
});

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

test("a full disk (ENOSPC from the file system): the file, and that nothing was changed", async () => {
  const full = defineCommand({
    name: "fill",
    summary: "Writes to a full disk.",
    surfaces: ["cli"],
    async run() {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write", path: "/data/store/journal/0.jsonl" });
    },
  });
  const { err, io: cliIo } = io();
  assert.equal(await runCli(["fill"], cliIo, [full]), 1);
  assert.deepEqual(err, ["labops: The disk is full: could not write /data/store/journal/0.jsonl (ENOSPC). Nothing was changed. Free some space on that disk and try again."]);
});

test("an error that is not labops's own: an internal-error line; LABOPS_DEBUG=1 adds the stack", async () => {
  const buggy = defineCommand({
    name: "buggy",
    summary: "Has a bug.",
    surfaces: ["cli"],
    async run(): Promise<number> {
      throw new TypeError("Cannot read properties of undefined (reading 'x')\nsecond line");
    },
  });
  const first = io();
  assert.equal(await runCli(["buggy"], first.io, [buggy]), 1);
  assert.deepEqual(first.err, ["labops: internal error: TypeError: Cannot read properties of undefined (reading 'x') (a bug in labops: run again with LABOPS_DEBUG=1 to see where, and report it)"]);
  const saved = process.env.LABOPS_DEBUG;
  process.env.LABOPS_DEBUG = "1";
  try {
    const debug = io();
    assert.equal(await runCli(["buggy"], debug.io, [buggy]), 1);
    assert.match(debug.err.join("\n"), /^labops: internal error: TypeError: Cannot read[\s\S]*\n\s+at /);
  } finally {
    if (saved === undefined) delete process.env.LABOPS_DEBUG;
    else process.env.LABOPS_DEBUG = saved;
  }
});

test("exit codes: 2 for a wrong call, 1 for a failure, 0 for help, on every command", () => {
  for (const command of COMMANDS.filter((c) => c.surfaces.includes("cli"))) {
    const words = command.name.split(" ");
    assert.equal(labops(store, ...words, "--no-such-option").code, 2, `${command.name} --no-such-option`);
    const help = labops(store, ...words, "--help");
    assert.equal(help.code, 0, command.name);
    assert.match(help.stdout, new RegExp(`^Usage: labops ${command.name}`), command.name);
  }
  assert.equal(labops(store, "runs", "show", "0".repeat(32)).code, 1);
});

test("an MLflow server URI reaches the REST backend from the CLI; a server that is down is one line naming it", async () => {
  const net = await import("node:net");
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p)); // closed again: nothing listens there
    });
  });
  const uri = `http://127.0.0.1:${port}`;
  const r = runNodeSync(cli, ["experiments", "list"], { env: { LABOPS_TRACKING_URI: uri, LABOPS_DEBUG: "", MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0" } });
  assertOneLine(r, 1, new RegExp(`127\\.0\\.0\\.1:${port}`), "server down");
  assert.doesNotMatch(r.stderr, /No tracking store for URI/);
});
