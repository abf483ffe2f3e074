// trainJob(): one tracked training job from a table to a logged (and optionally registered) model. The shared core of
// `labops train`, `%train` and the tuner's trials: everything is checked before a run or experiment is created.

import { invalidParameter, isLabopsError } from "../core/errors";
import { tableFromArrays, tableFromRecords, takeRows, type ColumnTable } from "../data/column-table";
import { loadColumns } from "../data/datasets";
import { fromDataFrame } from "../data/data-frame";
import type { PipelineSpec } from "../data/features/feature-spec";
import { FeaturePipeline, type FeatureMatrix } from "../data/features/feature-pipeline";
import { seededRandom } from "../data/random";
import { readTable } from "../data/readers";
import type { ModelVersion } from "../registry/entities";
import { registerModel } from "../registry/fluent";
import { validateModelName } from "../registry/registry-state";
import { activeRun, endRun, flush, getClient, logMetric, logParams, setTags, startRun } from "../tracking/fluent";
import { SYSTEM_TAGS } from "../tracking/system-tags";
import { trackingCallback, type Callback, type EpochLogs } from "./callbacks";
import { defaultFeatureSpec } from "./default-features";
import { resolveConfig, type ModelConfig, type ResolvedConfig } from "./model-config";
import { logModel } from "./model-artifact";
import type { LearningRateSchedule } from "./schedules";
import { validationSplit } from "./split";
import { encodeTarget, keyOf, type Label, type Task } from "./target";
import { fit, type EarlyStopping } from "./trainer";
import type { TrainedModel } from "./trained-model";

