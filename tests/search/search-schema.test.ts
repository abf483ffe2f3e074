// The grammar over a schema of its own: filters and order_by for an entity the tracking layer knows nothing of,
// and src/search/ importing only from src/core/ and src/entities/.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import { clauseHolds, compareSortValues, parseFilter, parseOrderBy, type SearchSchema, type SearchValue } from "../../src/search";
import { repoRoot } from "../helpers/temp-dir";

// A book shelf: title and pages are attributes, `label.<k>` names tags.
const BOOKS: SearchSchema = {
  prefixes: new Map([["label", "tag"], ["attr", "attribute"]]),
  attributes: new Map([
    ["title", { type: "string" as const }],
    ["pages", { type: "number" as const }],
    ["isbn", { type: "list" as const }],
  ]),
  aliases: new Map([["name", "title"]]),
  hint: "title, pages, isbn or label.<key>",
};

interface Book {
  title: string;
  pages: number;
  labels: Record<string, string>;
}
const value = (b: Book, kind: string, key: string): SearchValue | undefined =>
  kind === "tag" ? b.labels[key] : key === "title" ? b.title : key === "pages" ? b.pages : undefined;

const books: Book[] = [
  { title: "Dune", pages: 412, labels: { genre: "sf" } },
  { title: "Emma", pages: 474, labels: {} },
  { title: "Ulysses", pages: 730, labels: { genre: "novel" } },
];

describe("parseFilter over any schema", () => {
  test("attributes, aliases and prefixes come from the schema", () => {
    const clauses = parseFilter("pages > 420 AND name LIKE '%a' AND label.genre != 'sf' AND isbn IN ('1', '2')", BOOKS);
    assert.deepEqual(
      clauses.map(({ kind, key, comparator, value: v }) => [kind, key, comparator, v]),
      [
        ["attribute", "pages", ">", 420],
        ["attribute", "title", "LIKE", "%a"],
        ["tag", "genre", "!=", "sf"],
        ["attribute", "isbn", "IN", ["1", "2"]],
      ],
    );
    const match = (filter: string) =>
      books.filter((b) => parseFilter(filter, BOOKS).every((c) => clauseHolds(value(b, c.kind, c.key), c))).map((b) => b.title);
    assert.deepEqual(match("pages > 420"), ["Emma", "Ulysses"]);
    assert.deepEqual(match("attr.title ILIKE '%M%'"), ["Emma"]);
    assert.deepEqual(match("label.genre = 'novel'"), ["Ulysses"]);
  });

  test("names the schema does not know are refused with the schema's own lists", () => {
    const refused = (filter: string, pattern: RegExp) =>
      assert.throws(() => parseFilter(filter, BOOKS), (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && pattern.test(e.message));
    refused("metrics.acc > 1", /unknown identifier type 'metrics'; expected one of label, attr/);
    refused("run_id = 'x'", /unknown attribute 'run_id'; expected one of title, pages, isbn/);
    refused("title IN ('a')", /IN and NOT IN apply only to isbn/);
    refused("pages = 'x'", /expected a number after '='/);
  });
});

describe("parseOrderBy over any schema", () => {
  test("directions and aliases; missing values last either way", () => {
    assert.deepEqual(parseOrderBy(["pages DESC", "name"], BOOKS), [
      { kind: "attribute", key: "pages", ascending: false },
      { kind: "attribute", key: "title", ascending: true },
    ]);
    const [clause] = parseOrderBy(["label.genre DESC"], BOOKS);
    const sorted = [...books].sort((a, b) => compareSortValues(value(a, clause.kind, clause.key), value(b, clause.kind, clause.key), clause.ascending));
    assert.deepEqual(sorted.map((b) => b.title), ["Dune", "Ulysses", "Emma"]);
    assert.throws(() => parseOrderBy(["params.x"], BOOKS), /unknown identifier type 'params'/);
  });
});

test("src/search/ imports only from src/core/ and src/entities/", () => {
  const dir = path.join(repoRoot, "src/search");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length >= 6, "the scan found the grammar's files");
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)) {
      if (!spec.startsWith(".")) continue;
      const target = path.relative(path.join(repoRoot, "src"), path.resolve(dir, spec));
      const top = target.split(path.sep)[0];
      assert.ok(["search", "core", "entities"].includes(top), `src/search/${file} imports ${spec}`);
    }
  }
});
