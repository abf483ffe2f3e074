// Test-fold numbers per row, made the way scikit-learn's KFold and StratifiedKFold make them (identical when not shuffled).

import { invalidParameter } from "../../core/errors";
import { seededRandom } from "../random";

/** KFold: contiguous folds, the first n % k one row larger; shuffled rows first when `seed` is given. */
export function kFold(n: number, k: number, seed: number | null): Int32Array {
  checkFolds(n, k);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (seed !== null) seededRandom(seed).shuffle(order);
  const folds = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) folds[order[i]!] = f;
    start += size;
  }
  return folds;
}

/** StratifiedKFold._make_test_folds: `stratum` holds classes numbered by first appearance. */
export function stratifiedKFold(stratum: Int32Array, k: number, seed: number | null): Int32Array {
  const n = stratum.length;
  checkFolds(n, k);
  let classes = 0;
  for (const s of stratum) classes = Math.max(classes, s + 1);
  const sorted = Int32Array.from(stratum).sort();
  // allocation[f][c]: how many of class c go to fold f, from the sorted labels dealt round-robin.
  const allocation = Array.from({ length: k }, () => new Int32Array(classes));
  for (let i = 0; i < n; i++) allocation[i % k]![sorted[i]!]!++;
  const random = seed === null ? null : seededRandom(seed);
  const folds = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    const forClass: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f]![c]!; j++) forClass.push(f);
    if (random) random.shuffle(forClass);
    let j = 0;
    for (let i = 0; i < n; i++) if (stratum[i] === c) folds[i] = forClass[j++]!;
  }
  return folds;
}

function checkFolds(n: number, k: number): void {
  if (!(Number.isInteger(k) && k >= 2)) throw invalidParameter(`cv must be an integer >= 2; got ${String(k)}.`);
  if (k > n) throw invalidParameter(`cv=${k} folds need at least ${k} training rows; got ${n}.`);
}
