// Search spaces: the defaults per model kind, `--space` files (JSON and YAML), their errors, and trial params as
// the engine's model config.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { resolveConfig } from "../../src/engine/model-config";
import { createStudy, RandomSampler } from "../../src/tune";
import { defaultSearchSpace, describeSearchSpace, loadSearchSpace, parseSearchSpace, searchSpaceToJson, suggestParams, trainingConfig } from "../../src/tune/search-space";
import { tempDir } from "../helpers/temp-dir";

test("the default spaces: mlp tunes depth, width, learning rate and L2 (log), dropout and batch size; linear L1/L2 and learning rate", () => {
  const mlp = defaultSearchSpace("mlp");
  assert.deepEqual(Object.keys(mlp.params), ["layers", "hiddenUnits", "learningRate", "l2", "dropout", "batchSize"]);
  assert.deepEqual(mlp.params.learningRate, { kind: "float", low: 1e-4, high: 0.1, log: true, step: null });
  assert.deepEqual(mlp.params.l2, { kind: "float", low: 1e-6, high: 0.1, log: true, step: null });
  assert.equal(mlp.params.hiddenUnits!.kind === "int" && mlp.params.hiddenUnits!.log, true);
  const linear = defaultSearchSpace("linear");
  assert.deepEqual(Object.keys(linear.params).sort(), ["l1", "l2", "learningRate"]);
  assert.throws(() => defaultSearchSpace("tree" as never), /Unknown model kind "tree"; use 'mlp' or 'linear'/);
});

test("every value the default spaces can suggest is a config the engine accepts", async () => {
  for (const kind of ["mlp", "linear"] as const) {
    const space = defaultSearchSpace(kind);
    const study = await createStudy({ sampler: new RandomSampler({ seed: 7 }) });
    await study.optimize((trial) => {
      const params = suggestParams(trial, space);
      const cfg = trainingConfig(kind, params);
      const resolved = resolveConfig(cfg.model);
      assert.equal(resolved.type, kind);
      assert.ok(cfg.learningRate! > 0);
      if (kind === "mlp") {
        assert.equal(resolved.hiddenLayerSizes.length, params.layers);
        assert.ok(resolved.hiddenLayerSizes.every((h) => h === params.hiddenUnits));
        assert.equal(resolved.dropout, params.dropout);
        assert.ok([32, 64, 128, 256].includes(cfg.batchSize!));
      } else {
        assert.equal(resolved.l1, params.l1);
        assert.equal(cfg.batchSize, undefined);
      }
      assert.equal(resolved.l2, params.l2);
      return 0;
    }, { nTrials: 40 });
    // The trials' params are exactly the space's parameters, inside its ranges.
    for (const t of study.trials) assert.deepEqual(Object.keys(t.params).sort(), Object.keys(space.params).sort());
  }
});

test("a JSON space: ranges, choices and fixed values; unnamed parameters keep the engine's defaults", () => {
  const space = parseSearchSpace({
    learningRate: { low: 0.001, high: 0.1, log: true },
    layers: { low: 1, high: 4, step: 1 },
    activation: { choices: ["relu", "tanh"] },
    dropout: { type: "float", low: 0, high: 0.3, step: 0.1 },
    batchSize: 64,
  }, "mlp");
  assert.deepEqual(space.fixed, { batchSize: 64 });
  assert.deepEqual(space.params.layers, { kind: "int", low: 1, high: 4, log: false, step: 1 });
  assert.deepEqual(space.params.activation, { kind: "categorical", choices: ["relu", "tanh"] });
  assert.deepEqual(space.params.dropout, { kind: "float", low: 0, high: 0.3, log: false, step: 0.1 });
  const cfg = trainingConfig("mlp", { learningRate: 0.01, layers: 2, activation: "tanh", dropout: 0.1, batchSize: 64 });
  assert.deepEqual(cfg, { model: { type: "mlp", hiddenLayerSizes: [100, 100], activation: "tanh", dropout: 0.1 }, learningRate: 0.01, batchSize: 64 });
  assert.deepEqual(parseSearchSpace(searchSpaceToJson(space), "mlp"), space, "the JSON form reads back to the same space");
  assert.deepEqual(describeSearchSpace(space), [
    "learningRate  float(0.001, 0.1, log)",
    "layers        int(1, 4)",
    "activation    categorical([\"relu\",\"tanh\"])",
    "dropout       float(0, 0.3, step=0.1)",
    "batchSize     fixed 64",
  ]);
});

test("--space files: .json, .yaml and .yml read the same space", () => {
  const dir = tempDir();
  const json = path.join(dir, "space.json");
  fs.writeFileSync(json, JSON.stringify({ learningRate: { low: 1e-3, high: 0.3, log: true }, l2: { low: 1e-6, high: 0.01, log: true }, batchSize: { choices: [32, 128] } }));
  const yaml = path.join(dir, "space.yaml");
  fs.writeFileSync(yaml, [
    "# a linear model's search",
    "learningRate:",
    "  low: 1e-3",
    "  high: 0.3",
    "  log: true",
    "l2:",
    "  low: 0.000001",
    "  high: 0.01",
    "  log: true",
    "batchSize:",
    "  choices: [32, 128]",
  ].join("\n"));
  const a = loadSearchSpace(json, "linear");
  assert.deepEqual(loadSearchSpace(yaml, "linear"), a);
  fs.copyFileSync(yaml, path.join(dir, "space.yml"));
  assert.deepEqual(loadSearchSpace(path.join(dir, "space.yml"), "linear"), a);
  assert.equal(a.params.learningRate!.kind === "float" && a.params.learningRate!.low, 1e-3);
  assert.throws(() => loadSearchSpace(path.join(dir, "missing.json"), "mlp"), /Cannot read the search space file .*missing\.json/);
  fs.writeFileSync(path.join(dir, "bad.json"), "{ learningRate: ");
  assert.throws(() => loadSearchSpace(path.join(dir, "bad.json"), "mlp"), /Search space .*bad\.json is not valid JSON/);
  fs.writeFileSync(path.join(dir, "bad.yaml"), "learningRate: &anchor\n  low: 1");
  assert.throws(() => loadSearchSpace(path.join(dir, "bad.yaml"), "mlp"), /bad\.yaml line 1 uses YAML beyond the subset/);
});

