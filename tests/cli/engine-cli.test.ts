// `labops doctor`: the backend in use and, for every other backend, why it was not used; a backend that cannot
// load is one line naming it.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const env = (extra: Record<string, string> = {}) => ({ env: { LABOPS_HOME: tempDir(), LABOPS_DEBUG: "", ...extra } });

test("labops doctor names the backend in use (wasm here) and a reason for each other one", () => {
  const r = runNodeSync(cli, ["doctor"], env());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^backend wasm \(asked: auto\), 1 thread, tfjs 4\./);
  for (const b of ["tensorflow-gpu", "tensorflow", "webgpu", "cpu"]) assert.match(r.stdout, new RegExp(`^  ${b} +\\S`, "m"), b);
  assert.match(r.stdout, /^\* wasm +in use$/m);
  const json = JSON.parse(runNodeSync(cli, ["doctor", "--json"], env()).stdout);
  assert.equal(json.backend, "wasm");
  assert.deepEqual(json.attempts.map((a: { backend: string }) => a.backend), ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu"]);
  assert.ok(json.attempts.filter((a: { used: boolean; backend: string }) => !a.used && a.backend !== "cpu").every((a: { reason?: string }) => (a.reason ?? "").length > 10));
});

test("an unavailable backend asked for by LABOPS_BACKEND is one line, exit 1; an unknown one names the choices", () => {
  const r = runNodeSync(cli, ["doctor"], env({ LABOPS_BACKEND: "tensorflow" }));
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /backend 'tensorflow' is unavailable.*LABOPS_BACKEND=auto/);
  const unknown = runNodeSync(cli, ["doctor"], env({ LABOPS_BACKEND: "tpu" }));
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /tpu.*(auto|wasm)/);
});
