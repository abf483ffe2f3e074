// Backend selection: auto falls back to wasm here and says why every other backend was refused; explicit failures are clear.

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { engineInfo, initEngine } from "../../src/engine";
import { tempDir } from "../helpers/temp-dir";

test("auto picks wasm on this machine and names why tensorflow-gpu, tensorflow and webgpu were refused", async () => {
  const engines = path.join(tempDir(), "engines");
  const info = await initEngine({ backend: "auto", enginesDir: engines });
  assert.equal(info.backend, "wasm");
  assert.equal(info.requested, "auto");
  assert.ok(info.threads >= 1);
  const reason = (b: string) => info.attempts.find((a) => a.backend === b)!;
  assert.deepEqual(info.attempts.map((a) => a.backend), ["tensorflow-gpu", "tensorflow", "webgpu", "wasm", "cpu"]);
  assert.match(reason("tensorflow-gpu").reason!, /@tensorflow\/tfjs-node-gpu: not installed/);
  assert.ok(reason("tensorflow-gpu").reason!.includes(engines), "the engines folder it looked in is named");
  // labops' package.json aliases tfjs-node to plain tfjs for danfojs: that must be detected, not mistaken for native TF.
  assert.match(reason("tensorflow").reason!, /tfjs-node.*(not installed|not the native binding)/);
  assert.match(reason("webgpu").reason!, /'webgpu' npm package .*unavailable/);
  assert.equal(reason("wasm").used, true);
  assert.equal(reason("wasm").reason, undefined);
  assert.match(reason("cpu").reason!, /not tried/);
  assert.deepEqual(engineInfo()?.backend, "wasm");
});

test("an explicit backend that cannot load is a clear error and leaves the current backend in place", async () => {
  await initEngine({ backend: "wasm" });
  for (const name of ["tensorflow", "tensorflow-gpu", "webgpu"]) {
    await assert.rejects(initEngine({ backend: name, enginesDir: tempDir() }), (e: unknown) => {
      assert.ok(isLabopsError(e, "INVALID_PARAMETER_VALUE"));
      assert.match((e as Error).message, new RegExp(`backend '${name}' is unavailable: ${name}: .+LABOPS_BACKEND=auto`));
      return true;
    });
    assert.equal(engineInfo()?.backend, "wasm");
  }
  await assert.rejects(initEngine({ backend: "tpu" }), /Unknown engine backend 'tpu'.*auto, tensorflow-gpu, tensorflow, webgpu, wasm, cpu/);
});

test("LABOPS_BACKEND chooses the backend; cpu works and reports why the others were not used", async () => {
  const saved = process.env["LABOPS_BACKEND"];
  process.env["LABOPS_BACKEND"] = "cpu";
  try {
    const info = await initEngine();
    assert.equal(info.backend, "cpu");
    assert.equal(info.requested, "cpu");
    assert.match(info.attempts.find((a) => a.backend === "wasm")!.reason!, /not requested \(LABOPS_BACKEND=cpu\)/);
  } finally {
    if (saved === undefined) delete process.env["LABOPS_BACKEND"]; else process.env["LABOPS_BACKEND"] = saved;
    await initEngine({ backend: "wasm" });
  }
  assert.equal(engineInfo()?.backend, "wasm");
});
