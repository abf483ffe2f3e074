// The rollout state machine: gates, expansion 10 → 25 → 50 → 100, promotion, automatic and manual rollback, the
// audit list, compare-and-set stores (memory and JSON file), and sticky salted assignment.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  assignRolloutArm,
  assignVariant,
  checkRollout,
  hashUnit,
  InMemoryRolloutStore,
  JsonFileRolloutStore,
  promoteRollout,
  rollbackRollout,
  rolloutWeights,
  startRollout,
  type MetricInput,
  type RolloutStore,
} from "../../src/abtest";
import { isLabopsError } from "../../src/core/errors";

const HOUR = 3600_000;
const T0 = Date.parse("2026-12-01T00:00:00Z");

/** Conversion (goal) and latency (guardrail, lower is better) summaries for n units per arm. */
function metrics(n: number, convC: number, convT: number, latencyT = 100): MetricInput[] {
  return [
    { name: "conversion", kind: "proportion", control: { n, conversions: Math.round(n * convC) }, treatment: { n, conversions: Math.round(n * convT) } },
    { name: "latency_ms", kind: "mean", role: "guardrail", direction: "decrease", tolerance: 0.02, control: { n, mean: 100, variance: 400 }, treatment: { n, mean: latencyT, variance: 400 } },
  ];
}

async function started(store: RolloutStore) {
  return startRollout(store, { name: "ranker-v2", champion: "ranker-v1", challenger: "ranker-v2", user: "alice", now: T0 });
}

