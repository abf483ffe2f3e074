// A registered version's files stay whole and stay its own: content-addressed folders never removed or
// replaced (racing processes, kill -9), version numbers never reused after a damaged journal line, sources read
// without following swapped-in links or special files, modes kept, content checked by SHA-256, clear errors.

import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileRegistryStore, LabopsClient, LabopsError, ModelRegistryClient } from "../../src";
import { workerPath } from "../helpers/spawn";
import { tempDir } from "../helpers/temp-dir";

function writeModel(dir: string, weights: number[]): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ kind: "logreg", weights }));
  fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.alloc(2048, weights[0] ?? 0));
  return dir;
}

function newRegistry(): { root: string; registry: ModelRegistryClient } {
  const root = path.join(tempDir(), "store");
  return { root, registry: new ModelRegistryClient({ registry: root, tracking: root }) };
}

const MANIFEST = ".labops-manifest.json";

/** Every published folder (one with a manifest) under registry/models, with its manifest's files. */
function publishedFolders(root: string): Map<string, string[]> {
  const models = path.join(root, "registry", "models");
  const out = new Map<string, string[]>();
  for (const d of fs.existsSync(models) ? fs.readdirSync(models) : []) {
    if (!/^[0-9a-f]{64}$/.test(d)) continue; // a folder being built aside is not published
    let text: string;
    try {
      text = fs.readFileSync(path.join(models, d, MANIFEST), "utf8");
    } catch {
      continue;
    }
    out.set(d, (JSON.parse(text) as { files: { path: string }[] }).files.map((f) => f.path));
  }
  return out;
}

