// Shared helpers of the drift tests: fixtures and seeded synthetic columns.

import fs from "node:fs";
import path from "node:path";
import { SeededRandom } from "../../src/stats";

export function loadDriftFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../tests/fixtures/drift", name), "utf8")) as T;
}

export function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from({ length: n }, () => mean + sd * r.normal());
}

export function choices(n: number, values: string[], weights: number[], seed: number): string[] {
  const r = new SeededRandom(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = r.next() * total;
    for (let i = 0; i < values.length; i++) if ((u -= weights[i]!) < 0) return values[i]!;
    return values[values.length - 1]!;
  });
}
