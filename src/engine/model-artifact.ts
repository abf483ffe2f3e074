// The model artifact: a folder with the weights (binary + manifest), architecture, label mapping, input signature,
// metrics and the feature pipeline; written to a temp folder and renamed, so a failed save leaves nothing half-written.

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { invalidParameter, LabopsError, notFound } from "../core/errors";
import { FeaturePipeline, type FeaturePipelineJson } from "../data/features/feature-pipeline";
import { seededRandom } from "../data/random";
import { activeRun, logArtifacts } from "../tracking/fluent";
import { ensureEngine } from "./backend";
import { resolveConfig, type ResolvedConfig } from "./model-config";
import { assignWeights, createNetwork, readWeights, type NamedWeight } from "./network";
import type { LabelMapping } from "./target";
import { TrainedModel } from "./trained-model";

export const MODEL_FORMAT = "labops.engine-model";
export const MODEL_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";
export const PIPELINE_FILE = "feature-pipeline.json";

/** model.json: everything but the weights' bytes and the pipeline. */
export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  config: ResolvedConfig;
  labels: LabelMapping;
  /** The input signature: feature names in column order. */
  inputs: { featureNames: string[]; dtype: "float32" };
  outputSize: number;
  metrics: Record<string, number>;
  bestEpoch: number;
  /** Weights in weights.bin: float32 little-endian, at byteOffset, in this order. */
  weights: { name: string; shape: number[]; byteOffset: number; byteLength: number }[];
  weightsSha256: string;
  /** The feature pipeline's file, when the model has one. */
  pipeline: string | null;
  createdWith: { backend: string; tfjs: string };
}

/** Writes the model into `dir`, which must not exist or be empty; returns the folder. */
export function saveModel(model: TrainedModel, dir: string): string {
  const target = path.resolve(dir);
  if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
    throw invalidParameter(`Cannot save the model to '${dir}': it exists and is not an empty folder. Choose a new folder.`);
  }
  const weights = readWeights(model.network);
  const total = weights.reduce((s, w) => s + w.values.byteLength, 0);
  const bytes = Buffer.alloc(total);
  const entries: ModelManifest["weights"] = [];
  let offset = 0;
  for (const w of weights) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, w.values.byteLength);
    w.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    entries.push({ name: w.name, shape: w.shape, byteOffset: offset, byteLength: w.values.byteLength });
    offset += w.values.byteLength;
  }
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    config: model.config,
    labels: model.labels,
    inputs: { featureNames: model.featureNames, dtype: "float32" },
    outputSize: model.network.outputSize,
    metrics: model.metrics,
    bestEpoch: model.bestEpoch,
    weights: entries,
    weightsSha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    pipeline: model.pipeline ? PIPELINE_FILE : null,
    createdWith: { backend: model.backend, tfjs: model.network.tf.version_core },
  };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.mkdirSync(tmp);
    fs.writeFileSync(path.join(tmp, WEIGHTS_FILE), bytes);
    if (model.pipeline) fs.writeFileSync(path.join(tmp, PIPELINE_FILE), JSON.stringify(model.pipeline.toJSON()));
    fs.writeFileSync(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
    if (fs.existsSync(target)) fs.rmdirSync(target); // empty, checked above
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e instanceof LabopsError ? e : invalidParameter(`Could not save the model to '${dir}': ${(e as Error).message}`, { cause: e });
  }
  return target;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw invalidParameter(`The model's ${what} (${file}) is not readable JSON: ${(e as Error).message}`);
  }
}

/** Loads a folder written by saveModel onto the current engine backend. */
export async function loadTrainedModel(dir: string): Promise<TrainedModel> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) throw notFound(`No model at '${dir}': ${MANIFEST_FILE} is missing (save one with saveModel).`);
  const manifest = readJson(manifestPath, "manifest") as Partial<ModelManifest>;
  if (manifest.format !== MODEL_FORMAT) throw invalidParameter(`'${dir}' holds a ${JSON.stringify(manifest.format)} file, not a labops engine model (${MODEL_FORMAT}).`);
  if (manifest.formatVersion !== MODEL_FORMAT_VERSION) {
    throw invalidParameter(`The model at '${dir}' has format version ${manifest.formatVersion}; this labops reads version ${MODEL_FORMAT_VERSION}. Re-save it with a matching labops version.`);
  }
  const bytes = fs.readFileSync(path.join(dir, WEIGHTS_FILE));
  const sha = crypto.createHash("sha256").update(bytes).digest("hex");
  if (sha !== manifest.weightsSha256) throw invalidParameter(`The weights of the model at '${dir}' do not match their checksum (the file is damaged or was changed).`);
  const config = resolveConfig(manifest.config!);
  const featureNames = manifest.inputs!.featureNames;
  const weights: NamedWeight[] = manifest.weights!.map((w) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset + w.byteOffset, w.byteLength);
    const values = new Float32Array(w.byteLength / 4);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
    return { name: w.name, shape: w.shape, values };
  });
  const pipeline = manifest.pipeline ? FeaturePipeline.fromJSON(readJson(path.join(dir, manifest.pipeline), "feature pipeline") as FeaturePipelineJson) : null;
  const { tf } = await ensureEngine();
  const net = createNetwork(tf, config, featureNames.length, manifest.outputSize!, seededRandom(0));
  const expected = readWeights(net).map((w) => `${w.name}:${w.shape.join("x")}`).join(",");
  const got = weights.map((w) => `${w.name}:${w.shape.join("x")}`).join(",");
  if (expected !== got) {
    net.dense.forEach((dl) => { dl.kernel.dispose(); dl.bias.dispose(); });
    net.batchNorm.forEach((b) => [b.gamma, b.beta, b.movingMean, b.movingVariance].forEach((v) => v.dispose()));
    throw invalidParameter(`The weights of the model at '${dir}' (${got}) do not fit its architecture (${expected}).`);
  }
  assignWeights(net, weights);
  const model = new TrainedModel(net, config, manifest.labels!, featureNames, pipeline);
  model.metrics = manifest.metrics ?? {};
  model.bestEpoch = manifest.bestEpoch ?? -1;
  return model;
}

/** Saves the model and logs it to the active run under `artifactPath` (default "model"), for runs:/RUN/model. */
export async function logModel(model: TrainedModel, artifactPath = "model"): Promise<string> {
  if (!activeRun()) throw invalidParameter(`logModel needs an active run; call startRun() first.`);
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "labops-model-"));
  try {
    const dir = saveModel(model, path.join(tmpRoot, "model"));
    await logArtifacts(dir, artifactPath);
    return artifactPath;
  } finally {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
}