test("identical files registered at the same moment by racing processes never remove a published folder, even killed with -9", { timeout: 240_000 }, async () => {
  const { root } = newRegistry();
  const seen = new Map<string, string[]>();
  for (let round = 0; round < 4; round++) {
    const model = writeModel(path.join(tempDir(), `same-${round}`), [round + 1]);
    const workers: ChildProcess[] = [];
    const acked: number[] = [];
    let stderr = "";
    let broken = "";
    // A watcher: once a folder is published, its manifest and files must be there at every look.
    const watch = setInterval(() => {
      for (const [d, files] of publishedFolders(root)) seen.set(d, files);
      for (const [d, files] of seen) {
        for (const f of [MANIFEST, ...files]) if (!fs.existsSync(path.join(root, "registry", "models", d, f))) broken ||= `${d}/${f} vanished after it was published`;
      }
    }, 1);
    await new Promise<void>((resolve) => {
      let first = true;
      for (let w = 0; w < 3; w++) {
        const child = spawn(process.execPath, [workerPath("registry-writer"), "forever", root, `twin-${round}`, model], {
          env: { ...process.env, LABOPS_TEST_SLOW_FS_MS: "15" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stderr!.on("data", (d: Buffer) => (stderr += d));
        child.stdout!.on("data", (d: Buffer) => {
          for (const m of d.toString().matchAll(/ack (\d+)/g)) acked.push(Number(m[1]));
          if (first) {
            first = false;
            setTimeout(() => {
              for (const c of workers) c.kill("SIGKILL");
            }, 150 + round * 120); // mid-registration for the others
          }
        });
        workers.push(child);
      }
      let closed = 0;
      for (const c of workers) c.on("close", () => ++closed === workers.length && resolve());
    });
    clearInterval(watch);
    assert.equal(broken, "", `round ${round}`);
    assert.ok(acked.length > 0, `round ${round}: a registration was acknowledged. ${stderr}`);
    const reader = new ModelRegistryClient({ registry: root, tracking: root });
    for (const v of (await reader.store.searchModelVersions({ filter: `name = 'twin-${round}'` })).items) {
      const loaded = await reader.loadModel(`models:/twin-${round}/${v.version}`);
      assert.deepEqual(loaded.json, { kind: "logreg", weights: [round + 1] }, `round ${round}, version ${v.version} is whole`);
    }
  }
});

test("a damaged journal line in the middle never lets a version number be handed out again", async () => {
  const { root } = newRegistry();
  const first = new ModelRegistryClient({ registry: root, tracking: root });
  for (let i = 1; i <= 3; i++) await first.registerModel({ name: "dmg", modelPath: writeModel(path.join(tempDir(), `d${i}`), [i]) });
  const journal = path.join(root, "registry", "journal", "0.jsonl");
  const lines = fs.readFileSync(journal, "utf8").split("\n");
  assert.equal(lines.filter((l) => l !== "").length, 3, "one line per registration");
  lines[1] = "#".repeat(lines[1]!.length); // version 2's line, damaged in place
  fs.writeFileSync(journal, lines.join("\n"));
  const warnings: string[] = [];
  const store = new FileRegistryStore(root, { onWarning: (m) => warnings.push(m) });
  const reader = new ModelRegistryClient({ registry: store, tracking: root });
  const left = (await reader.store.searchModelVersions({ filter: "name = 'dmg'" })).items.map((v) => v.version);
  assert.deepEqual(left, [3, 1], "version 3 survives the lost line of version 2");
  // Writes are refused until the line is repaired (the journal's policy), so no number can be handed out twice.
  await assert.rejects(
    reader.registerModel({ name: "dmg", modelPath: writeModel(path.join(tempDir(), "d4"), [4]) }),
    (e: Error & { code?: string }) => e.code === "DATA_LOSS" && /Line 2 of .*0\.jsonl/.test(e.message),
  );
  assert.deepEqual((await reader.store.searchModelVersions({ filter: "name = 'dmg'" })).items.map((v) => v.version), [3, 1]);
  assert.ok(warnings.some((w) => /line 2 of .*0\.jsonl/i.test(w)), warnings.join("\n"));
  // Repaired by hand (the damaged line removed): the next version goes past every number seen, never back to 2.
  fs.writeFileSync(journal, lines.filter((_, i) => i !== 1).join("\n"));
  const repaired = new ModelRegistryClient({ registry: new FileRegistryStore(root, { onWarning: () => undefined }), tracking: root });
  assert.equal((await repaired.registerModel({ name: "dmg", modelPath: writeModel(path.join(tempDir(), "d4"), [4]) })).version, 4);
  // The model's own line lost and removed (create model + version 1 in one line): the next version still goes up.
  const { root: root2 } = newRegistry();
  const r2 = new ModelRegistryClient({ registry: root2, tracking: root2 });
  for (let i = 1; i <= 2; i++) await r2.registerModel({ name: "lost", modelPath: writeModel(path.join(tempDir(), `l${i}`), [i]) });
  const j2 = path.join(root2, "registry", "journal", "0.jsonl");
  const l2 = fs.readFileSync(j2, "utf8").split("\n");
  fs.writeFileSync(j2, l2.slice(1).join("\n"));
  const again = new ModelRegistryClient({ registry: new FileRegistryStore(root2, { onWarning: () => undefined }), tracking: root2 });
  assert.equal((await again.registerModel({ name: "lost", modelPath: writeModel(path.join(tempDir(), "l3"), [3]) })).version, 3);
});

test("a source file swapped for a symbolic link while it is read is refused, from a folder and from runs:/", async () => {
  const { root, registry } = newRegistry();
  const secret = path.join(tempDir(), "shadow");
  fs.writeFileSync(secret, "root:$6$secret-hash:19000:0:99999:7:::\n", { mode: 0o600 });
  const model = writeModel(path.join(tempDir(), "swap"), [5]);
  const tracking = new LabopsClient(root);
  const run = await tracking.createRun("0");
  await tracking.logArtifacts(run.info.runId, model, "model");
  const runFile = path.join(fileURLToPathOf(run.info.artifactUri), "model", "weights.bin");
  // The race, made certain: the file becomes a link to the secret between the listing and the open.
  const patchable = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const realOpen = patchable.open!;
  const realOpenSync = patchable.openSync!;
  let targets: string[] = [];
  let swapFolder = false;
  const swap = (p: unknown) => {
    if (typeof p === "string" && targets.includes(p)) {
      targets = targets.filter((t) => t !== p);
      if (swapFolder) {
        // The folder on the way becomes a link to one holding a file of that name: only the opened
        // descriptor can tell (O_NOFOLLOW guards the last part of a path only).
        fs.renameSync(path.dirname(p), `${path.dirname(p)}-moved`);
        fs.symlinkSync(path.dirname(secret), path.dirname(p));
      } else {
        fs.rmSync(p);
        fs.symlinkSync(secret, p);
      }
    }
  };
  patchable.open = (...args: unknown[]) => (swap(args[0]), realOpen.apply(fs, args));
  patchable.openSync = (...args: unknown[]) => (swap(args[0]), realOpenSync.apply(fs, args));
  try {
    targets = [path.join(model, "weights.bin")];
    await assert.rejects(registry.registerModel({ name: "swapped", modelPath: model }), /weights\.bin.* is a symbolic link to .*shadow, outside the folder; refused/);
    targets = [runFile];
    await assert.rejects(registry.registerModel({ name: "swapped", runId: run.info.runId, artifactPath: "model" }), /weights\.bin.* symbolic link to .*shadow, outside the folder; refused/);
    const nested = writeModel(path.join(tempDir(), "nested"), [6]);
    fs.mkdirSync(path.join(nested, "sub"));
    fs.writeFileSync(path.join(nested, "sub", "shadow"), "harmless");
    swapFolder = true;
    targets = [path.join(nested, "sub", "shadow")];
    await assert.rejects(registry.registerModel({ name: "swapped", modelPath: nested }), /sub\/shadow.* leads to .*shadow, outside .* \(a link was swapped in while it was being read\); refused/);
  } finally {
    patchable.open = realOpen;
    patchable.openSync = realOpenSync;
  }
  const stored = fs.existsSync(path.join(root, "blobs")) ? fs.readdirSync(path.join(root, "blobs"), { recursive: true }).map(String) : [];
  for (const f of stored) {
    const p = path.join(root, "blobs", f);
    if (fs.statSync(p).isFile()) assert.ok(!fs.readFileSync(p, "utf8").includes("secret-hash"), `the secret was copied into ${p}`);
  }
});

function fileURLToPathOf(uri: string): string {
  return decodeURIComponent(new URL(uri).pathname);
}

test("a single-file model path that is a symbolic link, and special files, are refused with a clear error", { timeout: 30_000 }, async () => {
  const { registry } = newRegistry();
  const secret = path.join(tempDir(), "private.key");
  fs.writeFileSync(secret, "secret");
  const link = path.join(tempDir(), "model.bin");
  fs.symlinkSync(secret, link);
  await assert.rejects(registry.registerModel({ name: "single", modelPath: link }), (e: unknown) => e instanceof LabopsError && /model\.bin' is a symbolic link; refused/.test(e.message));
  await assert.rejects(registry.registerModel({ name: "dev", modelPath: "/dev/zero" }), /'\/dev\/zero' is a character device, not a regular file; refused/);
  const fifo = path.join(tempDir(), "model.fifo");
  execFileSync("mkfifo", [fifo]);
  await assert.rejects(registry.registerModel({ name: "fifo", modelPath: fifo }), /model\.fifo' is a FIFO \(named pipe\), not a regular file; refused/);
  const withFifo = writeModel(path.join(tempDir(), "withfifo"), [1]);
  execFileSync("mkfifo", [path.join(withFifo, "pipe")]);
  await assert.rejects(registry.registerModel({ name: "fifo", modelPath: withFifo }), /'pipe' in .* is a FIFO \(named pipe\), not a regular file; refused/);
});

test("stored files keep the source's permission bits, never wider, and read-only", async () => {
  const { registry } = newRegistry();
  const model = writeModel(path.join(tempDir(), "modes"), [9]);
  fs.chmodSync(path.join(model, "weights.bin"), 0o600);
  fs.chmodSync(path.join(model, "model.json"), 0o644);
  const v = await registry.registerModel({ name: "modes", modelPath: model });
  const loaded = await registry.loadModel(`models:/modes/${v.version}`);
  const mode = (f: string) => fs.statSync(path.join(loaded.path, f)).mode & 0o777;
  assert.equal(mode("weights.bin"), 0o400, `private stays private, read-only (got ${mode("weights.bin").toString(8)})`);
  assert.equal(mode("model.json"), 0o444);
  const dst = await registry.downloadArtifacts(`models:/modes/${v.version}`, tempDir());
  assert.equal(fs.statSync(path.join(dst, "weights.bin")).mode & 0o077, 0, "the download stays private too");
});

test("loadModel, downloadArtifacts and promote check every file's SHA-256: an edited or partial file fails loudly", async () => {
  const { registry } = newRegistry();
  const v = await registry.registerModel({ name: "tamper", modelPath: writeModel(path.join(tempDir(), "t"), [3]) });
  const loaded = await registry.loadModel(`models:/tamper/${v.version}`);
  const weights = path.join(loaded.path, "weights.bin");
  const bytes = fs.readFileSync(weights);
  bytes[100] = bytes[100]! ^ 0xff; // same size, other content
  fs.chmodSync(weights, 0o644);
  fs.writeFileSync(weights, bytes);
  const digestError = (e: unknown) => {
    assert.ok(e instanceof LabopsError, String(e));
    assert.match(e.message, /weights\.bin/);
    assert.match(e.message, /sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
    return true;
  };
  await assert.rejects(registry.loadModel("models:/tamper/1"), digestError);
  await assert.rejects(registry.downloadArtifacts("models:/tamper/1", tempDir()), digestError);
  await assert.rejects(registry.promote("tamper", 1, { alias: "champion" }), digestError);
  fs.truncateSync(weights, 10); // partly written
  await assert.rejects(registry.loadModel("models:/tamper/1"), (e: unknown) => digestError(e) && /DATA_LOSS/.test((e as LabopsError).code));
});

test("a broken symbolic link in the registry's folder gives one clear LabopsError line naming the file", async () => {
  const { root, registry } = newRegistry();
  fs.mkdirSync(path.join(root, "registry"), { recursive: true });
  fs.symlinkSync(path.join(tempDir(), "gone", "models"), path.join(root, "registry", "models"));
  await assert.rejects(registry.registerModel({ name: "badlink", modelPath: writeModel(path.join(tempDir(), "b"), [1]) }), (e: unknown) => {
    assert.ok(e instanceof LabopsError, `a LabopsError, not ${String(e)}`);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /registry[/\\]models/);
    return true;
  });
});
