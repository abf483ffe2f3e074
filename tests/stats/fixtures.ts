// Loads the scipy fixtures of tests/fixtures/stats and compares numbers to a relative tolerance.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const DIR = path.resolve(__dirname, "../../../tests/fixtures/stats");

export type Num = number | "NaN" | "Infinity" | "-Infinity";

export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, name), "utf8")) as T;
}

export function num(v: Num): number {
  return typeof v === "number" ? v : v === "NaN" ? NaN : v === "Infinity" ? Infinity : -Infinity;
}

/** Asserts |actual − expected| <= rel·|expected| (exact for 0, NaN and infinities). */
export function assertClose(actual: number, expectedRaw: Num, label: string, rel = 1e-9): void {
  const expected = num(expectedRaw);
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`);
  if (!Number.isFinite(expected) || expected === 0) return assert.equal(actual, expected, `${label}: expected ${expected}, got ${actual}`);
  const err = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(err <= rel, `${label}: expected ${expected}, got ${actual} (relative error ${err.toExponential(2)})`);
}