for (const [label, makeStore] of [
  ["memory", () => new InMemoryRolloutStore()],
  ["json file", () => new JsonFileRolloutStore(fs.mkdtempSync(path.join(os.tmpdir(), "labops-rollout-")))],
] as const) {
  test(`${label} store: a good challenger expands 10 → 25 → 50 and is promoted once the 2% improvement is significant`, async () => {
    const store = makeStore();
    const s0 = await started(store);
    assert.equal(s0.share, 0.1);
    assert.equal(s0.version, 1);
    assert.deepEqual(rolloutWeights(s0), [0.9, 0.1]);
    const served = Array.from({ length: 20000 }, (_, i) => assignRolloutArm(s0, `u${i}`));
    const share = served.filter((m) => m === "ranker-v2").length / served.length;
    assert.ok(Math.abs(share - 0.1) < 0.01 && served.every((m) => m === "ranker-v1" || m === "ranker-v2"), `challenger share ${share}`);
    // Gates: too early, too few units.
    let r = await checkRollout(store, "ranker-v2", metrics(500, 0.1, 0.105), { now: T0 + HOUR, user: "bot" });
    assert.equal(r.decision.action, "hold");
    assert.match(r.decision.reasons.join(" "), /has run 1\.0 h of the minimum 24\.0 h/);
    assert.match(r.decision.reasons.join(" "), /500 units in the smaller arm, below the minimum 1000/);
    assert.equal((await store.load("ranker-v2"))!.version, 1, "a hold writes nothing");
    r = await checkRollout(store, "ranker-v2", metrics(20000, 0.1, 0.1), { now: T0 + 25 * HOUR, user: "bot" });
    assert.equal(r.decision.action, "expand");
    assert.equal(r.state.share, 0.25);
    r = await checkRollout(store, "ranker-v2", metrics(40000, 0.1, 0.1), { now: T0 + 30 * HOUR, user: "bot" });
    assert.equal(r.decision.action, "hold", "the duration gate restarts at each stage");
    r = await checkRollout(store, "ranker-v2", metrics(40000, 0.1, 0.1), { now: T0 + 50 * HOUR, user: "bot" });
    assert.equal(r.state.share, 0.5);
    // Last step is promotion: it needs a significant improvement of at least 2%.
    r = await checkRollout(store, "ranker-v2", metrics(60000, 0.1, 0.1015), { now: T0 + 80 * HOUR, user: "bot" });
    assert.equal(r.decision.action, "hold");
    assert.match(r.decision.reasons.join(" "), /must improve significantly by at least 2%/);
    r = await checkRollout(store, "ranker-v2", metrics(60000, 0.1, 0.106), { now: T0 + 80 * HOUR, user: "bot" });
    assert.equal(r.decision.action, "promote");
    assert.equal(r.state.status, "promoted");
    assert.equal(r.state.share, 1);
    assert.equal(assignRolloutArm(r.state, "u1"), "ranker-v2", "after promotion everyone gets the challenger");
    const audit = (await store.load("ranker-v2"))!.audit;
    assert.deepEqual(audit.map((a) => [a.action, a.from.share, a.to.share, a.by]), [
      ["start", 0, 0.1, "alice"],
      ["expand", 0.1, 0.25, "bot"],
      ["expand", 0.25, 0.5, "bot"],
      ["promote", 0.5, 1, "bot"],
    ]);
    assert.equal(audit[3]!.at, new Date(T0 + 80 * HOUR).toISOString());
    assert.ok(audit[3]!.reasons.some((x) => /goal "conversion": \+6%/.test(x)), audit[3]!.reasons.join(" | "));
    await assert.rejects(checkRollout(store, "ranker-v2", metrics(60000, 0.1, 0.106)), (e: unknown) => isLabopsError(e, "INVALID_STATE"));
  });

  test(`${label} store: a guardrail regression beyond its tolerance rolls back automatically, before any duration gate`, async () => {
    const store = makeStore();
    await started(store);
    const r = await checkRollout(store, "ranker-v2", metrics(5000, 0.1, 0.1, 104), { now: T0 + HOUR, user: "bot" });
    assert.equal(r.decision.action, "rollback");
    assert.equal(r.state.status, "rolled_back");
    assert.equal(r.state.share, 0);
    assert.ok(["u1", "u2", "u3", "u4"].every((u) => assignRolloutArm(r.state, u) === "ranker-v1"), "after rollback everyone gets the champion");
    assert.match(r.decision.reasons[0]!, /guardrail "latency_ms" regressed by -?4(\.00)?%.*tolerance 2%/);
    const last = r.state.audit.at(-1)!;
    assert.deepEqual([last.action, last.from, last.to, last.by], ["rollback", { status: "running", share: 0.1 }, { status: "rolled_back", share: 0 }, "bot"]);
  });

  test(`${label} store: a regression within tolerance does not roll back; a significantly worse goal does`, async () => {
    const store = makeStore();
    await started(store);
    let r = await checkRollout(store, "ranker-v2", metrics(5000, 0.1, 0.1, 101), { now: T0 + HOUR });
    assert.equal(r.decision.action, "hold");
    r = await checkRollout(store, "ranker-v2", metrics(20000, 0.1, 0.09), { now: T0 + 2 * HOUR });
    assert.equal(r.decision.action, "rollback");
    assert.match(r.decision.reasons.join(" "), /goal "conversion" is significantly worse/);
  });
}

test("SRM holds the rollout whatever the metrics say; the check uses the stage's planned shares", async () => {
  const store = new InMemoryRolloutStore();
  await started(store);
  const good = metrics(20000, 0.1, 0.1);
  let r = await checkRollout(store, "ranker-v2", good, { now: T0 + 30 * HOUR, assignments: { control: 20000, treatment: 20000 } });
  assert.equal(r.decision.action, "hold", "50/50 traffic at a 10% stage is a mismatch");
  assert.match(r.decision.reasons[0]!, /sample ratio mismatch/);
  r = await checkRollout(store, "ranker-v2", good, { now: T0 + 30 * HOUR, assignments: { control: 180000, treatment: 20050 } });
  assert.equal(r.decision.action, "expand");
});

