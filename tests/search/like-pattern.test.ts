// SQL LIKE / ILIKE: wildcards, case, and regex metacharacters taken literally.

import assert from "node:assert/strict";
import { test } from "node:test";
import { likeToRegExp, matchesLike } from "../../src/search";

test("% matches any run, _ exactly one character, anchored at both ends", () => {
  assert.equal(matchesLike("exp-a", "exp-%"), true);
  assert.equal(matchesLike("exp-", "exp-%"), true);
  assert.equal(matchesLike("my-exp-a", "exp-%"), false);
  assert.equal(matchesLike("abc", "%b%"), true);
  assert.equal(matchesLike("abc", "a_c"), true);
  assert.equal(matchesLike("ac", "a_c"), false);
  assert.equal(matchesLike("abbc", "a_c"), false);
  assert.equal(matchesLike("line1\nline2", "line1%"), true, "% crosses line breaks");
  assert.equal(matchesLike("a😀c", "a_c"), true, "_ is one code point");
});

test("LIKE is case-sensitive, ILIKE is not", () => {
  assert.equal(matchesLike("MLP", "mlp"), false);
  assert.equal(matchesLike("MLP", "mlp", true), true);
  assert.equal(matchesLike("Run-1", "run-%", true), true);
});

test("regex metacharacters are literal", () => {
  assert.equal(matchesLike("v1.0", "v1.0"), true);
  assert.equal(matchesLike("v1x0", "v1.0"), false);
  assert.equal(matchesLike("a+b(c)[d]{2}|^$?*\\/", "a+b(c)[d]{2}|^$?*\\/"), true);
  assert.equal(matchesLike("aab", "a+b"), false);
  // No escape character, as in MLflow: the backslash is literal and _ stays a wildcard.
  assert.equal(matchesLike("a\\b", "a\\_"), true);
  assert.equal(matchesLike("a_", "a\\_"), false);
});

test("compiled patterns are cached per pattern and case mode", () => {
  assert.equal(likeToRegExp("x%"), likeToRegExp("x%"));
  assert.notEqual(likeToRegExp("x%"), likeToRegExp("x%", true));
});
