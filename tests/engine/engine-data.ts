// Small seeded data sets for the engine tests: separable enough to learn in a few epochs.

import { seededRandom } from "../../src/data/random";

export interface Data { x: Float32Array; featureNames: string[]; rowCount: number }

/** Binary labels "no"/"yes" from a linear rule on d features. */
export function binaryData(n = 400, d = 4, seed = 1, positiveShare = 0.5): Data & { y: string[] } {
  const rng = seededRandom(seed);
  const x = new Float32Array(n * d);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) { const v = rng.normal(); x[i * d + j] = v; z += v * (j % 2 === 0 ? 1 : -0.5); }
    y.push(z > quantile(positiveShare) ? "yes" : "no");
  }
  return { x, y, featureNames: names(d), rowCount: n };
}

/** Three classes from the argmax of three linear scores. */
export function multiclassData(n = 450, d = 4, seed = 2): Data & { y: string[] } {
  const rng = seededRandom(seed);
  const x = new Float32Array(n * d);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    const s = [x[i * d]!, x[i * d + 1]!, -x[i * d]! - x[i * d + 1]!];
    y.push(["a", "b", "c"][s.indexOf(Math.max(...s))]!);
  }
  return { x, y, featureNames: names(d), rowCount: n };
}

/** y = 3 x0 - 2 x1 + 10 + noise. */
export function regressionData(n = 400, d = 3, seed = 3): Data & { y: number[] } {
  const rng = seededRandom(seed);
  const x = new Float32Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    y.push(3 * x[i * d]! - 2 * x[i * d + 1]! + 10 + 0.1 * rng.normal());
  }
  return { x, y, featureNames: names(d), rowCount: n };
}

function names(d: number): string[] { return Array.from({ length: d }, (_, j) => `f${j}`); }

/** The standard-normal-ish score threshold leaving about `share` of rows above it (score sd is about 1.1 for d=4). */
function quantile(share: number): number {
  return share === 0.5 ? 0 : share === 0.1 ? 1.45 : 0;
}
