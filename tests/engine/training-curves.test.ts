// The live training-curves widget: one output updated in place during fit, a valid Vega-Lite v5 chart, a final summary.

import assert from "node:assert/strict";
import { before, test } from "node:test";
import { fit, initEngine } from "../../src/engine";
import type { DisplaySink } from "../../widgets/display-sink";
import { curvePoints, liveTrainingCurves, trainingCurvesSpec } from "../../widgets/engine/training-curves";
import type { MimeBundle } from "../../widgets/mime-bundle";
import { renderSvg } from "../../widgets/vega-svg";
import { binaryData } from "./engine-data";

before(async () => { await initEngine({ backend: "wasm" }); });

function recordingSink(): DisplaySink & { calls: { kind: string; bundle: MimeBundle; id?: string }[] } {
  const calls: { kind: string; bundle: MimeBundle; id?: string }[] = [];
  return { calls, display: (bundle, id) => void calls.push({ kind: "display", bundle, id }), update: (bundle, id) => void calls.push({ kind: "update", bundle, id }), clear() {} };
}

test("liveTrainingCurves shows one output, updates it in place each epoch and ends with the summary", async () => {
  const sink = recordingSink();
  const curves = liveTrainingCurves({ sink, maxUpdatesPerSecond: 1000 });
  const b = binaryData(200);
  const m = await fit(b.x, b.y, { model: { type: "mlp", hiddenLayerSizes: [8] }, featureNames: b.featureNames, epochs: 30, batchSize: 20, learningRate: 0.05, validationFraction: 0.25, earlyStopping: { patience: 2 }, callbacks: [curves] });
  assert.equal(sink.calls[0]!.kind, "display");
  assert.ok(sink.calls.slice(1).every((c) => c.kind === "update" && c.id === sink.calls[0]!.id), "every later call updates the same display id");
  assert.ok(sink.calls.length >= 3);
  const first = sink.calls[0]!.bundle;
  assert.match(first["text/plain"], /^Training: epoch 1: loss /);
  const last = sink.calls[sink.calls.length - 1]!.bundle;
  const summary = curves.summary()!;
  assert.equal(summary.epochs, m.history.length);
  assert.equal(summary.bestEpoch, m.bestEpoch);
  assert.equal(summary.stoppedBy, m.history.length < 30 ? "early stopping" : "epochs");
  assert.match(last["text/plain"], new RegExp(`^Trained ${m.history.length} epochs .*kept epoch ${m.bestEpoch + 1}: loss`));
  assert.match(last["text/html"] as string, /val_accuracy/);
  const spec = last["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] }; $schema: string };
  assert.match(spec.$schema, /vega-lite\/v5/);
  assert.equal(spec.data.values.length, m.history.length * 4, "loss, val_loss, val_accuracy, val_auc per epoch");
  const svg = await renderSvg(spec as never);
  assert.match(svg, /^<svg/);
  assert.match(svg, /validation/);
  m.dispose();
});

test("curvePoints splits train and validation series; the spec marks the kept epoch", () => {
  const history = [
    { epoch: 0, learningRate: 0.1, metrics: { loss: 0.7, val_loss: 0.8, val_accuracy: 0.5 } },
    { epoch: 1, learningRate: 0.1, metrics: { loss: 0.5, val_loss: 0.6, val_accuracy: NaN } },
  ];
  assert.deepEqual(curvePoints(history), [
    { epoch: 1, metric: "loss", value: 0.7, split: "train" }, { epoch: 1, metric: "loss", value: 0.8, split: "validation" },
    { epoch: 1, metric: "accuracy", value: 0.5, split: "validation" },
    { epoch: 2, metric: "loss", value: 0.5, split: "train" }, { epoch: 2, metric: "loss", value: 0.6, split: "validation" },
  ]);
  const spec = trainingCurvesSpec(history, { bestEpoch: 1 }) as unknown as { facet: { sort: string[] }; spec: { layer: { data?: { values: unknown[] } }[] } };
  assert.deepEqual(spec.facet.sort, ["loss", "accuracy"]);
  assert.deepEqual(spec.spec.layer[1]!.data!.values, [{ epoch: 2 }]);
});
