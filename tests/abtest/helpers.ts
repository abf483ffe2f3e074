// Shared by the A/B tests: the statsmodels/scipy fixture, a relative-tolerance assertion and seeded samples.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { SeededRandom } from "../../src/stats";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../tests/fixtures/abtest/abtest.json"), "utf8"));

export function close(actual: number, expected: number, rtol = 1e-9, atol = 1e-12, what = ""): void {
  const ok = Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (rtol ${rtol})`);
}

export function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + sd * r.normal();
  return out;
}

export function bernoulli(n: number, p: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r.next() < p ? 1 : 0;
  return out;
}