export const MODEL_KINDS = ["mlp", "linear"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Rows held in memory: a column table, records, columns by name, or a danfojs DataFrame. */
export type TrainTable = ColumnTable | ReadonlyArray<Record<string, unknown>> | Record<string, ArrayLike<unknown>> | import("danfojs-node").DataFrame;

export interface TrainJobOptions {
  /** A dataset labops ships (listDatasets())... */
  dataset?: string;
  /** ...or a file (CSV, JSON, JSONL, Parquet, Arrow)... */
  dataFile?: string;
  /** ...or rows in memory. Exactly one of the three. */
  data?: TrainTable;
  /** The column to predict. */
  target: string;
  /** Feature columns; default every column but the target. */
  featureColumns?: string[];
  /** Default: inferred from the column types (defaultFeatureSpec). Fitted on the training rows only. */
  features?: PipelineSpec;
  /** Default "mlp". */
  model?: ModelKind;
  /** Architecture overrides (hiddenLayerSizes, activation, dropout, batchNorm, l1, l2); `type` comes from `model`. */
  modelConfig?: Omit<ModelConfig, "type">;
  /** Default auto: strings or two distinct values are classes, other numbers regression. */
  task?: Task | "auto";
  /** Default 100. */
  epochs?: number;
  /** Default min(200, training rows). */
  batchSize?: number;
  learningRate?: number;
  optimizer?: "adam" | "sgd";
  schedule?: LearningRateSchedule;
  classWeight?: "balanced" | Record<string, number>;
  /** Seeds the split, the weights, shuffling and dropout. Default 0. */
  seed?: number;
  /** Held-out share of rows (stratified by class), split before the pipeline is fitted. Default 0.2; 0 for none. */
  validationFraction?: number;
  /** Default true with validation (patience 10, restores the best epoch); false trains every epoch. */
  earlyStopping?: boolean | EarlyStopping;
  /** Run after the tracking callback (progress, live curves, pruning). */
  callbacks?: Callback[];
  /** The experiment of a new run (created when missing); default the current one. */
  experimentName?: string;
  /** Log into this run: the active run (left open), or a finished one that is resumed and ended again. */
  runId?: string;
  /** Start the new run as a child of this run (the tuner's parent run). */
  parentRunId?: string;
  runName?: string;
  /** Register the logged model as a new version of this registered model. */
  registerName?: string;
  /** Artifact path of the model in the run; default "model". */
  artifactPath?: string;
}

export interface TrainJobResult {
  runId: string;
  experimentId: string;
  model: TrainedModel;
  /** The kept epoch's validation metrics (loss, accuracy, auc / rmse, r2...); training loss without validation. */
  metrics: Record<string, number>;
  history: EpochLogs[];
  /** runs:/RUN_ID/model */
  modelUri: string;
  /** The registered version, with registerName. */
  version?: ModelVersion;
  /** models:/NAME/VERSION, with registerName. */
  registeredModelUri?: string;
  task: Task;
  featureNames: string[];
  rows: { train: number; validation: number };
  bestEpoch: number;
  /** True when a pruning callback stopped training. */
  pruned: boolean;
}

interface Prepared {
  table: ColumnTable;
  source: string;
  labels: (Label | null)[];
  task: Task;
  config: ResolvedConfig;
  trainRows: Int32Array;
  validRows: Int32Array | null;
  pipeline: FeaturePipeline;
  trainX: FeatureMatrix;
  validX: FeatureMatrix | null;
}

/**
 * Trains a model on a table and tracks it: params, per-epoch metrics, the kept epoch's metrics, the model artifact
 * (with its fitted feature pipeline) and, with `registerName`, a registry version. Bad input throws a LabopsError
 * before anything is created; a run that fails afterwards ends FAILED with no model logged.
 */
export async function trainJob(options: TrainJobOptions): Promise<TrainJobResult> {
  const p = await prepare(options);
  const experimentId = await resolveRun(options);
  const epochs = options.epochs ?? 100;
  const fraction = p.validRows ? p.validRows.length / p.table.rowCount : 0;
  const earlyStopping = p.validRows ? options.earlyStopping ?? true : false;

  const { run, owned } = await openRun(options, experimentId);
  const runId = run.runId;
  let model: TrainedModel | null = null;
  try {
    await setTags({ "labops.train.source": p.source, "labops.train.target": options.target });
    await logParams({
      model_type: p.config.type,
      ...(p.config.type === "mlp" ? { hidden_layer_sizes: p.config.hiddenLayerSizes.join(","), activation: p.config.activation, dropout: p.config.dropout, batch_norm: p.config.batchNorm } : {}),
      l1: p.config.l1,
      l2: p.config.l2,
      task: p.task,
      target: options.target,
      epochs,
      batch_size: options.batchSize ?? Math.min(200, p.trainRows.length),
      learning_rate: options.learningRate ?? (options.optimizer === "sgd" ? 1e-2 : 1e-3),
      optimizer: options.optimizer ?? "adam",
      seed: options.seed ?? 0,
      validation_fraction: Number(fraction.toFixed(4)),
      early_stopping_patience: earlyStopping ? (earlyStopping === true ? 10 : earlyStopping.patience ?? 10) : "off",
      rows_train: p.trainRows.length,
      rows_validation: p.validRows?.length ?? 0,
      features: p.trainX.featureNames.length,
      ...(options.schedule ? { schedule: JSON.stringify(options.schedule) } : {}),
      ...(options.classWeight ? { class_weight: typeof options.classWeight === "string" ? options.classWeight : JSON.stringify(options.classWeight) } : {}),
    });
    const started = Date.now();
    model = await fit(p.trainX, labelsAt(p.labels, p.trainRows), {
      model: p.config,
      task: p.task,
      pipeline: p.pipeline,
      epochs,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      optimizer: options.optimizer,
      schedule: options.schedule,
      classWeight: options.classWeight,
      seed: options.seed,
      validationData: p.validRows && p.validX ? { x: p.validX, y: labelsAt(p.labels, p.validRows) as Label[] } : undefined,
      earlyStopping,
      callbacks: [trackingCallback({ runId }), ...(options.callbacks ?? [])],
    });
    // As MLflow's Keras autolog: the kept epoch's metrics once more at the next step, so "latest" is the model's.
    const last = model.history.length;
    const kept = model.history[model.bestEpoch]?.metrics ?? {};
    for (const [key, value] of Object.entries(kept)) if (Number.isFinite(value)) logMetric(key, value, last, { runId });
    logMetric("restored_epoch", model.bestEpoch, last, { runId });
    logMetric("training_seconds", (Date.now() - started) / 1000, 0, { runId });
    const artifactPath = await logModel(model, options.artifactPath ?? "model");
    const modelUri = `runs:/${runId}/${artifactPath}`;
    let version: ModelVersion | undefined;
    if (options.registerName !== undefined) {
      await flush(); // the version records the run's metrics
      version = await registerModel(modelUri, options.registerName, { description: `Trained by labops train on ${p.source} (target '${options.target}').` });
    }
    if (owned) await endRun("FINISHED");
    return {
      runId,
      experimentId: run.info.experimentId,
      model,
      metrics: { ...model.metrics },
      history: model.history,
      modelUri,
      version,
      registeredModelUri: version ? `models:/${version.name}/${version.version}` : undefined,
      task: model.task,
      featureNames: model.featureNames,
      rows: { train: p.trainRows.length, validation: p.validRows?.length ?? 0 },
      bestEpoch: model.bestEpoch,
      pruned: model.pruned,
    };
  } catch (e) {
    model?.dispose();
    if (owned) await endRun("FAILED").catch(() => undefined);
    throw e;
  }
}

/** Everything that can be checked without a run: the data, the target, the model kind, the split and the features. */
async function prepare(options: TrainJobOptions): Promise<Prepared> {
  if (!options || typeof options !== "object") throw invalidParameter(`trainJob needs options: {dataset | dataFile | data, target, ...}.`);
  const kind = options.model ?? "mlp";
  if (!MODEL_KINDS.includes(kind)) throw invalidParameter(`Unknown model kind ${JSON.stringify(kind)}; use ${MODEL_KINDS.join(" or ")}.`);
  if (options.modelConfig && "type" in options.modelConfig) throw invalidParameter(`modelConfig.type ${JSON.stringify((options.modelConfig as ModelConfig).type)} is not allowed: choose the kind with model: 'mlp' | 'linear'.`);
  const config = resolveConfig({ ...options.modelConfig, type: kind });
  if (options.registerName !== undefined) validateModelName(options.registerName);
  if (options.runId !== undefined && options.parentRunId !== undefined) throw invalidParameter(`Pass runId (log into that run) or parentRunId (start a child of it), not both.`);
  if (options.runId !== undefined && options.experimentName !== undefined) throw invalidParameter(`runId ${options.runId} already belongs to an experiment; drop experimentName '${options.experimentName}'.`);
  const fraction = options.validationFraction ?? 0.2;
  if (!(fraction >= 0 && fraction < 1)) throw invalidParameter(`validationFraction must be in [0, 1), got ${fraction}.`);
  if (fraction === 0 && options.earlyStopping) throw invalidParameter(`earlyStopping needs validation rows; set validationFraction above 0.`);

  const { table, source } = await loadTable(options);
  const target = options.target;
  if (typeof target !== "string" || !target) throw invalidParameter(`Name the target column (target), e.g. one of: ${table.names.join(", ")}.`);
  if (!table.columns[target]) throw invalidParameter(`No target column '${target}' in ${source}; its columns are: ${table.names.join(", ")}.`);
  const labels = labelsOf(table, target);
  const missing = labels.findIndex((l) => l === null);
  if (missing >= 0) throw invalidParameter(`Target column '${target}' is missing at row ${missing + 1} of ${source} (${labels.filter((l) => l === null).length} rows in all); drop or fill those rows before training.`);
  const counts = new Map<string, { label: Label; n: number }>();
  for (const l of labels) {
    const k = keyOf(l!);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { label: l!, n: 1 });
  }
  if (counts.size < 2) throw invalidParameter(`Target column '${target}' is constant (every row is ${JSON.stringify(labels[0])}); a model needs at least two distinct values.`);
  // The task as fit will see it: encodeTarget also refuses a task the labels cannot have.
  const task = encodeTarget(labels as Label[], labels.length, options.task ?? "auto").mapping.task;
  if (task !== "regression") {
    const rare = [...counts.values()].find((c) => c.n < 2);
    if (rare) throw invalidParameter(`Class ${JSON.stringify(rare.label)} of target '${target}' has only ${rare.n} example; every class needs at least 2 (add examples or drop that class's rows).`);
  }

  const columns = options.featureColumns ?? table.names.filter((n) => n !== target);
  if (columns.includes(target)) throw invalidParameter(`The target '${target}' cannot also be a feature column.`);
  for (const c of columns) if (!table.columns[c]) throw invalidParameter(`No feature column '${c}' in ${source}; its columns are: ${table.names.join(", ")}.`);

  // Split first, so the pipeline learns its statistics from the training rows only.
  let trainRows: Int32Array = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  let validRows: Int32Array | null = null;
  if (fraction > 0) {
    const codes = task === "regression" ? undefined : classCodes(labels as Label[]);
    const split = validationSplit(table.rowCount, fraction, seededRandom((options.seed ?? 0) + 1), codes?.codes, codes?.classes);
    trainRows = split.train;
    validRows = split.valid;
  }
  const trainTable = takeRows(table, trainRows);
  const spec = options.features ?? defaultFeatureSpec(table, columns);
  for (const step of spec.steps ?? []) if (step?.columns?.includes(target)) throw invalidParameter(`The feature pipeline reads the target '${target}' (a ${step.type} step); features must not include it.`);
  const pipeline = FeaturePipeline.fit(spec, trainTable, { target: labelsAt(labels, trainRows) as Label[] });
  const trainX = pipeline.transformTraining(trainTable);
  checkFeatures(trainX, trainRows, source);
  const validX = validRows ? pipeline.transform(takeRows(table, validRows)) : null;
  if (validX && validRows) checkFeatures(validX, validRows, source);
  return { table, source, labels, task, config, trainRows, validRows, pipeline, trainX, validX };
}

