// Argument checks shared by the statistical functions: errors that name the bad value and say what to do.

import { invalidParameter } from "../core/errors";
import { sortFloat64 } from "./sort-float64";

/** Throws unless every value is a number that is not NaN (scipy would propagate NaN; labops refuses it instead). */
export function checkSample(values: ArrayLike<number>, name: string, minLength = 1): void {
  if (values == null || typeof values.length !== "number") throw invalidParameter(`${name} must be an array of numbers, got ${String(values)}.`);
  if (values.length < minLength) throw invalidParameter(`${name} needs at least ${minLength} value(s), got ${values.length}.`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v)) throw invalidParameter(`${name}[${i}] is ${String(v)}: drop missing values first (labops does not propagate NaN).`);
  }
}

/** A sorted copy as Float64Array. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return sortFloat64(Float64Array.from(values as ArrayLike<number>));
}

/** Round half to even, as numpy's np.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function checkOneOf<T extends string>(value: T, allowed: readonly T[], name: string): void {
  if (!allowed.includes(value)) throw invalidParameter(`${name} must be one of ${allowed.join(", ")}, got "${String(value)}".`);
}
