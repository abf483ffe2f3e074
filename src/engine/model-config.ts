// Model architecture and training options: types with their defaults, and their validation.

import { invalidParameter } from "../core/errors";

export type Activation = "relu" | "tanh" | "sigmoid" | "elu" | "linear";
const ACTIVATIONS: Activation[] = ["relu", "tanh", "sigmoid", "elu", "linear"];

/** The architecture, stored in the artifact. `linear`: logistic (binary), softmax (multiclass) or linear regression. */
export interface ModelConfig {
  type: "linear" | "mlp";
  /** mlp only; default [100] (as scikit-learn's MLPClassifier). */
  hiddenLayerSizes?: number[];
  /** mlp only; default relu. */
  activation?: Activation;
  /** mlp only: dropout rate after each hidden layer, default 0. */
  dropout?: number;
  /** mlp only: batch normalisation before each hidden activation, default false. */
  batchNorm?: boolean;
  /** L2 penalty on the weights (not biases), scikit-learn's alpha: 0.5 * l2 * sum(w^2) / batch rows; default 1e-4 for mlp, 0 for linear. */
  l2?: number;
  /** L1 penalty, l1 * sum(|w|) / batch rows; default 0. */
  l1?: number;
}

export interface ResolvedConfig {
  type: "linear" | "mlp";
  hiddenLayerSizes: number[];
  activation: Activation;
  dropout: number;
  batchNorm: boolean;
  l2: number;
  l1: number;
}

export function resolveConfig(config: ModelConfig): ResolvedConfig {
  if (!config || (config.type !== "linear" && config.type !== "mlp")) throw invalidParameter(`Unknown model type ${JSON.stringify(config?.type)}; use 'linear' or 'mlp'.`);
  const mlp = config.type === "mlp";
  const hidden = mlp ? config.hiddenLayerSizes ?? [100] : [];
  if (!mlp && config.hiddenLayerSizes?.length) throw invalidParameter(`A 'linear' model has no hidden layers; use type 'mlp' for hiddenLayerSizes ${JSON.stringify(config.hiddenLayerSizes)}.`);
  for (const h of hidden) if (!Number.isInteger(h) || h < 1) throw invalidParameter(`hiddenLayerSizes must be positive integers, got ${JSON.stringify(hidden)}.`);
  const activation = config.activation ?? "relu";
  if (!ACTIVATIONS.includes(activation)) throw invalidParameter(`Unknown activation '${activation}'; use one of ${ACTIVATIONS.join(", ")}.`);
  const dropout = config.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw invalidParameter(`dropout must be in [0, 1), got ${dropout}.`);
  const l2 = config.l2 ?? (mlp ? 1e-4 : 0), l1 = config.l1 ?? 0;
  if (!(l2 >= 0) || !(l1 >= 0)) throw invalidParameter(`l1 and l2 must be non-negative numbers, got l1=${l1}, l2=${l2}.`);
  return { type: config.type, hiddenLayerSizes: [...hidden], activation, dropout, batchNorm: mlp && !!config.batchNorm, l2, l1 };
}
