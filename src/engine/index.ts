// The training engine's public names (src/index.ts re-exports them).

export { BACKEND_NAMES, engineInfo, enginesDir, ensureEngine, initEngine, type BackendAttempt, type BackendName, type BackendRequest, type EngineInfo, type InitEngineOptions } from "./backend";
export { pruningCallback, trackingCallback, type Callback, type EpochLogs, type PrunableTrial, type TrainingControl } from "./callbacks";
export type { ModelInput } from "./inputs";
export { rocAuc } from "./metrics";
export { loadTrainedModel, logModel, MODEL_FORMAT, MODEL_FORMAT_VERSION, saveModel, type ModelManifest } from "./model-artifact";
export type { Activation, ModelConfig } from "./model-config";
export type { LearningRateSchedule } from "./schedules";
export type { Label, LabelMapping, Task } from "./target";
export { fit, type EarlyStopping, type FitOptions } from "./trainer";
export { TrainedModel } from "./trained-model";
export { MODEL_KINDS, trainJob, type ModelKind, type TrainJobOptions, type TrainJobResult, type TrainTable } from "./train-job";
export { defaultFeatureSpec } from "./default-features";
