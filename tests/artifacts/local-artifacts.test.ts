// The local ArtifactRepository: bytes stored once, paths kept inside, large files streamed.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import * as labops from "../../src";
import { ContentStore, LocalArtifactRepository } from "../../src";
import { tempDir } from "../helpers/temp-dir";

function blobCount(root: string): number {
  return fs.readdirSync(path.join(root, "sha256"), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;
}

test("logging the same bytes twice, under any names and runs, stores them once", async () => {
  const store = path.join(tempDir(), "store");
  labops.setTrackingUri(store);
  const src = tempDir();
  fs.writeFileSync(path.join(src, "weights.bin"), Buffer.alloc(4096, 7));
  for (const name of ["a", "b"]) {
    await labops.withRun({ runName: name }, async () => {
      await labops.logArtifact(path.join(src, "weights.bin"));
      await labops.logArtifact(path.join(src, "weights.bin"), "copy");
      await labops.logText("same text", "notes.txt");
      await labops.logText("same text", "again.txt");
    });
  }
  assert.equal(blobCount(path.join(store, "blobs")), 2, "one blob for the weights, one for the text");
  const run = (await labops.lastActiveRun())!;
  const local = await labops.getClient().downloadArtifacts(run.info.runId, "copy/weights.bin", tempDir());
  assert.deepEqual(fs.readFileSync(local), Buffer.alloc(4096, 7));
  const blobs = fs.readdirSync(path.join(store, "blobs/sha256"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const b of blobs) assert.equal(fs.statSync(path.join(b.parentPath, b.name)).mode & 0o777, 0o444, "blobs are shared: read-only");
  const copies = fs.readdirSync(path.join(store, "artifacts"), { recursive: true, withFileTypes: true }).filter((e) => e.name === "weights.bin");
  assert.equal(copies.length, 4);
  assert.equal(new Set(copies.map((e) => fs.statSync(path.join(e.parentPath, e.name)).ino)).size, 1, "every copy is the one stored file");
});

test("paths that leave the root are refused: '..', absolute, and symbolic links out", async () => {
  const root = tempDir();
  const repo = new LocalArtifactRepository(root, new ContentStore(path.join(tempDir(), "blobs")));
  await assert.rejects(repo.writeArtifact("../x.txt", "x"), /'\.\.' would leave/);
  await assert.rejects(repo.writeArtifact("/tmp/x.txt", "x"), /relative to the run's artifact root/);
  const outside = tempDir();
  fs.symlinkSync(outside, path.join(root, "escape"));
  await assert.rejects(repo.writeArtifact("escape/x.txt", "x"), /leads out of .* through a symbolic link/);
  await assert.rejects(repo.listArtifacts("escape"), /through a symbolic link/);
  assert.deepEqual(fs.readdirSync(outside), [], "nothing was written outside");
  const src = tempDir();
  fs.writeFileSync(path.join(src, "ok.txt"), "ok");
  fs.symlinkSync("/etc/hostname", path.join(src, "stolen"));
  await assert.rejects(repo.logArtifacts(src), /'stolen' in .* is a symbolic link to \/etc\/hostname, outside the folder; refused/);
  fs.rmSync(path.join(src, "stolen"));
  fs.symlinkSync(path.join(src, "ok.txt"), path.join(src, "inside-link.txt"));
  await repo.logArtifacts(src, "logged");
  assert.deepEqual((await repo.listArtifacts("logged")).map((f) => f.path), ["logged/inside-link.txt", "logged/ok.txt"]);
});

test("a large file streams through: memory stays flat while 256 MiB are stored", async () => {
  const src = path.join(tempDir(), "big.bin");
  const fd = fs.openSync(src, "w");
  const chunk = Buffer.alloc(1 << 20);
  for (let i = 0; i < 256; i++) {
    chunk.writeUInt32LE(i, 0); // not all zeros, not sparse
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  const repo = new LocalArtifactRepository(tempDir(), new ContentStore(path.join(tempDir(), "blobs")));
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  await repo.logArtifact(src, "data");
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.ok(peak - before < 96 * (1 << 20), `grew by ${Math.round((peak - before) / (1 << 20))} MiB for a 256 MiB file`);
  assert.deepEqual(await repo.listArtifacts("data"), [{ path: "data/big.bin", isDir: false, fileSize: 256 << 20 }]);
});
