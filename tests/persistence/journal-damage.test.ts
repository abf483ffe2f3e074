// One damaged journal line in the middle: readers skip exactly that line with a warning naming file and line,
// and keep every later version; writers refuse until it is repaired, so no version number is given out twice.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FileRegistryStore, LabopsError, ModelRegistryClient } from "../../src";
import { tempDir } from "../helpers/temp-dir";

function modelDir(): string {
  const dir = path.join(tempDir(), "model");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ w: [1, 2] }));
  return dir;
}

test("a damaged middle line of the registry journal: later versions stay, numbers are never reused", async () => {
  const store = path.join(tempDir(), "store");
  const model = modelDir();
  const registry = new ModelRegistryClient({ tracking: store, registry: store });
  for (let i = 0; i < 4; i++) await registry.registerModel({ name: "churn", modelPath: model });
  await registry.store.setRegisteredModelAlias("churn", "champion", 4, {});

  const journal = path.join(store, "registry", "journal", "0.jsonl");
  const lines = fs.readFileSync(journal, "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes('"op":"createVersion"') && l.includes('"version":2'));
  assert.ok(index > 0, "the line that registered version 2");
  const original = lines[index]!;
  lines[index] = original.slice(0, 30) + "\u0000\u0000garbage" + original.slice(60); // damaged on disk, not torn
  fs.writeFileSync(journal, lines.join("\n"));

  const warnings: string[] = [];
  const reader = new FileRegistryStore(store, { onWarning: (m) => warnings.push(m) });
  const versions = (await reader.searchModelVersions({ filter: "name = 'churn'" })).items.map((v) => v.version).sort();
  assert.deepEqual(versions, [1, 3, 4], "only the damaged line is lost; versions after it are kept");
  assert.equal((await reader.getModelVersionByAlias("churn", "champion")).version, 4);
  assert.ok(warnings.some((w) => w.includes(`line ${index + 1} of ${journal}`) && /damaged/.test(w)), warnings.join("\n"));
  assert.equal(warnings.length, 1, "one warning, for the one bad line");

  const writer = new ModelRegistryClient({ tracking: store, registry: new FileRegistryStore(store, { onWarning: () => {} }) });
  await assert.rejects(writer.registerModel({ name: "churn", modelPath: model }), (e) => {
    assert.ok(e instanceof LabopsError && e.code === "DATA_LOSS", String(e));
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, new RegExp(`Line ${index + 1} of ${journal.replace(/[.\\/]/g, "\\$&")} is damaged.*will not write to this store until it is repaired`));
    return true;
  });
  assert.equal(fs.readFileSync(journal, "utf8"), lines.join("\n"), "the refused write changed nothing");

  // Repaired (here: the line restored from a backup), the store takes writes again and numbers go on.
  lines[index] = original;
  fs.writeFileSync(journal, lines.join("\n"));
  assert.equal((await writer.registerModel({ name: "churn", modelPath: model })).version, 5, "the refusing writer sees the repair");
  assert.deepEqual((await new FileRegistryStore(store).searchModelVersions({ filter: "name = 'churn'" })).items.map((v) => v.version).sort(), [1, 2, 3, 4, 5]);
});
