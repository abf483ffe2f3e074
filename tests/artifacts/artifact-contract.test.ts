// Runs the ArtifactRepository contract against the local repository (with and without a content store) and
// the memory one; checks that repositories are chosen by URI scheme and that schemes can be added.

import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  artifactRepositoryContract,
  artifactRepositoryFor,
  ContentStore,
  LabopsError,
  LocalArtifactRepository,
  MemoryArtifactRepository,
  registerArtifactRepository,
} from "../../src";
import { fileError } from "../../src/core/file-error";
import { tempDir } from "../helpers/temp-dir";

artifactRepositoryContract("local folder with a content store", {
  create: () => new LocalArtifactRepository(pathToFileURL(path.join(tempDir(), "artifacts")).href, new ContentStore(path.join(tempDir(), "blobs"))),
});
artifactRepositoryContract("local folder, plain copies", { create: () => new LocalArtifactRepository(path.join(tempDir(), "artifacts")) });
let n = 0;
artifactRepositoryContract("memory", { create: () => new MemoryArtifactRepository(`memory://contract-${process.pid}-${n++}/artifacts`) });

test("artifactRepositoryFor chooses by scheme; registerArtifactRepository adds one; unknown schemes say what to do", async () => {
  assert.ok(artifactRepositoryFor(tempDir()) instanceof LocalArtifactRepository);
  assert.ok(artifactRepositoryFor(pathToFileURL(tempDir()).href) instanceof LocalArtifactRepository);
  assert.ok(artifactRepositoryFor("memory://scheme-test/x") instanceof MemoryArtifactRepository);
  assert.throws(() => artifactRepositoryFor("s3://bucket/path"), (e: unknown) => e instanceof LabopsError && e.code === "NOT_IMPLEMENTED" && /scheme 's3'.*registerArtifactRepository/.test(e.message));
  const made: string[] = [];
  registerArtifactRepository("s3", (uri) => {
    made.push(uri);
    return new MemoryArtifactRepository(`memory://${uri.slice("s3://".length)}`);
  });
  const repo = artifactRepositoryFor("s3://bucket/path");
  await repo.writeArtifact("a.txt", "via s3");
  assert.deepEqual(made, ["s3://bucket/path"]);
  assert.equal((await artifactRepositoryFor("memory://bucket/path").readArtifact("a.txt")).toString(), "via s3", "the registered factory served the URI");
  assert.equal((await new MemoryArtifactRepository("memory://bucket").listArtifacts("path"))[0]?.path, "path/a.txt", "memory repositories of one process share files");
});

test("file-system errors become one LabopsError line naming the file: full disk, read-only, permission, broken link", () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: raw node message`), { code });
  const cases: [string, string, RegExp][] = [
    ["ENOSPC", "INTERNAL_ERROR", /The disk is full: could not write \/store\/x\.bin \(ENOSPC\)\. Nothing was changed\. Free some space/],
    ["EROFS", "PERMISSION_DENIED", /Cannot write \/store\/x\.bin: it is on a read-only file system \(EROFS\)/],
    ["EACCES", "PERMISSION_DENIED", /Permission denied to write \/store\/x\.bin \(EACCES\)\. Nothing was changed\. Make it writable/],
    ["ENOENT", "RESOURCE_DOES_NOT_EXIST", /Cannot write \/store\/x\.bin: it does not exist, or a symbolic link on the way is broken \(ENOENT\)/],
  ];
  for (const [code, labopsCode, pattern] of cases) {
    const e = fileError(errno(code), "/store/x.bin", "write");
    assert.equal(e.code, labopsCode, code);
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, /raw node message|\n/);
  }
});
