// labops evaluation: metrics, explanations, fairness, validation gates and model cards. The public names, in one place.
export { encodeLabels, type EncodedLabels, type Label, type LabelArray } from "./labels";
export { toProbaMatrix, type ProbaInput, type ProbaMatrix } from "./scores";
export {
  accuracyScore,
  balancedAccuracyScore,
  classificationReport,
  confusionMatrix,
  type AveragedMetrics,
  type ClassMetrics,
  type ClassificationReport,
  type LabelMetricsOptions,
  type ZeroDivision,
} from "./classification-report";
export {
  auc,
  averagePrecisionScore,
  prAucScore,
  precisionRecallCurve,
  rocAucScore,
  rocAucScoreWithWarnings,
  rocCurve,
  type BinaryOptions,
  type PrecisionRecallCurve,
  type RocAucOptions,
  type RocCurve,
} from "./ranking";
export { brierScoreLoss, calibrationCurve, logLoss, meanConfidence, type CalibrationCurve, type CalibrationOptions, type ProbaOptions } from "./probability-metrics";
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  regressionReport,
  rootMeanSquaredError,
  type RegressionReport,
} from "./regression-metrics";
export { evaluateClassifier, evaluateRegressor, type ClassificationEvaluation, type EvaluateClassifierInput, type ProbabilityMetrics, type RegressionEvaluation } from "./evaluate";
export { fairnessReport, type FairnessInput, type FairnessReport, type GroupRates } from "./fairness";
export { DEFAULT_GATES, loadGateConfig, parseGateConfig, resolveGateConfig, type GateConfig, type GateConfigInput } from "./gate-config";
export { parseYamlSubset } from "./yaml-subset";
export { assertGatesPass, evaluationMetrics, validateModel, type GateOutcome, type GateResult, type ValidateOptions as ValidateModelOptions } from "./gates";
export { gateTagKey, logEvaluation, logGateResult, logModelCard, toJsonSafe, type LogTarget } from "./log-evaluation";
export { buildModelCard, type ModelCard, type ModelCardInput } from "./model-card";
export { permutationImportance, type PermutationImportance, type PermutationImportanceOptions, type PredictFn, type Scoring } from "./permutation-importance";
export { kernelShap, type KernelShapOptions, type NumericPredictFn, type ShapExplanation } from "./kernel-shap";
// Evaluation reads models through the flavor seam; its names stay here too, where evaluate users look for them.
export { LOGISTIC_REGRESSION_FLAVOR, loadPredictor, modelFlavors, registerModelFlavor, type FlavorLoader, type ModelPredictor } from "../models";