async function loadTable(options: TrainJobOptions): Promise<{ table: ColumnTable; source: string }> {
  const given = [options.dataset !== undefined && "dataset", options.dataFile !== undefined && "dataFile", options.data !== undefined && "data"].filter(Boolean);
  if (given.length !== 1) throw invalidParameter(given.length ? `Pass one of ${given.join(", ")}, not several.` : `Name the rows to train on: dataset (a shipped dataset), dataFile (a file) or data (rows in memory).`);
  if (options.dataset !== undefined) return { table: await loadColumns(options.dataset), source: `dataset '${options.dataset}'` };
  if (options.dataFile !== undefined) return { table: await readTable(options.dataFile), source: `'${options.dataFile}'` };
  const data = options.data as TrainTable;
  if (Array.isArray(data)) return { table: tableFromRecords(data as ReadonlyArray<Record<string, unknown>>), source: "the records" };
  if (isColumnTable(data)) return { table: data, source: "the table" };
  if (isDataFrame(data)) return { table: fromDataFrame(data), source: "the DataFrame" };
  if (data && typeof data === "object") return { table: tableFromArrays(data as Record<string, ArrayLike<unknown>>), source: "the columns" };
  throw invalidParameter(`data must be a column table, records, columns by name or a DataFrame; got ${typeof data}.`);
}

