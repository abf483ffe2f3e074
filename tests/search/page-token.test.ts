// Page tokens in MLflow's format, and paging a result to the end.

import assert from "node:assert/strict";
import { test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { decodePageToken, encodePageToken, paginate } from "../../src/search";

test("tokens are base64 of MLflow's JSON and decode back", () => {
  assert.equal(encodePageToken(3), "eyJvZmZzZXQiOiAzfQ==");
  assert.equal(Buffer.from(encodePageToken(1000), "base64").toString(), '{"offset": 1000}');
  assert.equal(decodePageToken(encodePageToken(42)), 42);
  assert.equal(decodePageToken(undefined), 0);
  assert.equal(decodePageToken(""), 0);
});

test("bad tokens are refused with the token named", () => {
  const bad = [
    "not a token!",
    "abc",
    Buffer.from("nope").toString("base64"),
    Buffer.from("[1]").toString("base64"),
    Buffer.from('{"offset": -1}').toString("base64"),
    Buffer.from('{"offset": 1.5}').toString("base64"),
    Buffer.from('{"offset": "3"}').toString("base64"),
  ];
  for (const token of bad) {
    assert.throws(
      () => decodePageToken(token),
      (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && e.message.includes(`Invalid page token "${token}"`),
      token,
    );
  }
  assert.throws(() => paginate([1], 1, "abc"), /Invalid page token "abc"/);
});

test("paging walks every item once, and the last page has no token", () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  const pages: number[][] = [];
  let token: string | undefined;
  do {
    const page = paginate(items, 3, token);
    pages.push(page.items);
    token = page.nextPageToken;
  } while (token !== undefined);
  assert.deepEqual(pages, [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(paginate(items, 7), { items });
  assert.deepEqual(paginate(items, 10), { items });
  assert.deepEqual(paginate(items, 6), { items: [0, 1, 2, 3, 4, 5], nextPageToken: encodePageToken(6) });
  assert.deepEqual(paginate(items, 3, encodePageToken(50)), { items: [] });
  assert.throws(() => paginate(items, 0), /maxResults must be a positive integer, got 0/);
});
