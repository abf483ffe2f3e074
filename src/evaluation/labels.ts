// Class labels (strings or numbers, plain or typed arrays) coded once as integers 0..k-1 in scikit-learn's order.

import { invalidParameter } from "../core/errors";

/** A class label as scikit-learn takes it: a string or a number (booleans are read as 0 and 1). */
export type Label = string | number;

/** Labels as a plain array or a typed array; hot paths take typed arrays of integers without a copy per value. */
export type LabelArray = ArrayLike<Label> | ArrayLike<boolean>;

export interface EncodedLabels {
  /** The classes, sorted as numpy's unique() sorts them (numbers ascending, strings by code point). */
  classes: Label[];
  /** One Int32Array of class indices per input array. */
  codes: Int32Array[];
}

/** A dense lookup table for integer labels is used up to this range; beyond it a Map. */
const DENSE_RANGE = 1 << 20;

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];

const isTyped = (a: unknown): a is ArrayLike<number> => ArrayBuffer.isView(a) && !(a instanceof DataView);

function labelKind(value: unknown, what: string, index: number): "number" | "string" {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "number";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidParameter(`${what}[${index}] is ${value}: class labels must be finite numbers or strings.`);
    if (!Number.isInteger(value)) throw invalidParameter(`${what}[${index}] is ${value}, a continuous value: classification metrics take class labels (integers or strings); use the regression metrics for continuous targets.`);
    return "number";
  }
  throw invalidParameter(`${what}[${index}] is ${value === null ? "null" : typeof value}: class labels must be numbers or strings.`);
}

const asNumber = (v: unknown): number => (typeof v === "boolean" ? (v ? 1 : 0) : (v as number));

/**
 * Codes every array with one shared, sorted class list (scikit-learn's unique_labels of all of them). With
 * `labels`, their order is the class order and a value outside them is an error. A mix of strings and numbers
 * is refused, as scikit-learn refuses it.
 */
export function encodeLabels(arrays: { name: string; values: LabelArray }[], labels?: readonly Label[]): EncodedLabels {
  if (labels !== undefined) return encodeWithLabels(arrays, labels);
  // Fast path: every input holds integers (typed arrays are checked by a scan, not per value through a Map).
  let kind: "number" | "string" | null = null;
  for (const { name, values } of arrays) {
    if (values.length === 0) continue;
    const k = isTyped(values) ? "number" : labelKind(values[0], name, 0);
    if (kind !== null && k !== kind) throw mixError();
    kind = k;
  }
  if (kind === "number" || kind === null) {
    const dense = encodeIntegers(arrays);
    if (dense) return dense;
  }
  const seen = new Map<Label, number>();
  for (const { name, values } of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as unknown;
      if (labelKind(v, name, i) !== kind) throw mixError();
      const key = kind === "number" ? asNumber(v) : (v as string);
      if (!seen.has(key)) seen.set(key, 0);
    }
  }
  const classes = [...seen.keys()].sort(kind === "number" ? (a, b) => (a as number) - (b as number) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return encodeWithLabels(arrays, classes);
}

function mixError() {
  return invalidParameter("The labels mix strings and numbers: give all class labels as strings or all as numbers (scikit-learn refuses the mix as well).");
}

/** Small integer typed arrays widened to Int32Array (a native copy), so the hot loops below see one array type. */
function asInt32(values: LabelArray): Int32Array | null {
  if (values instanceof Int32Array) return values;
  if (values instanceof Uint8Array || values instanceof Int8Array || values instanceof Int16Array || values instanceof Uint16Array || values instanceof Uint8ClampedArray) return new Int32Array(values);
  return null;
}

function int32Range(v: Int32Array, range: { min: number; max: number }): void {
  let { min, max } = range;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  range.min = min;
  range.max = max;
}

/** Offsets from min, marking each value seen in the presence table. */
function int32Offsets(v: Int32Array, table: Int32Array, min: number): Int32Array {
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const o = v[i]! - min;
    out[i] = o;
    table[o] = 1;
  }
  return out;
}

