// Where rollout states live: a small interface with compare-and-set versions, an in-memory store for tests and a
// JSON-file store (write to a temp file, then rename; a lock file serialises writers across processes).

import fs from "node:fs";
import path from "node:path";
import { invalidParameter, LabopsError } from "../core/errors";
import type { RolloutState } from "./rollout";

export interface RolloutStore {
  /** The state, or null when no rollout has this name. */
  load(name: string): Promise<RolloutState | null>;
  /**
   * Writes state as version expectedVersion + 1; expectedVersion 0 creates it. Throws a LabopsError with code
   * INVALID_STATE when the stored version differs (someone else wrote first): reload and decide again.
   */
  save(name: string, state: RolloutState, expectedVersion: number): Promise<RolloutState>;
}

function conflict(name: string, expected: number, actual: number): LabopsError {
  return new LabopsError("INVALID_STATE", `rollout "${name}" is at version ${actual}, not ${expected}: another writer changed it; load it again and retry.`);
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) throw invalidParameter(`rollout name "${name}" must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.`);
}

export class InMemoryRolloutStore implements RolloutStore {
  private readonly states = new Map<string, string>();

  async load(name: string): Promise<RolloutState | null> {
    const s = this.states.get(name);
    return s === undefined ? null : (JSON.parse(s) as RolloutState);
  }

  async save(name: string, state: RolloutState, expectedVersion: number): Promise<RolloutState> {
    checkName(name);
    const current = this.states.get(name);
    const actual = current === undefined ? 0 : (JSON.parse(current) as RolloutState).version;
    if (actual !== expectedVersion) throw conflict(name, expectedVersion, actual);
    const saved = { ...state, version: expectedVersion + 1 };
    this.states.set(name, JSON.stringify(saved));
    return JSON.parse(JSON.stringify(saved)) as RolloutState;
  }
}

/** One `<name>.json` per rollout under dir. */
export class JsonFileRolloutStore implements RolloutStore {
  constructor(readonly dir: string) {}

  private file(name: string): string {
    checkName(name);
    return path.join(this.dir, `${name}.json`);
  }

  async load(name: string): Promise<RolloutState | null> {
    try {
      return JSON.parse(await fs.promises.readFile(this.file(name), "utf8")) as RolloutState;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async save(name: string, state: RolloutState, expectedVersion: number): Promise<RolloutState> {
    const file = this.file(name);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const lock = `${file}.lock`;
    let handle: fs.promises.FileHandle | null = null;
    // The lock makes read-compare-rename one step for every writer; a crashed writer's lock older than 30 s is stale.
    for (let attempt = 0; handle === null; attempt++) {
      try {
        handle = await fs.promises.open(lock, "wx");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const age = Date.now() - (await fs.promises.stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (age > 30_000) await fs.promises.rm(lock, { force: true });
        else if (attempt > 200) throw new LabopsError("INVALID_STATE", `rollout "${name}" is locked by another writer (${lock}); retry later.`);
        else await new Promise((r) => setTimeout(r, 10));
      }
    }
    try {
      const current = await this.load(name);
      const actual = current?.version ?? 0;
      if (actual !== expectedVersion) throw conflict(name, expectedVersion, actual);
      const saved = { ...state, version: expectedVersion + 1 };
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify(saved, null, 2));
      await fs.promises.rename(tmp, file);
      return saved;
    } finally {
      await handle.close();
      await fs.promises.rm(lock, { force: true });
    }
  }
}
