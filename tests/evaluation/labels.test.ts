// Label coding: numpy's sorted unique classes, the same codes from plain and typed arrays, clear refusals.

import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeLabels } from "../../src/evaluation";

const enc = (...arrays: ArrayLike<any>[]) => {
  const e = encodeLabels(arrays.map((values, i) => ({ name: `a${i}`, values })));
  return { classes: e.classes, codes: e.codes.map((c) => Array.from(c)) };
};

test("encodeLabels: sorted classes shared by every array; typed arrays code like plain ones", () => {
  const expected = { classes: [-3, 5, 7, 9], codes: [[1, 3, 1, 0], [3, 3, 2, 1]] };
  assert.deepEqual(enc([5, 9, 5, -3], [9, 9, 7, 5]), expected);
  assert.deepEqual(enc(Int32Array.from([5, 9, 5, -3]), Int8Array.from([9, 9, 7, 5])), expected, "gaps between classes");
  assert.deepEqual(enc(Uint8Array.from([0, 1, 1]), Uint16Array.from([1, 0, 0])), { classes: [0, 1], codes: [[0, 1, 1], [1, 0, 0]] });
  assert.deepEqual(enc(Float64Array.from([2, 0, 2])), { classes: [0, 2], codes: [[1, 0, 1]] });
  assert.deepEqual(enc([true, false, true]), { classes: [0, 1], codes: [[1, 0, 1]] });
  assert.deepEqual(enc(["b", "B", "a", "é"]), { classes: ["B", "a", "b", "é"], codes: [[2, 0, 1, 3]] }, "code point order, as numpy");
  assert.deepEqual(enc([1e9, -1e9]), { classes: [-1e9, 1e9], codes: [[1, 0]] }, "a wide range goes through a map");
  assert.throws(() => enc([1, 2], ["x"]), /mix strings and numbers/);
  assert.throws(() => enc(Int32Array.from([1]), ["x"]), /mix strings and numbers/);
  assert.throws(() => enc([1, null]), /a0\[1\] is null/);
  assert.throws(() => enc(Float64Array.from([0, 0.5])), /a0\[1\] is 0.5, a continuous value/);
  assert.throws(() => encodeLabels([{ name: "y", values: [1, 1] }], [1, 1]), /lists 1 twice/);
});
