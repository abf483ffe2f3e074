// The README's export example, as written, from a checkout: the exported script imports "labops", which
// resolves to the checkout itself (package.json "exports" lets a package import itself by name).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot } from "../helpers/temp-dir";

test("labops export notebooks/tracking-tour.ipynb -o tour.ts && npx tsx tour.ts works in a checkout", () => {
  // A folder of the checkout, with no node_modules/labops anywhere above it: only the self-reference resolves.
  const dir = fs.mkdtempSync(path.join(repoRoot, ".export-test-"));
  try {
    assert.equal(fs.existsSync(path.join(repoRoot, "node_modules/labops")), false);
    const tour = path.relative(dir, path.join(repoRoot, "notebooks/tracking-tour.ipynb"));
    const env = { LABOPS_TRACKING_URI: "" };
    const exported = runNodeSync(path.join(repoRoot, "dist/kernel-ext/labops-cli.js"), ["export", tour, "-o", "tour.ts"], { cwd: dir, env });
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(fs.readFileSync(path.join(dir, "tour.ts"), "utf8"), /^import \* as labops from "labops";$/m);
    const r = spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), ["tour.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Cannot find module/);
    assert.match(r.stdout, /trained 5 epochs/);
    assert.ok(fs.readdirSync(path.join(dir, "tour.outputs")).some((f) => f.endsWith(".svg")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
