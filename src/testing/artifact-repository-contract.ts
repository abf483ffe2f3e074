// The contract every ArtifactRepository must pass (local folder, memory, and remote ones to come): files put
// whole, paths kept inside the root, published files never replaced, local sources read safely.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { contractRunner, rejectsWith, type ContractHooks } from "./contract-harness";

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "labops-contract-"));
}

async function text(repo: ArtifactRepository, file: string): Promise<string> {
  return (await repo.readArtifact(file)).toString("utf8");
}

/** Registers the contract's tests with node:test under `describe(name)`. */
export function artifactRepositoryContract(name: string, hooks: ContractHooks<ArtifactRepository>): void {
  const { describe, test } = contractRunner(hooks);

  describe(`ArtifactRepository contract: ${name}`, () => {
    test("logs files and folders, lists children folders first, reads and streams them back", async (repo) => {
      const src = scratch();
      fs.mkdirSync(path.join(src, "sub"));
      fs.writeFileSync(path.join(src, "a.txt"), "alpha");
      fs.writeFileSync(path.join(src, "sub", "b.bin"), Buffer.from([1, 2, 3]));
      await repo.logArtifacts(src, "dir");
      await repo.logArtifact(path.join(src, "a.txt"));
      await repo.writeArtifact("notes/n.txt", "note");
      assert.deepEqual(await repo.listArtifacts(), [
        { path: "dir", isDir: true },
        { path: "notes", isDir: true },
        { path: "a.txt", isDir: false, fileSize: 5 },
      ]);
      assert.deepEqual(await repo.listArtifacts("dir"), [
        { path: "dir/sub", isDir: true },
        { path: "dir/a.txt", isDir: false, fileSize: 5 },
      ]);
      assert.deepEqual(await repo.listArtifacts("nothing-here"), []);
      assert.equal(await text(repo, "dir/a.txt"), "alpha");
      const chunks: Buffer[] = [];
      for await (const c of await repo.openArtifact("dir/sub/b.bin")) chunks.push(c as Buffer);
      assert.deepEqual(Buffer.concat(chunks), Buffer.from([1, 2, 3]));
      await rejectsWith(repo.readArtifact("dir/none.txt"), "RESOURCE_DOES_NOT_EXIST", /none\.txt/);
      await rejectsWith(repo.openArtifact("none.txt"), "RESOURCE_DOES_NOT_EXIST", /none\.txt/);
    });

    test("downloads a file or a folder to a local folder", async (repo) => {
      await repo.writeArtifact("m/model.json", '{"w":[1]}');
      await repo.writeArtifact("m/deep/x.txt", "x");
      const dst = scratch();
      const folder = await repo.downloadArtifacts("m", dst);
      assert.equal(folder, path.join(dst, "m"));
      assert.equal(fs.readFileSync(path.join(folder, "model.json"), "utf8"), '{"w":[1]}');
      assert.equal(fs.readFileSync(path.join(folder, "deep", "x.txt"), "utf8"), "x");
      const file = await repo.downloadArtifacts("m/deep/x.txt", dst);
      assert.equal(fs.readFileSync(file, "utf8"), "x");
      await rejectsWith(repo.downloadArtifacts("missing", dst), "RESOURCE_DOES_NOT_EXIST", /missing/);
    });

    test("replaces a file whole by default; with overwrite false keeps what is there", async (repo) => {
      await repo.writeArtifact("f.txt", "one");
      await repo.writeArtifact("f.txt", "two");
      assert.equal(await text(repo, "f.txt"), "two");
      await repo.writeArtifact("f.txt", "three", { overwrite: false });
      assert.equal(await text(repo, "f.txt"), "two", "a published file is never replaced");
      const src = scratch();
      fs.writeFileSync(path.join(src, "f.txt"), "four");
      await repo.logArtifact(path.join(src, "f.txt"), "", { overwrite: false });
      await repo.logArtifacts(src, "", { overwrite: false });
      assert.equal(await text(repo, "f.txt"), "two");
      await repo.logArtifacts(src, "");
      assert.equal(await text(repo, "f.txt"), "four");
    });

    test("refuses paths that leave the root", async (repo) => {
      await rejectsWith(repo.writeArtifact("../x.txt", "x"), "INVALID_PARAMETER_VALUE", /'\.\.' would leave/);
      await rejectsWith(repo.writeArtifact("/etc/x.txt", "x"), "INVALID_PARAMETER_VALUE", /relative/);
      await rejectsWith(repo.readArtifact("a/../../x"), "INVALID_PARAMETER_VALUE");
      await rejectsWith(repo.listArtifacts(".."), "INVALID_PARAMETER_VALUE");
    });

    test("refuses symbolic links out of a logged folder, a logged file that is a link, and special files", async (repo) => {
      const src = scratch();
      fs.writeFileSync(path.join(src, "ok.txt"), "ok");
      fs.symlinkSync("/etc/hostname", path.join(src, "stolen"));
      await rejectsWith(repo.logArtifacts(src, "x"), "INVALID_PARAMETER_VALUE", /'stolen' in .* is a symbolic link to \/etc\/hostname, outside the folder; refused/);
      await rejectsWith(repo.logArtifact(path.join(src, "stolen")), "INVALID_PARAMETER_VALUE", /is a symbolic link; refused/);
      await rejectsWith(repo.logArtifact("/dev/zero"), "INVALID_PARAMETER_VALUE", /'\/dev\/zero' is a character device, not a regular file; refused/);
      const fifo = path.join(scratch(), "pipe");
      execFileSync("mkfifo", [fifo]);
      await rejectsWith(repo.logArtifact(fifo), "INVALID_PARAMETER_VALUE", /is a FIFO \(named pipe\), not a regular file/);
      fs.rmSync(path.join(src, "stolen"));
      fs.renameSync(fifo, path.join(src, "pipe"));
      await rejectsWith(repo.logArtifacts(src, "y"), "INVALID_PARAMETER_VALUE", /'pipe' in .* is a FIFO/);
      assert.deepEqual(await repo.listArtifacts("x"), [], "nothing was stored from the refused folder");
    });

    test("keeps the source's permission bits, never wider", async (repo) => {
      const src = scratch();
      fs.writeFileSync(path.join(src, "secret.key"), "s3cret", { mode: 0o600 });
      fs.chmodSync(path.join(src, "secret.key"), 0o600);
      fs.writeFileSync(path.join(src, "run.sh"), "#!/bin/sh\n");
      fs.chmodSync(path.join(src, "run.sh"), 0o755);
      await repo.logArtifacts(src, "p");
      const dst = await repo.downloadArtifacts("p", scratch());
      const mode = (f: string) => fs.statSync(path.join(dst, f)).mode & 0o777;
      assert.equal(mode("secret.key") & 0o077, 0, `a private file stays private (got ${mode("secret.key").toString(8)})`);
      assert.equal(mode("run.sh") & ~0o755, 0, `no bit is added (got ${mode("run.sh").toString(8)})`);
      assert.equal(mode("run.sh") & 0o100, 0o100, "the execute bit is kept");
      await repo.writeArtifact("w/private.bin", "p", { mode: 0o600 });
      const written = await repo.downloadArtifacts("w/private.bin", scratch());
      assert.equal(fs.statSync(written).mode & 0o077, 0, "bytes written with a private mode stay private");
    });
  });
}
