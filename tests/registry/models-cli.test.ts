// `labops models ...` as a user runs it, and its mistakes: one clear line, non-zero exit, nothing changed.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
let store: string;
let modelA: string;
let modelB: string;

function labops(...args: string[]) {
  return runNodeSync(cli, args, { env: { LABOPS_TRACKING_URI: store, LABOPS_REGISTRY_URI: "", LABOPS_USER: "tester" } });
}

function registryFiles(): string {
  const root = path.join(store, "registry");
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${path.join(e.parentPath, e.name)}:${fs.statSync(path.join(e.parentPath, e.name)).size}`)
    .sort()
    .join("\n");
}

before(() => {
  store = path.join(tempDir(), "store");
  modelA = path.join(tempDir(), "a");
  modelB = path.join(tempDir(), "b");
  for (const [dir, w] of [[modelA, 1], [modelB, 2]] as const) {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ w }));
  }
});

test("register, promote, alias, rollback, list, show, history, delete", () => {
  assert.match(labops("models", "register", "--name", "churn", "--model-path", modelA, "--metrics", '{"auc": 0.9}').stdout, /^Registered churn version 1 from .*\/a \(digest [0-9a-f]{12}\)\.$/m);
  assert.match(labops("models", "register", "--name", "churn", "--model-path", modelB, "--description", "second").stdout, /version 2/);
  assert.equal(labops("models", "promote", "--name", "churn", "--version", "1", "--alias", "champion", "--reason", "baseline").stdout.trim(), "churn@champion -> version 1");
  assert.equal(labops("models", "alias", "--name", "churn", "--alias", "champion", "--version", "2").stdout.trim(), "churn@champion -> version 2");
  assert.equal(labops("models", "promote", "--name", "churn", "--version", "2", "--stage", "production", "--archive-existing").stdout.trim(), "churn version 2 -> Production");
  assert.equal(labops("models", "rollback", "--name", "churn").stdout.trim(), "churn@champion: version 2 -> 1 (rolled back)");
  const list = labops("models", "list");
  assert.match(list.stdout, /^churn\s+2\s+champion=v1\s+/m);
  const show = labops("models", "show", "churn");
  assert.match(show.stdout, /^aliases: champion=v1$/m);
  assert.match(show.stdout, /^\s+2\s+Production\s+/m);
  assert.match(show.stdout, /^\s+1\s+None\s+champion\s+.*auc=0\.9/m);
  const history = JSON.parse(labops("models", "history", "churn", "--json").stdout) as { action: string; by: string; reason?: string }[];
  assert.deepEqual(history.map((e) => e.action), ["create_model", "register_version", "register_version", "set_alias", "set_alias", "transition_stage", "rollback_alias"]);
  assert.ok(history.every((e) => e.by === "tester"));
  assert.equal(history[3]!.reason, "baseline");
  assert.match(labops("models", "history", "churn").stdout, /rollback_alias\s+1\s+champion\s+2\s+1\s+rollback of champion from version 2/);
  assert.equal(labops("models", "delete", "--name", "churn", "--version", "2").code, 0);
  assert.deepEqual(JSON.parse(labops("models", "show", "churn", "--json").stdout).versions.map((v: { version: number }) => v.version), [1]);
});

test("models list --name matches names containing the text, literally", () => {
  labops("models", "register", "--name", "a_b", "--model-path", modelA);
  labops("models", "register", "--name", "axb", "--model-path", modelA);
  assert.deepEqual(JSON.parse(labops("models", "list", "--name", "a_b", "--json").stdout).map((m: { name: string }) => m.name), ["a_b"]);
});

test("mistakes: one line on stderr, exit 1 or 2, and the registry unchanged", () => {
  labops("models", "register", "--name", "kept", "--model-path", modelA);
  const before = registryFiles();
  const cases: [string[], number, RegExp][] = [
    [["models", "show", "ghost"], 1, /Registered Model with name=ghost not found/],
    [["models", "promote", "--name", "kept", "--version", "9", "--alias", "champion"], 1, /Model Version \(name=kept, version=9\) not found/],
    [["models", "promote", "--name", "kept", "--version", "1", "--alias", "latest"], 1, /Alias 'latest' is reserved/],
    [["models", "alias", "--name", "kept", "--alias", "v2", "--version", "1"], 1, /Alias 'v2' is reserved/],
    [["models", "promote", "--name", "kept", "--version", "1", "--stage", "Live"], 2, /--stage takes one of None, Staging, Production, Archived, got 'Live'/],
    [["models", "promote", "--name", "kept", "--version", "1"], 2, /exactly one of --alias and --stage/],
    [["models", "register", "--name", "kept", "--model-path", "/no/such/model"], 1, /Model path '\/no\/such\/model' does not exist/],
    [["models", "register", "--name", "kept", "--model-path", modelA, "--metrics", "{bad"], 1, /--metrics is not valid JSON/],
    [["models", "rollback", "--name", "kept"], 1, /No earlier version of kept held alias 'champion'/],
    [["models", "delete", "--name", "kept", "--version", "7"], 1, /version=7\) not found/],
    [["models", "register", "--model-path", modelA], 2, /--name NAME is required/],
  ];
  for (const [args, code, message] of cases) {
    const r = labops(...args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.equal(registryFiles(), before, "nothing in the registry changed");
});
