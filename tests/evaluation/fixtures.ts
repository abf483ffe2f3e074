// Loads the scikit-learn / scipy / fairlearn fixtures (tests/fixtures/evaluation/*.json, made by make_fixtures.py) and compares numbers.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../helpers/temp-dir";

/** Non-finite floats are written as strings by the fixture script; they come back as numbers here. */
function revive(_key: string, value: unknown): unknown {
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  return value;
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "tests/fixtures/evaluation", name), "utf8"), revive) as T;
}

/** Relative tolerance 1e-9, with an absolute floor of 1e-12 for values at 0; NaN equals NaN. */
export function close(actual: number, expected: number, what: string, rel = 1e-9): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, what);
  const tol = Math.max(rel * Math.max(Math.abs(actual), Math.abs(expected)), 1e-12);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs scikit-learn ${expected} (diff ${actual - expected})`);
}

export function closeAll(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel = 1e-9): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i]!, expected[i]!, `${what}[${i}]`, rel);
}
