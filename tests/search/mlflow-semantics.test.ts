// Where MLflow's search and labops once disagreed (issue 7): NaN with !=, literal strings, code-point order,
// keys in any script. Each expectation was checked against MLflow 3.6's file store.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clauseHolds, compareScalars, compareSortValues, parseFilter, type SearchSchema } from "../../src/search";
import { compareCodePoints } from "../../src/search/string-order";
import { compareRunsForOrder, parseRunFilter, parseRunOrderBy, runMatchesFilter } from "../../src/tracking/search";
import { makeRun } from "../tracking/search/fixtures";

const TAGS: SearchSchema = { prefixes: new Map([["tags", "tag"]]), attributes: new Map(), aliases: new Map(), hint: "tags.<key>" };
const value = (filter: string) => parseFilter(filter, TAGS)[0].value;

describe("NaN metrics (item 21)", () => {
  test("NaN satisfies != and nothing else, as in MLflow's file and SQL stores", () => {
    const run = makeRun({ id: "n", metrics: { m: Number.NaN } });
    assert.equal(runMatchesFilter(run, parseRunFilter("metrics.m != 2")), true);
    for (const op of ["=", "<", "<=", ">", ">="]) assert.equal(runMatchesFilter(run, parseRunFilter(`metrics.m ${op} 2`)), false, op);
    const [clause] = parseRunFilter("metrics.m != 0");
    assert.equal(clauseHolds(Number.NaN, clause), true);
    assert.equal(clauseHolds(undefined, clause), false, "a missing metric still satisfies nothing");
  });
});

describe("string literals are taken as written (item 22)", () => {
  test("doubled quotes and backslashes stay in the value", () => {
    assert.equal(value("tags.p = 'it''s'"), "it''s");
    assert.equal(value("tags.p = 'it\\'s'"), "it\\'s");
    assert.equal(value('tags.p = "say ""hi"""'), 'say ""hi""');
    assert.equal(value('tags.p = "a\\"b"'), 'a\\"b');
    assert.equal(value("tags.p = 'a\\\\b'"), "a\\\\b");
    assert.equal(value("tags.p = 'a\\b'"), "a\\b");
  });

  test("escapes still only delimit: the clause after a doubled quote is parsed", () => {
    const clauses = parseFilter("tags.p = 'it''s' AND tags.q = 'x'", TAGS);
    assert.deepEqual(clauses.map((c) => [c.key, c.value]), [["p", "it''s"], ["q", "x"]]);
  });

  test("quoted keys are literal too", () => {
    assert.equal(parseFilter("tags.`a``b` = 'x'", TAGS)[0].key, "a``b");
    assert.equal(parseFilter('tags."a""b" = \'x\'', TAGS)[0].key, 'a""b');
  });
});

describe("strings order by code point (item 23)", () => {
  // U+FF5E (one UTF-16 unit, 0xFF5E) sorts before U+1F600 (surrogates 0xD83D 0xDE00) by code point,
  // after it by UTF-16 code unit.
  const bmp = "\uFF5E";
  const astral = "\u{1F600}";

  test("compareCodePoints", () => {
    assert.ok(compareCodePoints(bmp, astral) < 0);
    assert.ok(compareCodePoints(astral, bmp) > 0);
    assert.ok(compareCodePoints(`a${astral}`, `a${bmp}`) > 0);
    assert.ok(compareCodePoints("B", "a") < 0, "upper case first, as in Python");
    assert.ok(compareCodePoints("ab", "abc") < 0);
    assert.equal(compareCodePoints(`x${astral}`, `x${astral}`), 0);
    assert.ok(compareCodePoints("\u{1F600}", "\u{1F601}") < 0);
    assert.ok(compareScalars(bmp, astral) < 0);
    assert.ok(compareSortValues(astral, bmp, false) < 0);
  });

  test("run order by a tag", () => {
    const runs = [makeRun({ id: "e", tags: { t: astral } }), makeRun({ id: "f", tags: { t: bmp } }), makeRun({ id: "a", tags: { t: "z" } })];
    const ids = (o: string) => [...runs].sort(compareRunsForOrder(parseRunOrderBy([o]))).map((r) => r.info.runId);
    assert.deepEqual(ids("tags.t"), ["a", "f", "e"]);
    assert.deepEqual(ids("tags.t DESC"), ["e", "f", "a"]);
  });
});

describe("keys in any script (item 24)", () => {
  test("letters and digits of any script, astral ones included, name keys unquoted", () => {
    for (const key of ["clé", "精度", "счёт_1", "١٢", "\u{20000}x", "x\u{1D465}"]) {
      assert.equal(parseRunFilter(`tags.${key} = 'v'`)[0].key, key);
      assert.equal(parseRunFilter(`metrics.${key} > 1`)[0].key, key);
    }
  });

  test("an identifier may start with an astral letter: it is then an unknown attribute, not a stray character", () => {
    assert.throws(() => parseRunFilter("\u{1D465} = 'v'"), /unknown attribute '\u{1D465}'/u);
  });

  test("an unexpected astral character is named whole", () => {
    assert.throws(() => parseRunFilter("tags.a = 'v' \u{1F600}"), /unexpected character '\u{1F600}'/u);
  });
});

describe("where MLflow's two stores disagree, labops follows the file store (item 25)", () => {
  test("NaN is not 0: it satisfies neither = 0 nor < 1 (the SQL store stores NaN as 0)", () => {
    const run = makeRun({ id: "n", metrics: { m: Number.NaN } });
    assert.equal(runMatchesFilter(run, parseRunFilter("metrics.m = 0")), false);
    assert.equal(runMatchesFilter(run, parseRunFilter("metrics.m < 1")), false);
  });

  test("infinities stay infinite (the SQL store clamps them to ±1.7976931348623157e308)", () => {
    const up = makeRun({ id: "u", metrics: { m: Number.POSITIVE_INFINITY } });
    const down = makeRun({ id: "d", metrics: { m: Number.NEGATIVE_INFINITY } });
    assert.equal(runMatchesFilter(up, parseRunFilter("metrics.m > 1.7976931348623157e308")), true);
    assert.equal(runMatchesFilter(up, parseRunFilter("metrics.m = 1.7976931348623157e308")), false);
    assert.equal(runMatchesFilter(down, parseRunFilter("metrics.m < -1.7976931348623157e308")), true);
  });

  test("ILIKE folds case in every script (SQLite's folds ASCII only)", () => {
    const run = makeRun({ id: "t", tags: { k: "Clé Σ" } });
    assert.equal(runMatchesFilter(run, parseRunFilter("tags.k ILIKE 'CLÉ σ'")), true);
    assert.equal(runMatchesFilter(run, parseRunFilter("tags.k LIKE 'CLÉ σ'")), false);
  });
});
