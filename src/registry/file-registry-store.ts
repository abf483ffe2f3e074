// The embedded registry: a JournaledState in <store>/registry (snapshot, journal, lock), shared by processes.

import path from "node:path";
import { artifactRepositoryFor, type ArtifactRepository } from "../artifacts";
import { ContentStore } from "../artifacts/content-store";
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
  private readonly contentStore: ContentStore;
  private readonly journaled: JournaledState<RegistryState, RegistryOp, RegistryStateData>;

  /** `storeRoot` is the labops store folder; the registry lives in its registry/ subfolder. */
  constructor(storeRoot: string, options: FileRegistryStoreOptions = {}) {
    const root = path.join(path.resolve(storeRoot), "registry");
    super(pathToFileURL(path.resolve(storeRoot)).href);
    this.root = root;
    this.contentStore = new ContentStore(path.join(path.resolve(storeRoot), "blobs")); // shared with the runs' artifacts
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

  /** Model files under registry/models/<digest>/, as hard links to the store's blobs. */
  modelArtifactRepository(): ArtifactRepository {
    return artifactRepositoryFor(pathToFileURL(path.join(this.root, "models")).href, this.contentStore);
  }

  async close(): Promise<void> {
    this.journaled.forget();
  }
}
