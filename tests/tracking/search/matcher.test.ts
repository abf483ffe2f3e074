// Filter semantics on runs and experiments: missing keys, NaN, IN lists, numeric and string attributes.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Run } from "../../../src/entities";
import { experimentMatchesFilter, parseExperimentFilter, parseRunFilter, runMatchesFilter } from "../../../src/tracking/search";
import { makeExperiment, makeRun } from "./fixtures";

const runs: Run[] = [
  makeRun({ id: "a", start: 10, end: 20, name: "run-a", metrics: { acc: 0.5, loss: 1 }, params: { model: "mlp" }, tags: { team: "Red" } }),
  makeRun({ id: "b", start: 30, status: "RUNNING", metrics: { acc: 0.9 }, params: { model: "tree" } }),
  makeRun({ id: "c", start: 50, end: 60, metrics: { acc: Number.NaN }, params: { model: "MLP" }, tags: { team: "blue" } }),
];

const matching = (filter: string): string[] =>
  runs.filter((r) => runMatchesFilter(r, parseRunFilter(filter))).map((r) => r.info.runId);

describe("runMatchesFilter", () => {
  test("no clauses match every run", () => {
    assert.deepEqual(matching(""), ["a", "b", "c"]);
  });

  test("numeric comparisons on metrics; NaN satisfies only !=", () => {
    assert.deepEqual(matching("metrics.acc > 0.5"), ["b"]);
    assert.deepEqual(matching("metrics.acc >= 0.5"), ["a", "b"]);
    assert.deepEqual(matching("metrics.acc != 0.5"), ["b", "c"]);
    assert.deepEqual(matching("metrics.acc < 1"), ["a", "b"]);
    assert.deepEqual(matching("metrics.acc = 0.9"), ["b"]);
  });

  test("a run lacking the metric, param or tag matches no comparison on it, != included", () => {
    assert.deepEqual(matching("metrics.loss != 5"), ["a"]);
    assert.deepEqual(matching("tags.team != 'Red'"), ["c"]);
    assert.deepEqual(matching("params.nope != 'x'"), []);
    assert.deepEqual(matching("tags.constructor != 'x'"), [], "prototype keys are not tags");
  });

  test("params and tags: = is case-sensitive, LIKE too, ILIKE not", () => {
    assert.deepEqual(matching("params.model = 'mlp'"), ["a"]);
    assert.deepEqual(matching("params.model LIKE 'm%'"), ["a"]);
    assert.deepEqual(matching("params.model ILIKE 'm%'"), ["a", "c"]);
    assert.deepEqual(matching("tags.team ILIKE 'r_d'"), ["a"]);
  });

  test("clauses are AND-ed", () => {
    assert.deepEqual(matching("params.model ILIKE 'mlp' AND metrics.acc >= 0"), ["a"]);
  });

  test("IN and NOT IN on run_id", () => {
    assert.deepEqual(matching("run_id IN ('a', 'c', 'zzz')"), ["a", "c"]);
    assert.deepEqual(matching("attributes.run_id NOT IN ('a')"), ["b", "c"]);
  });

  test("string attributes", () => {
    assert.deepEqual(matching("status = 'RUNNING'"), ["b"]);
    assert.deepEqual(matching("status != 'RUNNING'"), ["a", "c"]);
    assert.deepEqual(matching("run_name LIKE 'run-%'"), ["a"]);
    assert.deepEqual(matching("`run name` = 'name-b'"), ["b"]);
    assert.deepEqual(matching("user_id = 'ada' AND artifact_uri LIKE '%/c'"), ["c"]);
  });

  test("numeric attributes compare numerically; a missing end_time matches nothing", () => {
    assert.deepEqual(matching("start_time > 9"), ["a", "b", "c"]);
    assert.deepEqual(matching("created >= 30"), ["b", "c"]);
    assert.deepEqual(matching("end_time < 100"), ["a", "c"]);
    assert.deepEqual(matching("end_time != 20"), ["c"]);
  });
});

describe("experimentMatchesFilter", () => {
  const experiments = [makeExperiment("1", "exp-a", 100, { owner: "ada" }), makeExperiment("2", "Exp-B", 200), makeExperiment("3", "other", 300, { owner: "bob" })];
  const matchingExperiments = (filter: string): string[] =>
    experiments.filter((e) => experimentMatchesFilter(e, parseExperimentFilter(filter))).map((e) => e.experimentId);

  test("name, times and tags", () => {
    assert.deepEqual(matchingExperiments("name LIKE 'exp-%'"), ["1"]);
    assert.deepEqual(matchingExperiments("name ILIKE 'exp-%'"), ["1", "2"]);
    assert.deepEqual(matchingExperiments("creation_time > 100 AND last_update_time <= 201"), ["2"]);
    assert.deepEqual(matchingExperiments("tags.owner != 'ada'"), ["3"], "an experiment without the tag does not match");
    assert.deepEqual(matchingExperiments("attribute.name = 'other'"), ["3"]);
  });
});
