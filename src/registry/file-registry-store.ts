// The embedded registry: a JournaledState in <store>/registry (snapshot, journal, lock), shared by processes.

import path from "node:path";
import { pathToFileURL } from "node:url";
import { JournaledState } from "../persistence/journaled-state";
import { storeWarning } from "../persistence/store-warning";
import { LocalRegistryStore } from "./local-registry-store";
import type { RegistryOp } from "./registry-ops";
import { RegistryState, type RegistryStateData } from "./registry-state";

export interface FileRegistryStoreOptions {
  fsync?: boolean;
  compactBytes?: number;
  lockTimeoutMs?: number;
  onWarning?: (message: string) => void;
}

export class FileRegistryStore extends LocalRegistryStore {
  readonly root: string;
  private readonly journaled: JournaledState<RegistryState, RegistryOp, RegistryStateData>;

  /** `storeRoot` is the labops store folder; the registry lives in its registry/ subfolder. */
  constructor(storeRoot: string, options: FileRegistryStoreOptions = {}) {
    const root = path.join(path.resolve(storeRoot), "registry");
    super(pathToFileURL(path.resolve(storeRoot)).href);
    this.root = root;
    this.journaled = new JournaledState({
      root,
      create: () => new RegistryState(),
      fromData: (data) => RegistryState.fromData(data),
      fsync: options.fsync ?? process.env.LABOPS_FSYNC === "1",
      compactBytes: options.compactBytes ?? 16 * 1024 * 1024,
      lockTimeoutMs: options.lockTimeoutMs,
      warn: options.onWarning ?? storeWarning,
    });
  }

  protected readState(): RegistryState {
    return this.journaled.read();
  }

  protected commit(steps: ((state: RegistryState) => RegistryOp | null)[]): void {
    this.journaled.commit(steps);
  }

  async close(): Promise<void> {
    this.journaled.forget();
  }
}
