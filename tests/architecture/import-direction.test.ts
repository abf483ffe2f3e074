// Keeps the architecture honest (ARCHITECTURE.md): imports point down the layers
// core <- entities <- persistence/search/stats <- capabilities <- present <- cli <- widgets <- kernel-ext,
// and the library's module graph has no top-level await (tslab require()s it).

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

/** The layer of a module (a file, or a folder imported through its index): its top folder, or for src/ its second one. */
function layerOf(relative: string): string {
  const parts = relative.split(path.sep);
  if (parts[0] !== "src") return parts[0]!;
  const isRootFile = parts.length === 2 && !fs.existsSync(path.join(repoRoot, relative));
  return parts.length > 2 || !isRootFile ? `src/${parts[1]}` : "src";
}

/** Generic machinery under the capabilities: each knows only core and entities, never a peer. */
const MACHINERY = ["src/persistence", "src/search", "src/stats"];
const BASE = ["src/core", "src/entities"];

/** What a layer may import besides itself; capabilities (any other src/ folder) may import each other. */
function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === "src/core") return false;
  if (from === "src/entities") return to === "src/core";
  if (MACHINERY.includes(from)) return BASE.includes(to);
  const above = ["src/present", "src/cli", "src", "widgets", "kernel-ext"];
  if (from.startsWith("src/") && !above.includes(from)) return to.startsWith("src/") && !above.includes(to);
  if (from === "src/present") return to.startsWith("src/") && to !== "src/cli" && to !== "src";
  if (from === "src/cli") return to.startsWith("src/") && to !== "src";
  if (from === "src") return to.startsWith("src/");
  if (from === "widgets") return to.startsWith("src/") && to !== "src/cli";
  if (from === "kernel-ext") return to.startsWith("src") || to === "widgets";
  return true; // tests and bench may import anything
}

test("imports point down the layers", () => {
  const files = [...sourceFiles("src"), ...sourceFiles("widgets"), ...sourceFiles("kernel-ext")];
  assert.ok(files.length > 60, "the scan found the sources");
  const wrong: string[] = [];
  for (const file of files) {
    const from = layerOf(path.relative(repoRoot, file));
    for (const spec of imports(file)) {
      if (!spec.startsWith(".") || spec.endsWith(".json")) continue;
      const to = layerOf(path.relative(repoRoot, path.resolve(path.dirname(file), spec)));
      if (!allowed(from, to)) wrong.push(`${path.relative(repoRoot, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("the layer rules refuse what they should", () => {
  assert.equal(allowed("src/search", "src/tracking"), false);
  assert.equal(allowed("src/persistence", "src/search"), false);
  assert.equal(allowed("src/tracking", "src/present"), false);
  assert.equal(allowed("src/registry", "src/tracking"), true);
  assert.equal(allowed("widgets", "src/cli"), false);
  assert.equal(allowed("widgets", "kernel-ext"), false);
  assert.equal(allowed("src/present", "widgets"), false);
  assert.equal(allowed("src/core", "src/entities"), false);
});

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
