// Soft deletion states and view filters shared by experiments and runs (MLflow's LifecycleStage, ViewType).

export type LifecycleStage = "active" | "deleted";

/** Which lifecycle stages a search returns; ACTIVE_ONLY is the default everywhere. */
export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export const VIEW_TYPES: readonly ViewType[] = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"];

export function matchesViewType(stage: LifecycleStage, viewType: ViewType): boolean {
  if (viewType === "ALL") return true;
  return viewType === "ACTIVE_ONLY" ? stage === "active" : stage === "deleted";
}