function isColumnTable(x: unknown): x is ColumnTable {
  const t = x as ColumnTable;
  return typeof t === "object" && t !== null && Array.isArray(t.names) && typeof t.rowCount === "number" && typeof t.columns === "object";
}

function isDataFrame(x: unknown): x is import("danfojs-node").DataFrame {
  const d = x as { columns?: unknown; column?: unknown; shape?: unknown };
  return typeof d === "object" && d !== null && Array.isArray(d.columns) && typeof d.column === "function" && Array.isArray(d.shape);
}

/** The target's values as labels (strings, numbers or booleans); null where missing. */
function labelsOf(table: ColumnTable, name: string): (Label | null)[] {
  const c = table.columns[name]!;
  if (c.type === "string") return Array.from(c.codes, (code) => (code < 0 ? null : c.categories[code]!));
  if (c.type === "date") throw invalidParameter(`Target column '${name}' holds dates; a target must be numbers, strings or booleans.`);
  if (c.type === "boolean") return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v === 1));
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
}

function labelsAt(labels: (Label | null)[], rows: Int32Array): (Label | null)[] {
  return Array.from(rows, (r) => labels[r]!);
}

function classCodes(labels: Label[]): { codes: Int32Array; classes: Label[] } {
  const index = new Map<string, number>();
  const classes: Label[] = [];
  const codes = Int32Array.from(labels, (l) => {
    const k = keyOf(l);
    if (!index.has(k)) index.set(k, classes.length), classes.push(l);
    return index.get(k)!;
  });
  return { codes, classes };
}

