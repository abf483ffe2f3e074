// The filter parser: every identifier, comparator and quoting form, and every mistake with its column.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isLabopsError } from "../../../src/core/errors";
import { parseExperimentFilter, parseRunFilter, type FilterClause } from "../../../src/tracking/search";

const one = (filter: string): Omit<FilterClause, "column"> => {
  const clauses = parseRunFilter(filter);
  assert.equal(clauses.length, 1, filter);
  const { column: _column, ...rest } = clauses[0];
  return rest;
};

/** Asserts the parse fails at `column` with a message matching `pattern`. */
function rejects(parse: (f: string) => unknown, filter: string, column: number, pattern: RegExp): void {
  assert.throws(
    () => parse(filter),
    (e: unknown) => {
      assert.ok(isLabopsError(e, "INVALID_PARAMETER_VALUE"), String(e));
      assert.equal(e.column, column, e.message);
      assert.ok(e.message.startsWith(`Invalid filter "${filter}" at column ${column}: `), e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe("parseRunFilter: happy paths", () => {
  test("empty, whitespace and missing filters give no clauses", () => {
    assert.deepEqual(parseRunFilter(undefined), []);
    assert.deepEqual(parseRunFilter(""), []);
    assert.deepEqual(parseRunFilter("  \t "), []);
  });

  test("clauses joined by AND in any case keep their columns", () => {
    assert.deepEqual(parseRunFilter("metrics.acc > 0.9 AND params.model = 'mlp' and tags.t != \"x\""), [
      { kind: "metric", key: "acc", comparator: ">", value: 0.9, column: 1 },
      { kind: "param", key: "model", comparator: "=", value: "mlp", column: 23 },
      { kind: "tag", key: "t", comparator: "!=", value: "x", column: 48 },
    ]);
  });

  test("every prefix alias", () => {
    for (const p of ["metric", "metrics"]) assert.equal(one(`${p}.a = 1`).kind, "metric");
    for (const p of ["param", "params", "parameter", "parameters"]) assert.equal(one(`${p}.a = 'x'`).kind, "param");
    for (const p of ["tag", "tags"]) assert.equal(one(`${p}.a = 'x'`).kind, "tag");
    for (const p of ["attribute", "attributes", "attr", "run"]) {
      assert.deepEqual(one(`${p}.status = 'FINISHED'`), { kind: "attribute", key: "status", comparator: "=", value: "FINISHED" });
    }
  });

  test("every numeric comparator, with signed and exponent numbers", () => {
    const cases: [string, string, number][] = [[">", "1", 1], [">=", "-2.5", -2.5], ["=", ".5", 0.5], ["!=", "1e3", 1000], ["<", "-1.5E-2", -0.015], ["<=", "7", 7]];
    for (const [op, text, value] of cases) {
      assert.deepEqual(one(`metrics.loss ${op} ${text}`), { kind: "metric", key: "loss", comparator: op, value });
    }
  });

  test("LIKE and ILIKE in any case, on params, tags and string attributes", () => {
    assert.deepEqual(one("params.model like 'ml%'"), { kind: "param", key: "model", comparator: "LIKE", value: "ml%" });
    assert.deepEqual(one("tags.team ILIKE '%ED'"), { kind: "tag", key: "team", comparator: "ILIKE", value: "%ED" });
    assert.deepEqual(one("run_name ilike 'Run-_'"), { kind: "attribute", key: "run_name", comparator: "ILIKE", value: "Run-_" });
  });

  test("quoted keys: backticks, double quotes and single quotes after the dot", () => {
    assert.equal(one("metrics.`my-key` > 0").key, "my-key");
    assert.equal(one('tags."a b" = \'x\'').key, "a b");
    assert.equal(one("params.'x/y' = 'x'").key, "x/y");
    assert.equal(one("metrics.a.b > 0").key, "a.b", "everything after the first dot is the key");
    assert.equal(one("metrics.`a.b` > 0").key, "a.b");
  });

  test("string literals: both quotes; doubled and backslashed quotes kept as written, as MLflow keeps them", () => {
    assert.equal(one("params.p = \"it's\"").value, "it's");
    assert.equal(one("params.p = 'it''s'").value, "it''s");
    assert.equal(one("params.p = 'it\\'s'").value, "it\\'s");
    assert.equal(one("params.p = ''").value, "");
    assert.equal(one("params.p = 'AND OR'").value, "AND OR");
  });

  test("run attributes and their aliases", () => {
    for (const a of ["run_id", "run_name", "status", "user_id", "artifact_uri"]) assert.equal(one(`${a} != 'x'`).key, a);
    assert.deepEqual(one("end_time <= 5"), { kind: "attribute", key: "end_time", comparator: "<=", value: 5 });
    assert.equal(one("created > 5").key, "start_time");
    assert.equal(one("attributes.Created > 5").key, "start_time");
    assert.equal(one("`run name` = 'x'").key, "run_name");
    assert.equal(one('"Run Name" = \'x\'').key, "run_name");
    assert.equal(one("attributes.`run name` = 'x'").key, "run_name");
  });

  test("IN and NOT IN lists on run_id", () => {
    assert.deepEqual(one("attributes.run_id IN ('a', \"b\",'c')"), { kind: "attribute", key: "run_id", comparator: "IN", value: ["a", "b", "c"] });
    assert.deepEqual(one("run_id not in ('a')"), { kind: "attribute", key: "run_id", comparator: "NOT IN", value: ["a"] });
  });
});

describe("parseRunFilter: mistakes name the token and the column", () => {
  const reject = (filter: string, column: number, pattern: RegExp) => rejects(parseRunFilter, filter, column, pattern);

  test("a bad comparator", () => {
    reject("metrics.acc >> 0.9", 14, /expected a number after '>', found '>'/);
    reject("params.x <> 'a'", 10, /unknown comparator '<>'/);
    reject("metrics.acc 0.9", 13, /expected a comparator .* after 'metrics.acc', found '0.9'/);
    reject("status NOT LIKE 'a'", 12, /expected IN after NOT, found 'LIKE'/);
  });

  test("a comparator the type does not allow", () => {
    reject("metrics.a LIKE 1", 11, /'LIKE' is not allowed for 'metrics.a'; expected one of >, >=, =, !=, <, <=/);
    reject("params.p > 'a'", 10, /'>' is not allowed for 'params.p'; expected one of =, !=, LIKE, ILIKE/);
    reject("tags.t IN ('a')", 8, /'IN' is not allowed for 'tags.t'/);
    reject("status IN ('a')", 8, /IN and NOT IN apply only to run_id/);
    reject("start_time LIKE '1%'", 12, /'LIKE' is not allowed/);
  });

  test("unknown identifier types and attributes", () => {
    reject("foo.bar = 1", 1, /unknown identifier type 'foo'; expected one of metric, metrics/);
    reject("start_time > 1 AND attributes.bogus = 'x'", 20, /unknown attribute 'bogus'; expected one of run_id, run_name/);
    reject("lifecycle_stage = 'active'", 1, /unknown attribute 'lifecycle_stage'/);
    reject("'status' = 'x'", 1, /expected an identifier .*, found the string 'status'/);
  });

  test("a value of the wrong type", () => {
    reject("metrics.a = '1'", 13, /expected a number after '=', found the string '1'/);
    reject("start_time > 'yesterday'", 14, /expected a number after '>'/);
    reject("params.lr = 0.1", 13, /expected a quoted string after '=', found '0.1'/);
    reject("status = FINISHED", 10, /expected a quoted string after '=', found 'FINISHED'/);
    reject("run_id IN 'a'", 11, /expected a parenthesised list of strings after 'IN'/);
    reject("run_id IN ()", 12, /expected a quoted string after '\(', found '\)'/);
    reject("run_id IN ('a' 'b')", 16, /expected ',' or '\)' in the list, found the string 'b'/);
    reject("run_id IN ('a', 1)", 17, /expected a quoted string after ',', found '1'/);
  });

  test("missing values and clauses", () => {
    reject("metrics.a >", 12, /expected a number after '>', found end of input/);
    reject("metrics.a > 1 AND", 18, /expected an identifier .*, found end of input/);
    reject("run_id IN ('a'", 15, /expected ',' or '\)' in the list, found end of input/);
  });

  test("unterminated strings and quoted names", () => {
    reject("params.x = 'abc", 12, /unterminated string starting with '/);
    reject("params.`x = 'a'", 8, /unterminated quoted name starting with `/);
  });

  test("trailing garbage, OR, and special characters in unquoted keys", () => {
    reject("metrics.a > 1 foo", 15, /expected AND or the end of the filter, found 'foo'/);
    reject("metrics.a > 1 OR metrics.b < 2", 15, /OR is not supported/);
    reject("metrics.my-key > 1", 11, /unexpected character '-'; quote keys .* metrics.`my-key`/);
    reject("metrics. > 1", 9, /expected a key after '.', found a space/);
    reject("metrics.a > 1 ; drop", 15, /unexpected character ';'/);
  });
});

describe("parseExperimentFilter", () => {
  test("name, times and tags, with MLflow's prefixes", () => {
    assert.deepEqual(parseExperimentFilter("name LIKE 'exp-%' AND creation_time >= 10 AND tags.k != 'v' AND attribute.last_update_time < 5"), [
      { kind: "attribute", key: "name", comparator: "LIKE", value: "exp-%", column: 1 },
      { kind: "attribute", key: "creation_time", comparator: ">=", value: 10, column: 23 },
      { kind: "tag", key: "k", comparator: "!=", value: "v", column: 47 },
      { kind: "attribute", key: "last_update_time", comparator: "<", value: 5, column: 65 },
    ]);
    assert.deepEqual(parseExperimentFilter(" "), []);
  });

  test("what experiments do not have is refused", () => {
    const reject = (filter: string, column: number, pattern: RegExp) => rejects(parseExperimentFilter, filter, column, pattern);
    reject("metrics.a > 1", 1, /unknown identifier type 'metrics'; expected one of attribute, tag, tags/);
    reject("attributes.name = 'x'", 1, /unknown identifier type 'attributes'/);
    reject("experiment_id = '1'", 1, /unknown attribute 'experiment_id'; expected one of name, creation_time, last_update_time/);
    reject("name IN ('a')", 6, /'IN' is not allowed for 'name'/);
    reject("creation_time > 'x'", 17, /expected a number/);
  });
});
