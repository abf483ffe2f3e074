// An in-memory RegistryStore for tests (URI `memory:`); nothing outlives the process.

import { randomBytes } from "node:crypto";
import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { MemoryArtifactRepository } from "../artifacts/memory-artifact-repository";
import type { RegistryOp } from "./registry-ops";
import { RegistryState } from "./registry-state";
import { LocalRegistryStore } from "./local-registry-store";

export class MemoryRegistryStore extends LocalRegistryStore {
  private state = new RegistryState();
  /** Model files stay in memory too, under a name of this store's own. */
  private readonly files = new MemoryArtifactRepository(`memory://registry-${randomBytes(6).toString("hex")}/models`);

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

  modelArtifactRepository(): ArtifactRepository {
    return this.files;
  }

  async close(): Promise<void> {}
}
