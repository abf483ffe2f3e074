// An in-memory RegistryStore for tests (URI `memory:`); nothing outlives the process.

import type { RegistryOp } from "./registry-ops";
import { RegistryState } from "./registry-state";
import { LocalRegistryStore } from "./local-registry-store";

export class MemoryRegistryStore extends LocalRegistryStore {
  private state = new RegistryState();

  constructor() {
    super("memory:");
  }

  protected readState(): RegistryState {
    return this.state;
  }

  protected commit(steps: ((state: RegistryState) => RegistryOp | null)[]): void {
    // Applied to a copy, kept only when every step succeeded: all or nothing, as in the file store.
    const draft = RegistryState.fromData(structuredClone(this.state.toData()));
    for (const step of steps) {
      const op = step(draft);
      if (op) draft.apply(op);
    }
    this.state = draft;
  }

  async close(): Promise<void> {}
}
