// What the `models` commands share: the model's name, the reason recorded in its history, version numbers
// and stage names.

import { UsageError } from "../../../src/cli/args";
import { MODEL_STAGES, modelStageNamed, type ModelStage } from "../../../src/registry/entities";

export const nameOption = { name: "name", type: "string", value: "NAME", description: "The registered model.", required: true } as const;
export const reasonOption = { name: "reason", type: "string", value: "TEXT", description: "Why: recorded in the model's history." } as const;

/** A version number from an option: a whole number from 1. */
export function versionNumber(value: number | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${option} takes a version number (1, 2, ...), got '${value}'.`);
  return value;
}

/** A stage named in any case, as MLflow takes it. */
export function stageNamed(value: string | undefined): ModelStage | undefined {
  if (value === undefined) return undefined;
  const s = modelStageNamed(value);
  if (!s) throw new UsageError(`--stage takes one of ${MODEL_STAGES.join(", ")}, got '${value}'.`);
  return s;
}