test("bad spaces: clear errors naming the parameter and the value", () => {
  const bad = (data: unknown, model: "mlp" | "linear", re: RegExp) => assert.throws(() => parseSearchSpace(data, model, "space.json"), (e: Error) => {
    assert.match(e.message, re);
    assert.match(e.message, /^space\.json/);
    return true;
  });
  bad({ learningRate: { low: 0.1, high: 0.001 } }, "mlp", /'learningRate': low \(0\.1\) is above high \(0\.001\); the range is inverted/);
  bad({ dropout: { low: 0.2, high: 0.2 } }, "mlp", /'dropout': low equals high \(0\.2\); the range is empty\. Write "dropout": 0\.2/);
  bad({ layers: { low: 1, high: 2, step: 5 } }, "mlp", /'layers': step 5 leaves one value in \[1, 2\]; the range is empty/);
  bad({ activation: { choices: [] } }, "mlp", /'activation': choices must be a non-empty list, got \[\]/);
  bad({ l2: { low: 0, high: 0.1, log: true } }, "mlp", /'l2': a log range needs low > 0, got low = 0/);
  bad({ learningRate: { low: -1, high: 0.1, log: true } }, "linear", /'learningRate': a log range needs low > 0, got low = -1/);
  bad({ hiddenUnits: { low: 0, high: 64, log: true } }, "mlp", /'hiddenUnits': a log integer range needs low >= 1/);
  bad({ learningrate: { low: 0.001, high: 0.1 } }, "mlp", /unknown parameter 'learningrate' \(did you mean 'learningRate'\?\); a mlp model tunes layers, hiddenUnits, .*learningRate/);
  bad({ epochz: 3 }, "mlp", /unknown parameter 'epochz'; a mlp model tunes/);
  bad({ hiddenUnits: { low: 8, high: 64 } }, "linear", /'hiddenUnits' \(units in each hidden layer\) applies to mlp models, not linear/);
  bad({ layers: { low: 1.5, high: 3 } }, "mlp", /'layers': low must be an integer, got 1\.5/);
  bad({ layers: { type: "float", low: 1, high: 3 } }, "mlp", /'layers' \(hidden layers\) is an integer parameter; type "float" does not fit it/);
  bad({ learningRate: { low: "0.001", high: 0.1 } }, "mlp", /'learningRate': low must be a finite number, got "0\.001"/);
  bad({ learningRate: { low: 0.001, high: 0.1, log: "yes" } }, "mlp", /'learningRate': log must be true or false, got "yes"/);
  bad({ learningRate: { low: 0.001 } }, "mlp", /'learningRate' needs low and high \(or choices\)/);
  bad({ learningRate: { low: 0.001, high: 0.1, scale: "log" } }, "mlp", /'learningRate' has an unknown key 'scale'/);
  bad({ activation: { low: 0, high: 1 } }, "mlp", /'activation' \(hidden activation\) takes choices from \["relu","tanh","sigmoid","elu","linear"\], not a range/);
  bad({ activation: { choices: ["relu", "swish"] } }, "mlp", /'activation' \(hidden activation\) takes one of .*, got "swish"/);
  bad({ batchSize: { choices: [32, 48.5] } }, "mlp", /'batchSize' \(rows per batch\) takes an integer, got 48\.5/);
  bad({ batchSize: "64", learningRate: { low: 0.001, high: 0.1 } }, "mlp", /'batchSize' \(rows per batch\) takes a number, got "64" \(string\)/);
  bad({ dropout: { low: 0, high: 1 } }, "mlp", /'dropout' \(dropout after each hidden layer\): high 1 is outside what the engine accepts \(>= 0 and < 1\)/);
  bad({ learningRate: { low: 0, high: 0.1 } }, "mlp", /'learningRate' \(optimizer learning rate\): low 0 is outside what the engine accepts \(> 0\)/);
  bad({ optimizer: { choices: ["adam"] } }, "mlp", /'optimizer': one choice \("adam"\) is not a search; write "optimizer": "adam"/);
  bad({ momentum: { low: 0.5, high: 0.9 } }, "mlp", /'momentum' applies to the sgd optimizer only/);
  bad({ batchSize: 64 }, "mlp", /tunes nothing: give at least one parameter a range/);
  bad([1, 2], "mlp", /must be an object of parameters/);
  assert.throws(() => parseSearchSpace({ l2: { low: 0.1, high: 1 } }, "forest" as never), /Unknown model kind "forest"/);
  // With sgd possible, momentum is fine.
  const ok = parseSearchSpace({ optimizer: { choices: ["adam", "sgd"] }, momentum: { low: 0.5, high: 0.95 } }, "linear");
  assert.deepEqual(Object.keys(ok.params), ["optimizer", "momentum"]);
});