function remap(codes: Int32Array, table: Int32Array): void {
  for (let i = 0; i < codes.length; i++) codes[i] = table[codes[i]!]!;
}

/** Integer typed arrays: classes and codes through a presence table, in monomorphic loops over Int32Arrays. */
function encodeInt32(ints: Int32Array[]): EncodedLabels | null {
  const range = { min: Infinity, max: -Infinity };
  for (const v of ints) int32Range(v, range);
  if (range.min === Infinity) return { classes: [], codes: ints.map(() => new Int32Array(0)) };
  if (range.max - range.min >= DENSE_RANGE) return null;
  const table = new Int32Array(range.max - range.min + 1);
  const codes = ints.map((v) => int32Offsets(v, table, range.min));
  const classes: Label[] = [];
  for (let v = 0; v < table.length; v++) if (table[v]) table[v] = classes.push(v + range.min) - 1;
  // Offsets are already the codes when every value between min and max occurs (labels 0..k-1, the usual case).
  if (classes.length !== table.length) for (const c of codes) remap(c, table);
  return { classes, codes };
}

/** Integer labels within a small range: a presence table gives the sorted classes and the codes in two scans. */
function encodeIntegers(arrays: { name: string; values: LabelArray }[]): EncodedLabels | null {
  const ints = arrays.map((a) => asInt32(a.values));
  if (ints.every((v) => v !== null)) return encodeInt32(ints as Int32Array[]);
  let min = Infinity;
  let max = -Infinity;
  for (const { name, values } of arrays) {
    // Integer typed arrays need no check per value; others are checked as they are scanned.
    const trusted = INTEGER_ARRAYS.some((T) => values instanceof T);
    for (let i = 0; i < values.length; i++) {
      const raw = values[i] as unknown;
      if (!trusted && (typeof raw !== "number" || !Number.isInteger(raw)) && labelKind(raw, name, i) !== "number") throw mixError();
      const v = asNumber(raw);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return { classes: [], codes: arrays.map(() => new Int32Array(0)) };
  if (max - min >= DENSE_RANGE) return null;
  const table = new Int32Array(max - min + 1);
  for (const { values } of arrays) for (let i = 0; i < values.length; i++) table[asNumber(values[i]) - min] = 1;
  const classes: Label[] = [];
  for (let v = 0; v < table.length; v++) if (table[v]) table[v] = classes.push(v + min) - 1;
  const codes = arrays.map(({ values }) => {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = table[asNumber(values[i]) - min]!;
    return out;
  });
  return { classes, codes };
}

function encodeWithLabels(arrays: { name: string; values: LabelArray }[], labels: readonly Label[]): EncodedLabels {
  const index = new Map<Label, number>();
  labels.forEach((l, i) => {
    if (index.has(l)) throw invalidParameter(`labels lists ${JSON.stringify(l)} twice: give each class once.`);
    index.set(l, i);
  });
  const codes = arrays.map(({ name, values }) => {
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as unknown;
      const c = index.get(typeof v === "boolean" ? asNumber(v) : (v as Label));
      if (c === undefined) {
        labelKind(v, name, i);
        throw invalidParameter(`${name}[${i}] is ${JSON.stringify(v)}, which is not among the labels ${JSON.stringify(labels)}: add it to labels or leave labels out.`);
      }
      out[i] = c;
    }
    return out;
  });
  return { classes: [...labels], codes };
}

/** The index of `label` among classes, or an error naming the classes. */
export function classIndex(classes: readonly Label[], label: Label, what: string): number {
  const i = classes.findIndex((c) => c === label);
  if (i < 0) throw invalidParameter(`${what} ${JSON.stringify(label)} is not one of the classes ${JSON.stringify(classes)}.`);
  return i;
}

/** Same length, or an error naming both. */
export function checkSameLength(a: { length: number }, b: { length: number }, aName: string, bName: string): void {
  if (a.length !== b.length) throw invalidParameter(`${aName} has ${a.length} values but ${bName} has ${b.length}: give one per sample.`);
}
