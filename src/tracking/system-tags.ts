// MLflow's system tag keys, so runs logged here sync to MLflow unchanged.

export const SYSTEM_TAGS = {
  runName: "mlflow.runName",
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  parentRunId: "mlflow.parentRunId",
  note: "mlflow.note.content",
} as const;


/** The entry script, as MLflow records `sys.argv[0]`. */
export function currentSourceName(): string {
  return process.env.LABOPS_SOURCE_NAME || process.argv[1] || "<console>";
}
