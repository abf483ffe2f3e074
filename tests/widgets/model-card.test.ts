// Model card: info, tags, aliases with their versions' stages, versions newest first, and lineage, from entities built by hand.

import assert from "node:assert/strict";
import { test } from "node:test";
import { isLabopsError } from "../../src/core/errors";
import type { ModelVersion, RegisteredModel } from "../../src/registry/entities";
import { modelCard, toMimeBundle } from "../../widgets";
import { EVIL, START } from "./fixtures";

const ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
const MIN = 60_000;
const RUN_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const RUN_B = "ffeeddccbbaa00998877665544332211";
const DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

function version(v: number, fields: Partial<ModelVersion>): ModelVersion {
  return {
    name: EVIL,
    version: v,
    creationTimestamp: START + v * MIN,
    lastUpdatedTimestamp: START + v * MIN,
    description: "",
    userId: "ana",
    currentStage: "None",
    source: `/models/rain/${v}`,
    storageLocation: `file:///registry/rain/${v}`,
    status: "READY",
    tags: {},
    aliases: [],
    ...fields,
  };
}

function example(): { model: RegisteredModel; versions: ModelVersion[] } {
  const v1 = version(1, {
    currentStage: "Archived",
    source: `runs:/${RUN_A}/model`,
    runId: RUN_A,
    run: { runId: RUN_A, runName: "baseline", experimentId: "7", metrics: { acc: 0.8 }, params: { lr: "0.2" } },
    dataDigest: DIGEST,
  });
  const v2 = version(2, {
    currentStage: "Production",
    aliases: ["champion"],
    description: "tuned",
    userId: "bob",
    source: `runs:/${RUN_B}/model`,
    runId: RUN_B,
    run: { runId: RUN_B, runName: EVIL, experimentId: "7", metrics: { loss: 0.2345678, acc: 0.91 }, params: { lr: "0.1", epochs: "5" } },
  });
  // Registered from a folder: no run, no snapshot, no digest.
  const v3 = version(3, { currentStage: "Staging", aliases: ["challenger"], description: EVIL });
  const model: RegisteredModel = {
    name: EVIL,
    description: `Rain forecast ${EVIL}`,
    creationTimestamp: START,
    lastUpdatedTimestamp: START + 3 * MIN,
    tags: { team: "ml", "mlflow.domain": "weather", owner: EVIL },
    aliases: { champion: 2, challenger: 3 },
    latestVersions: [v1, v2, v3],
  };
  // Out of order on purpose: the card sorts.
  return { model, versions: [v2, v1, v3] };
}

