// Public exports of labops' A/B analysis and gradual rollout: tests on summaries or typed arrays, power, SRM,
// sequential testing, CUPED, Bayesian read-outs, multi-metric analysis, and the rollout state machine.

export { summarizeMean, summarizeProportion, type MeanInput, type MeanSummary, type ProportionInput, type ProportionSummary } from "./arm-summary";
export type { Alternative, CompareOptions, Comparison, Interval } from "./comparison";
export { welchTest } from "./welch-test";
export { proportionsZTest } from "./proportion-test";
export { relativeLift, type LiftEstimate } from "./relative-lift";
export { mannWhitneyTest, type RankTestResult } from "./rank-test";
export { bootstrapDifference, type BootstrapMethod, type BootstrapOptions, type BootstrapResult } from "./bootstrap";
export {
  mdeMeans,
  mdeProportions,
  normalIndPower,
  normalIndSolvePower,
  proportionEffectSize,
  sampleSizeMeans,
  sampleSizeProportions,
  ttestIndPower,
  ttIndSolvePower,
  type MeanPlanOptions,
  type PowerAlternative,
  type PowerArgs,
  type ProportionPlanOptions,
  type SampleSizePlan,
} from "./power";
export { SRM_MIN_COUNT_PER_ARM, SRM_THRESHOLD, srmCheck, type SrmResult } from "./srm";
export { confidenceSequence, csMultiplier, csPValue, msprt, msprtTau2, type ConfidenceSequenceResult, type MsprtOptions, type MsprtResult, type MsprtStep, type SequentialLook } from "./sequential";
export { cupedTest, summarizeCuped, type CupedResult, type CupedSummary } from "./cuped";
export { betaBinomialTest, gaussianEffectTest, LOSE_RISK_THRESHOLD, WIN_RISK_THRESHOLD, type BayesianResult } from "./bayesian";
export {
  analyzeExperiment,
  guardrailStatus,
  type AnalyzeOptions,
  type ExperimentAnalysis,
  type GuardrailStatus,
  type MetricInput,
  type MetricResult,
  type MetricRole,
  type Recommendation,
} from "./experiment";
export { assignVariant, fnv1a32, hashUnit } from "./assignment";
export {
  assignRolloutArm,
  checkRollout,
  decideRollout,
  DEFAULT_ROLLOUT_CONFIG,
  promoteRollout,
  rollbackRollout,
  rolloutWeights,
  startRollout,
  type ActorOptions,
  type AuditEntry,
  type RolloutAction,
  type RolloutCheck,
  type RolloutConfig,
  type RolloutDecision,
  type RolloutState,
  type RolloutStatus,
} from "./rollout";
export { InMemoryRolloutStore, JsonFileRolloutStore, type RolloutStore } from "./rollout-store";