test("manual promote and rollback record who and why; a failed save changes nothing", async () => {
  const store = new InMemoryRolloutStore();
  await started(store);
  await assert.rejects(rollbackRollout(store, "ranker-v2", { reason: "" }), /needs a reason/);
  const s = await rollbackRollout(store, "ranker-v2", { reason: "pager alert: error rate", user: "carol", now: T0 + 5 * HOUR });
  assert.deepEqual(s.audit.at(-1)!.reasons, ["pager alert: error rate"]);
  assert.equal(s.audit.at(-1)!.by, "carol");
  await assert.rejects(promoteRollout(store, "ranker-v2", { reason: "x" }), /already rolled_back/);
  await assert.rejects(started(store), (e: unknown) => isLabopsError(e, "RESOURCE_ALREADY_EXISTS"));
  await assert.rejects(checkRollout(store, "nope", metrics(10, 0.1, 0.1)), (e: unknown) => isLabopsError(e, "RESOURCE_DOES_NOT_EXIST"));
  await assert.rejects(startRollout(store, { name: "bad", champion: "a", challenger: "b", config: { stages: [0.5, 0.25, 1] } }), /stages must ascend/);
  assert.equal(await store.load("bad"), null);
});

test("compare-and-set: a stale version is refused and leaves the stored state as it was (JSON file: temp then rename)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labops-rollout-"));
  const store = new JsonFileRolloutStore(dir);
  const s = await started(store);
  const a = await store.save("ranker-v2", { ...s, share: 0.25 }, 1);
  assert.equal(a.version, 2);
  await assert.rejects(store.save("ranker-v2", { ...s, share: 0.5 }, 1), (e: unknown) => isLabopsError(e, "INVALID_STATE") && /version 2, not 1/.test((e as Error).message));
  assert.equal((await store.load("ranker-v2"))!.share, 0.25);
  assert.deepEqual(fs.readdirSync(dir), ["ranker-v2.json"], "no temp or lock file left behind");
  // Two writers from the same version: exactly one wins.
  const cur = (await store.load("ranker-v2"))!;
  const results = await Promise.allSettled([store.save("ranker-v2", { ...cur, share: 0.5 }, 2), store.save("ranker-v2", { ...cur, share: 1 }, 2)]);
  assert.equal(results.filter((x) => x.status === "fulfilled").length, 1);
  assert.equal((await store.load("ranker-v2"))!.version, 3);
  await assert.rejects(store.save("../escape", s, 0), /rollout name/);
});

test("assignment: deterministic, sticky, shares exact within tolerance over 100k ids, and expanding only moves units to the challenger", () => {
  const ids = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
  for (const weights of [[0.9, 0.1], [0.5, 0.5], [0.75, 0.25]]) {
    const counts = [0, 0];
    for (const id of ids) counts[assignVariant(id, "ranker-v2:salt", weights)]!++;
    const share = counts[1]! / ids.length;
    assert.ok(Math.abs(share - weights[1]!) < 0.005, `share ${share} for ${weights}`);
  }
  assert.equal(assignVariant("user-42", "s", [0.5, 0.5]), assignVariant("user-42", "s", [0.5, 0.5]));
  // Expansion 10% → 25%: everyone already in the challenger stays there.
  let moved = 0;
  for (const id of ids.slice(0, 20000)) {
    const before = assignVariant(id, "s", [0.9, 0.1]);
    const after = assignVariant(id, "s", [0.75, 0.25]);
    assert.ok(!(before === 1 && after === 0), `unit ${id} left the challenger on expansion`);
    if (before !== after) moved++;
  }
  assert.ok(Math.abs(moved / 20000 - 0.15) < 0.01, `moved ${moved}`);
  // Another salt reshuffles units (independent experiments), and the hash is GrowthBook's v2 (known values).
  let same = 0;
  for (const id of ids.slice(0, 10000)) if (assignVariant(id, "a", [0.5, 0.5]) === assignVariant(id, "b", [0.5, 0.5])) same++;
  assert.ok(Math.abs(same / 10000 - 0.5) < 0.03);
  assert.throws(() => assignVariant("", "s", [1, 1]), /non-empty string/);
  assert.throws(() => assignVariant("u", "s", [0, 0]), /sum to 0/);
  assert.ok(hashUnit("s", "u") >= 0 && hashUnit("s", "u") < 1);
});