test("modelCard: info, tags, aliases with stages, versions newest first, lineage of versions with a run snapshot", async () => {
  const { model, versions } = example();
  const card = modelCard(model, versions);
  assert.equal(card.model, model);
  assert.equal(card.versions, versions);
  assert.deepEqual(versions.map((v) => v.version), [2, 1, 3], "the caller's array is not reordered");
  assert.deepEqual(card.sections.map((s) => s.title), ["Model", "Tags", "Aliases", "Versions", "Lineage"]);
  assert.deepEqual(card.sections[0]!.rows, [
    ["name", EVIL],
    ["description", `Rain forecast ${EVIL}`],
    ["created", "2024-03-01 09:30:00"],
    ["updated", "2024-03-01 09:33:00"],
    ["versions", "3"],
  ]);
  assert.deepEqual(card.sections[1]!.rows, [["owner", EVIL], ["team", "ml"], ["mlflow.domain", "weather"]]);
  assert.deepEqual(card.sections[2]!.rows, [["@challenger", "3", "Staging"], ["@champion", "2", "Production"]]);
  assert.deepEqual(card.sections[3]!.rows, [
    ["3", "Staging", "@challenger", "READY", "2024-03-01 09:33:00", "ana", "/models/rain/3", "", "", EVIL],
    ["2", "Production", "@champion", "READY", "2024-03-01 09:32:00", "bob", `runs:/${RUN_B}/model`, `${EVIL} (ffeeddcc)`, "", "tuned"],
    ["1", "Archived", "", "READY", "2024-03-01 09:31:00", "ana", `runs:/${RUN_A}/model`, "baseline (a1b2c3d4)", "9f86d081884c", ""],
  ]);
  assert.deepEqual(card.sections[4]!.rows, [
    ["2", EVIL, RUN_B, "7", "acc=0.91, loss=0.234568", "epochs=5, lr=0.1"],
    ["1", "baseline", RUN_A, "7", "acc=0.8", "lr=0.2"],
  ]);

  const bundle = (await toMimeBundle(card))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const text = bundle["text/plain"];
  const section = (title: string) => text.split("\n\n").find((s) => s.startsWith(`${title}\n`))!.split("\n");
  assert.deepEqual(section("Aliases"), ["Aliases", "ALIAS        VERSION  STAGE", "-----------  -------  ----------", "@challenger        3  Staging", "@champion          2  Production"]);
  assert.deepEqual(
    section("Versions").slice(3).map((line) => line.match(/^ +(\d+) {2}(\S+)/)!.slice(1)),
    [["3", "Staging"], ["2", "Production"], ["1", "Archived"]],
    "newest first in text",
  );
  assert.equal(section("Lineage")[3], `      2  ${EVIL}  ${RUN_B}  7           acc=0.91, loss=0.234568  epochs=5, lr=0.1`);

  const html = bundle["text/html"] as string;
  assert.ok(!html.includes("<script"), "names, descriptions and tags are escaped");
  assert.ok(html.includes(`<b>${ESCAPED}</b>`));
  assert.ok(html.includes(`>Rain forecast ${ESCAPED}</td>`));
  assert.ok(html.includes(`>${ESCAPED} (ffeeddcc)</td>`));
  assert.equal(html.match(/<caption/g)!.length, 5);
  assert.ok(html.includes('background:#1a7f37;border-radius:3px;padding:0 5px;font-size:11px;margin-right:4px">@champion v2</span>'), "alias badge in its version's stage colour");
  assert.ok(html.includes('background:#9a6700;border-radius:3px;padding:0 5px;font-size:11px;margin-right:4px">@challenger v3</span>'));
  const versionsTable = html.slice(html.indexOf(">Versions</caption>"), html.indexOf(">Lineage</caption>"));
  assert.deepEqual([...versionsTable.matchAll(/<tr><td[^>]*>(\d+)<\/td>/g)].map((m) => m[1]), ["3", "2", "1"], "newest first in HTML");
  assert.ok(versionsTable.includes(`title="${RUN_A}">baseline (a1b2c3d4)</td>`), "the full run id on hover");
  assert.ok(versionsTable.includes(`title="${DIGEST}">9f86d081884c</td>`), "the full digest on hover");
});

test("modelCard: an alias to a version not passed has no stage; a model without versions shows its info only", async () => {
  const { model, versions } = example();
  const card = modelCard(model, versions.filter((v) => v.version !== 3));
  assert.deepEqual(card.sections[2]!.rows, [["@challenger", "3", ""], ["@champion", "2", "Production"]]);

  const bare: RegisteredModel = { name: "empty", description: "", creationTimestamp: START, lastUpdatedTimestamp: START, tags: {}, aliases: {}, latestVersions: [] };
  const bundle = (await toMimeBundle(modelCard(bare, [])))!;
  assert.equal(
    bundle["text/plain"],
    ["Model", "FIELD        VALUE", "-----------  -------------------", "name         empty", "description", "created      2024-03-01 09:30:00", "updated      2024-03-01 09:30:00", "versions     0"].join("\n"),
  );
  assert.equal((bundle["text/html"] as string).match(/<caption/g)!.length, 1);
});

test("modelCard: versions of another model are refused with the names in the message", () => {
  const { model, versions } = example();
  const other = version(9, { name: "other" });
  assert.throws(
    () => modelCard(model, [...versions, other]),
    (e: unknown) => isLabopsError(e, "INVALID_PARAMETER_VALUE") && e.message === `modelCard: version 9 belongs to model 'other', not '${EVIL}'. Pass the versions of '${EVIL}' only.`,
  );
});
