// The operations that change the registry; the file store journals them, every local store applies them.

import type { ModelStage, RunSnapshot } from "./entities";

/** Who did it, when and why: every op carries it, and the audit history is made from it. */
export interface OpContext {
  at: number;
  by: string;
  reason?: string;
}

export type RegistryOp = OpContext &
  (
    | { op: "createModel"; name: string; description: string; tags: Record<string, string> }
    | { op: "renameModel"; name: string; newName: string }
    | { op: "updateModel"; name: string; description: string }
    | { op: "deleteModel"; name: string }
    | { op: "setModelTag"; name: string; key: string; value: string }
    | { op: "deleteModelTag"; name: string; key: string }
    | {
        op: "createVersion";
        name: string;
        version: number;
        source: string;
        runId?: string;
        run?: RunSnapshot;
        storageLocation: string;
        dataDigest?: string;
        signature?: unknown;
        metrics?: Record<string, number>;
        description: string;
        tags: Record<string, string>;
      }
    | { op: "updateVersion"; name: string; version: number; description: string }
    | { op: "deleteVersion"; name: string; version: number }
    | { op: "setVersionTag"; name: string; version: number; key: string; value: string }
    | { op: "deleteVersionTag"; name: string; version: number; key: string }
    | { op: "transitionStage"; name: string; version: number; stage: ModelStage; archiveExisting: boolean }
    | { op: "setAlias"; name: string; alias: string; version: number; rollback?: boolean }
    | { op: "deleteAlias"; name: string; alias: string }
  );
