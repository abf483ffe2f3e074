// order_by parsing and ordering: directions, missing keys and NaN last, MLflow's tiebreaks.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isLabopsError } from "../../../src/core/errors";
import type { Run } from "../../../src/entities";
import {
  compareExperimentsForOrder,
  compareRunsForOrder,
  parseExperimentOrderBy,
  parseRunOrderBy,
} from "../../../src/tracking/search";
import { makeExperiment, makeRun } from "./fixtures";

/** Asserts that `clause`, after a valid first clause, fails at `column` with a message matching `pattern`. */
function rejects(parse: (o: string[]) => unknown, first: string, clause: string, column: number, pattern: RegExp): void {
  assert.throws(
    () => parse([first, clause]),
    (e: unknown) => {
      assert.ok(isLabopsError(e, "INVALID_PARAMETER_VALUE"), String(e));
      assert.equal(e.column, column, e.message);
      assert.ok(e.message.startsWith(`Invalid order_by clause "${clause}" at column ${column}: `), e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe("parseRunOrderBy", () => {
  test("prefixes, quoted keys, bare attributes, directions in any case, ASC by default", () => {
    assert.deepEqual(
      parseRunOrderBy(["metrics.rmse DESC", "params.x", "attributes.start_time asc", "tags.`a b`", "run_name Desc", "metric.\"m-1\""]),
      [
        { kind: "metric", key: "rmse", ascending: false },
        { kind: "param", key: "x", ascending: true },
        { kind: "attribute", key: "start_time", ascending: true },
        { kind: "tag", key: "a b", ascending: true },
        { kind: "attribute", key: "run_name", ascending: false },
        { kind: "metric", key: "m-1", ascending: true },
      ],
    );
    assert.deepEqual(parseRunOrderBy(["created DESC"]), [{ kind: "attribute", key: "start_time", ascending: false }]);
    assert.deepEqual(parseRunOrderBy(undefined), []);
  });

  test("mistakes name the token and the column", () => {
    rejects(parseRunOrderBy, "metrics.ok", "metrics.a DESC x", 16, /expected ASC, DESC or the end of the clause, found 'x'/);
    rejects(parseRunOrderBy, "metrics.ok", "start_time DESCENDING", 12, /found 'DESCENDING'/);
    rejects(parseRunOrderBy, "metrics.ok", "bogus", 1, /unknown attribute 'bogus'/);
    rejects(parseRunOrderBy, "metrics.ok", "foo.x", 1, /unknown identifier type 'foo'/);
    rejects(parseRunOrderBy, "metrics.ok", "", 1, /expected an identifier .*, found end of input/);
    rejects(parseRunOrderBy, "metrics.ok", "  metric.ok", 3, /'metric.ok' appears twice in order_by/);
    rejects(parseRunOrderBy, "metrics.ok", "metrics.`x", 9, /unterminated quoted name/);
  });
});

describe("compareRunsForOrder", () => {
  const runs = [
    makeRun({ id: "r1", start: 100, metrics: { acc: 0.5 }, params: { p: "b" } }),
    makeRun({ id: "r2", start: 300, metrics: { acc: Number.NaN }, params: { p: "a" } }),
    makeRun({ id: "r3", start: 200, params: { p: "B" } }),
    makeRun({ id: "r4", start: 200, metrics: { acc: 0.9 } }),
    makeRun({ id: "r0", start: 200, metrics: { acc: 0.5 } }),
  ];
  const order = (...orderBy: string[]) => [...runs].sort(compareRunsForOrder(parseRunOrderBy(orderBy))).map((r: Run) => r.info.runId);

  test("default: start_time DESC, then run_id ASC", () => {
    assert.deepEqual(order(), ["r2", "r0", "r3", "r4", "r1"]);
  });

  test("metrics: numbers in direction, then NaN, then missing, both ways; ties broken by start_time DESC, run_id", () => {
    assert.deepEqual(order("metrics.acc ASC"), ["r0", "r1", "r4", "r2", "r3"]);
    assert.deepEqual(order("metrics.acc DESC"), ["r4", "r0", "r1", "r2", "r3"]);
  });

  test("params by code units (uppercase before lowercase), missing last either way", () => {
    assert.deepEqual(order("params.p"), ["r3", "r2", "r1", "r0", "r4"]);
    assert.deepEqual(order("params.p DESC"), ["r1", "r2", "r3", "r0", "r4"]);
  });

  test("several clauses, then attributes", () => {
    assert.deepEqual(order("attributes.start_time ASC", "run_id DESC"), ["r1", "r4", "r3", "r0", "r2"]);
    assert.deepEqual(order("start_time", "metrics.acc DESC"), ["r1", "r4", "r0", "r3", "r2"]);
  });

  test("a missing end_time sorts last", () => {
    const ended = [makeRun({ id: "x", end: 5 }), makeRun({ id: "y" }), makeRun({ id: "z", end: 9 })];
    for (const dir of ["ASC", "DESC"]) {
      const ids = ended.sort(compareRunsForOrder(parseRunOrderBy([`end_time ${dir}`]))).map((r) => r.info.runId);
      assert.deepEqual(ids, dir === "ASC" ? ["x", "z", "y"] : ["z", "x", "y"]);
    }
  });
});

describe("experiments", () => {
  const experiments = [
    makeExperiment("9", "b", 100),
    makeExperiment("10", "a", 100),
    makeExperiment("2", "c", 300),
    makeExperiment("11", "a", 50),
  ];
  const order = (...orderBy: string[]) =>
    [...experiments].sort(compareExperimentsForOrder(parseExperimentOrderBy(orderBy))).map((e) => e.experimentId);

  test("default: creation_time DESC, then experiment_id ASC, ids numerically", () => {
    assert.deepEqual(order(), ["2", "9", "10", "11"]);
  });

  test("explicit keys, then experiment_id DESC as the tiebreak", () => {
    assert.deepEqual(order("name"), ["11", "10", "9", "2"]);
    assert.deepEqual(order("creation_time ASC"), ["11", "10", "9", "2"]);
    assert.deepEqual(order("experiment_id"), ["2", "9", "10", "11"]);
    assert.deepEqual(order("attribute.last_update_time DESC", "experiment_id ASC"), ["2", "9", "10", "11"]);
  });

  test("only attributes order experiments", () => {
    rejects(parseExperimentOrderBy, "name", "tags.x", 1, /unknown identifier type 'tags'; expected one of attribute/);
    rejects(parseExperimentOrderBy, "name", "metrics.a", 1, /unknown identifier type 'metrics'/);
    rejects(parseExperimentOrderBy, "name", "lifecycle_stage", 1, /unknown attribute 'lifecycle_stage'/);
  });
});
