// Runs the TrackingStore contract against the file store and the memory store.

import path from "node:path";
import { FileTrackingStore, MemoryTrackingStore, trackingStoreContract } from "../../src";
import { tempDir } from "../helpers/temp-dir";

trackingStoreContract("file store", {
  create: () => new FileTrackingStore(path.join(tempDir(), "store"), { onWarning: (m) => assertNoWarning(m) }),
});

// The file store again, compacting after every write: snapshots must change no answer.
trackingStoreContract("file store, compacting on every write", {
  create: () => new FileTrackingStore(path.join(tempDir(), "store"), { compactBytes: 1, onWarning: (m) => assertNoWarning(m) }),
});

trackingStoreContract("memory store", { create: () => new MemoryTrackingStore(tempDir()) });

function assertNoWarning(message: string): never {
  throw new Error(`unexpected store warning: ${message}`);
}
