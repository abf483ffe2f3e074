// MLflow's system tag keys, so runs logged here sync to MLflow unchanged.

import os from "node:os";

export const SYSTEM_TAGS = {
  runName: "mlflow.runName",
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  parentRunId: "mlflow.parentRunId",
  note: "mlflow.note.content",
} as const;

/** Who is logging: LABOPS_USER, else MLFLOW_TRACKING_USERNAME, else the OS user. */
export function currentUser(): string {
  const fromEnv = process.env.LABOPS_USER || process.env.MLFLOW_TRACKING_USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}

/** The entry script, as MLflow records `sys.argv[0]`. */
export function currentSourceName(): string {
  return process.env.LABOPS_SOURCE_NAME || process.argv[1] || "<console>";
}
