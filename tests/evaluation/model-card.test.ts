// Model cards: every section present, gates marked, text escaped in HTML and Markdown tables; missing essentials refused.

import assert from "node:assert/strict";
import { test } from "node:test";
import { buildModelCard, evaluateClassifier, evaluateRegressor, fairnessReport, permutationImportance, validateModel } from "../../src/evaluation";
import { fixture } from "./fixtures";

const fair = fixture<{ cases: any[] }>("fairness.json").cases.find((c) => c.name === "penguins-island")!;

test("buildModelCard: data, features, metrics with gates, fairness, importance, intended use, limitations", async () => {
  const ev = evaluateClassifier({ yTrue: fair.yTrue, yPred: fair.yPred });
  const gates = validateModel(ev, { config: { meanConfidence: null } });
  const report = fairnessReport({ yTrue: fair.yTrue, yPred: fair.yPred, sensitiveFeatures: fair.sensitive });
  const X = fair.yTrue.map((y: number, i: number) => [y + (i % 3) * 0.01, i % 7]);
  const importance = await permutationImportance((rows) => rows.map((r) => (r[0]! > 0.5 ? 1 : 0)), X, fair.yTrue, { scoring: "accuracy", nRepeats: 3 });
  const card = buildModelCard({
    name: "heavy-penguin <v2>",
    version: 3,
    intendedUse: "Flag heavy penguins | for field teams.",
    limitations: "Trained on three islands.",
    data: { description: "Palmer penguins.", source: "vega-datasets", trainingRows: 333 },
    features: [{ name: "beak", type: "number", description: "beak length (mm)" }, { name: "flipper" }],
    evaluation: ev,
    gates,
    fairness: { feature: "Island", report },
    importance: { featureNames: ["signal", "noise"], result: importance },
  });
  const titles = card.sections.map((s) => s.title);
  assert.deepEqual(titles, ["Intended use", "Data", "Features", "Metrics", "Per class", "Validation gates", "Fairness (Island)", "Feature importance", "Limitations"]);
  assert.match(card.markdown, /^# Model card: heavy-penguin <v2> v3\n/);
  assert.ok(card.markdown.includes("Flag heavy penguins | for field teams."));
  assert.match(card.markdown, /\| accuracy \| [\d.]+ \| >= 0\.65 \| (pass|FAIL) \|/);
  assert.ok(card.markdown.includes("| Biscoe | 163 |"));
  assert.ok(card.markdown.indexOf("| signal |") < card.markdown.indexOf("| noise |"), "importance sorted, strongest first");
  assert.ok(card.html.includes("heavy-penguin &lt;v2&gt;"));
  assert.ok(!card.html.includes("<v2>"));
  assert.equal((card.html.match(/<section>/g) ?? []).length, titles.length);
  if (!gates.passed) assert.ok(card.html.includes("color:#b42318"), "failed gates stand out");
  assert.throws(() => buildModelCard({ name: "x", intendedUse: "", limitations: "l", data: { description: "d" }, features: [], evaluation: ev }), /intendedUse is required/);
  const reg = buildModelCard({ name: "r", intendedUse: "u", limitations: "l", data: { description: "d" }, features: [], evaluation: evaluateRegressor({ yTrue: [1, 2, 3], yPred: [1, 2, 4] }) });
  assert.match(reg.markdown, /\| rmse \| 0\.5774 \|/);
});
