// Train/validation split: stratified by class for classification, seeded.

import { invalidParameter } from "../core/errors";
import type { Random } from "../data/random";
import type { Label } from "./target";

export function shuffleInPlace(a: Int32Array, rng: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = a[i]!; a[i] = a[j]!; a[j] = t;
  }
}

/** Row indices for training and validation; classes are split one by one so each keeps its share. */
export function validationSplit(rowCount: number, fraction: number, rng: Random, codes?: Int32Array, classes?: Label[]): { train: Int32Array; valid: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw invalidParameter(`validationFraction must be between 0 and 1 (exclusive), got ${fraction}.`);
  const train: number[] = [], valid: number[] = [];
  const groups: Int32Array[] = [];
  if (codes && classes) {
    const members: number[][] = classes.map(() => []);
    for (let i = 0; i < rowCount; i++) members[codes[i]!]!.push(i);
    members.forEach((m, c) => {
      if (m.length < 2) throw invalidParameter(`Class ${JSON.stringify(classes[c])} has only ${m.length} example; a stratified validation split needs at least 2 per class (add examples, drop the class, or pass validationFraction: 0).`);
      groups.push(Int32Array.from(m));
    });
  } else {
    groups.push(Int32Array.from({ length: rowCount }, (_, i) => i));
  }
  for (const g of groups) {
    shuffleInPlace(g, rng);
    let nv = Math.round(g.length * fraction);
    nv = Math.min(Math.max(nv, 1), g.length - 1);
    for (let i = 0; i < g.length; i++) (i < nv ? valid : train).push(g[i]!);
  }
  if (train.length === 0 || valid.length === 0) throw invalidParameter(`validationFraction ${fraction} leaves no rows for training or validation (${rowCount} rows).`);
  return { train: Int32Array.from(train).sort(), valid: Int32Array.from(valid).sort() };
}