/** NaN or infinity after the pipeline, named by feature and by the row of the caller's data. */
function checkFeatures(m: FeatureMatrix, rows: Int32Array, source: string): void {
  const d = m.featureNames.length;
  for (let i = 0; i < m.values.length; i++) {
    if (!Number.isFinite(m.values[i]!)) {
      const feature = m.featureNames[i % d]!;
      throw invalidParameter(`Feature '${feature}' is ${m.values[i]} after the feature pipeline at row ${rows[Math.floor(i / d)]! + 1} of ${source}; impute it in the pipeline spec (numeric step {impute: 'median'}) or drop those rows.`);
    }
  }
}

/** Checks runId / parentRunId and finds (without creating) the experiment; returns its id, or undefined for the current one. */
async function resolveRun(options: TrainJobOptions): Promise<string | undefined> {
  const active = activeRun();
  if (options.runId !== undefined) {
    await getClient().getRun(options.runId); // not found: a clear error, before anything is written
    if (active && active.runId !== options.runId) throw invalidParameter(`Run ${active.runId} is active; runId ${options.runId} must be the active run or there must be none (end it with endRun()).`);
    return undefined;
  }
  if (options.parentRunId !== undefined) {
    const parent = await getClient().getRun(options.parentRunId);
    if (active && active.runId !== options.parentRunId) throw invalidParameter(`Run ${active.runId} is active; parentRunId ${options.parentRunId} must be the active run or there must be none.`);
    if (options.experimentName === undefined) return parent.info.experimentId;
  }
  if (options.experimentName !== undefined) {
    if (typeof options.experimentName !== "string" || !options.experimentName.trim()) throw invalidParameter(`experimentName must be a non-empty string, got ${JSON.stringify(options.experimentName)}.`);
    const found = await getClient().getExperimentByName(options.experimentName);
    if (found?.lifecycleStage === "deleted") throw invalidParameter(`Experiment '${options.experimentName}' is deleted; restore it or pick another name.`);
    return found?.experimentId;
  }
  return undefined;
}

/** The run to log into, and whether this job started it (and so ends it). */
async function openRun(options: TrainJobOptions, experimentId: string | undefined): Promise<{ run: import("../tracking/fluent").ActiveRun; owned: boolean }> {
  const active = activeRun();
  if (options.runId !== undefined) {
    if (active?.runId === options.runId) return { run: active, owned: false };
    return { run: await startRun({ runId: options.runId }), owned: true };
  }
  if (options.experimentName !== undefined && experimentId === undefined) experimentId = await createExperiment(options.experimentName);
  const tags: Record<string, string> = {};
  if (options.parentRunId !== undefined && !active) tags[SYSTEM_TAGS.parentRunId] = options.parentRunId;
  const run = await startRun({ experimentId, runName: options.runName, nested: Boolean(active), tags });
  return { run, owned: true };
}

/** Another process may create the experiment between the look-up and the create: then use theirs. */
async function createExperiment(name: string): Promise<string> {
  try {
    return await getClient().createExperiment(name);
  } catch (e) {
    const theirs = isLabopsError(e, "RESOURCE_ALREADY_EXISTS") ? await getClient().getExperimentByName(name) : null;
    if (!theirs) throw e;
    return theirs.experimentId;
  }
}
