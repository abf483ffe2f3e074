// vega and vega-lite are ESM with top-level await: in widgets/ they may only be named inside import() calls.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../helpers/temp-dir";

const MODULE = /["'](vega(?:-lite)?)["']/g;

test("widgets/*.ts name vega and vega-lite only as import(\"vega\") / import(\"vega-lite\")", () => {
  const dir = path.join(repoRoot, "widgets");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length >= 10, `found ${files.length} files`);
  const dynamic: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const m of text.matchAll(MODULE)) {
      const before = text.slice(Math.max(0, m.index - 8), m.index);
      assert.match(before, /import\($/, `${file}: '${m[1]}' outside an import() call`);
      dynamic.push(`${file}:${m[1]}`);
    }
    assert.doesNotMatch(text, /require\(\s*["']vega/, file);
  }
  assert.deepEqual(dynamic, ["vega-svg.ts:vega", "vega-svg.ts:vega-lite"]);
});

test("the compiled widgets keep import() as a real dynamic import, not a require() in disguise", () => {
  const js = fs.readFileSync(path.join(repoRoot, "dist/widgets/vega-svg.js"), "utf8");
  assert.match(js, /import\("vega"\)/);
  assert.match(js, /import\("vega-lite"\)/);
  assert.doesNotMatch(js, /require\(["']vega/);
});

test("loading the widgets does not load vega: it comes in on the first chart", () => {
  const loaded = () => Object.keys(require.cache).filter((k) => /node_modules[\\/]vega/.test(k));
  require("../../widgets");
  assert.deepEqual(loaded(), []);
});
