// Runs the RegistryStore contract against the file registry and the memory registry.

import path from "node:path";
import { FileRegistryStore, MemoryRegistryStore, registryStoreContract } from "../../src";
import { tempDir } from "../helpers/temp-dir";

const noWarnings = (m: string): never => {
  throw new Error(`unexpected store warning: ${m}`);
};

registryStoreContract("file registry", { create: () => new FileRegistryStore(path.join(tempDir(), "store"), { onWarning: noWarnings }) });
registryStoreContract("file registry, compacting on every write", {
  create: () => new FileRegistryStore(path.join(tempDir(), "store"), { compactBytes: 1, onWarning: noWarnings }),
});
registryStoreContract("memory registry", { create: () => new MemoryRegistryStore() });
