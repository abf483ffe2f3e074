// TrialPruned: thrown by an objective (usually after trial.shouldPrune()) to end its trial as PRUNED.

export class TrialPruned extends Error {
  override readonly name = "TrialPruned";
  constructor(message = "Trial was pruned.") {
    super(message);
  }
}

export function isTrialPruned(e: unknown): e is TrialPruned {
  return e instanceof TrialPruned || (e instanceof Error && e.name === "TrialPruned");
}
