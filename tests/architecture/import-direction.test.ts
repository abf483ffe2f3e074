// Keeps the architecture honest: src/ imports nothing from widgets/ or kernel-ext/, widgets/ nothing from
// kernel-ext/, and the library's module graph has no top-level await (tslab require()s it).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../helpers/temp-dir";

function sourceFiles(dir: string): string[] {
  const abs = path.join(repoRoot, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

const rules: [string, string[]][] = [
  ["src", ["widgets", "kernel-ext"]],
  ["widgets", ["kernel-ext"]],
];

for (const [layer, forbidden] of rules) {
  test(`${layer}/ imports nothing from ${forbidden.join(" or ")}`, () => {
    const files = sourceFiles(layer);
    if (layer === "src") assert.ok(files.length > 20, "the scan found the sources");
    for (const file of files) {
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const target = path.relative(repoRoot, path.resolve(path.dirname(file), spec));
        for (const f of forbidden) assert.ok(!target.startsWith(f + path.sep) && target !== f, `${path.relative(repoRoot, file)} imports ${spec}`);
      }
    }
  });
}

test("no top-level await in the library's compiled code", () => {
  for (const file of fs.readdirSync(path.join(repoRoot, "dist/src"), { recursive: true, withFileTypes: true })) {
    if (!file.isFile() || !file.name.endsWith(".js")) continue;
    const text = fs.readFileSync(path.join(file.parentPath, file.name), "utf8").replace(/^#!.*/, "");
    // Compiled CommonJS cannot hold top-level await at all; a stray one would fail to load. Check what loads:
    assert.doesNotThrow(() => new Function("exports", "require", "module", "__filename", "__dirname", text), file.name);
  }
});

test("ESM-only peers (vega, vega-lite) are only ever loaded by a real import()", () => {
  for (const file of [...sourceFiles("src"), ...sourceFiles("widgets"), ...sourceFiles("kernel-ext")]) {
    const text = fs.readFileSync(file, "utf8");
    assert.doesNotMatch(text, /(?:from\s+|require\(\s*)["']vega(?:-lite)?["']/, `${path.relative(repoRoot, file)} must load vega with import()`);
  }
});
