// labops tune: Optuna-shaped hyperparameter studies stored on the tracking store (public exports).

export { createStudy, loadStudy, Study } from "./study";
export type { ConstraintsFunc, CreateStudyOptions, Objective, OptimizeOptions, StudyCallback, TellOptions } from "./study";
export { Trial } from "./trial";
export { TrialPruned } from "./trial-pruned";
export type { FrozenTrial, StudyDirection, StudyView, TrialState } from "./frozen-trial";
export { categoricalDistribution, floatDistribution, intDistribution } from "./distributions";
export type { CategoricalChoice, CategoricalDistribution, Distribution, FloatDistribution, IntDistribution, ParamValue } from "./distributions";
export { TUNE_TAGS } from "./study-storage";
export type { Sampler } from "./samplers/base-sampler";
export { RandomSampler } from "./samplers/random-sampler";
export { TPESampler, defaultGamma, defaultWeights, hyperoptDefaultGamma, type TPESamplerOptions } from "./samplers/tpe-sampler";
export { NSGAIISampler, type NSGAIISamplerOptions } from "./samplers/nsga2-sampler";
export { GridSampler } from "./samplers/grid-sampler";
export { QMCSampler } from "./samplers/qmc-sampler";
export type { Pruner } from "./pruners/base-pruner";
export { NopPruner } from "./pruners/nop-pruner";
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions } from "./pruners/percentile-pruner";
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from "./pruners/successive-halving-pruner";
export { HyperbandPruner, type HyperbandPrunerOptions } from "./pruners/hyperband-pruner";
export { PatientPruner } from "./pruners/patient-pruner";
export { getParamImportances, type ParamImportanceOptions } from "./importance";
export { defaultSearchSpace, describeSearchSpace, loadSearchSpace, parseSearchSpace, searchSpaceToJson, suggestParams, trainingConfig, TUNABLE_PARAMS, type ModelKind, type SearchSpace, type TrialTrainingConfig } from "./search-space";
export { countStates, PRUNER_NAMES, SAMPLER_NAMES, TUNE_OBJECTIVE, tuneJob, type PrunerName, type SamplerName, type TuneJobOptions, type TuneJobResult } from "./tune-job";
