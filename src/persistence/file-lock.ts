// A cross-process lock on one file, for stores shared by several processes on one machine.
// The lock file is created whole with link(2), names its owner, and is taken over once that owner is dead.
// Each taker first writes its own staging file <lock>.<nonce>; one killed in between leaves it behind, and the
// next holder removes those whose owner is dead.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { LabopsError } from "../core/errors";

interface LockOwner {
  pid: number;
  host: string;
  /** The owner's start time in clock ticks since boot (Linux), so a reused pid is not taken for the owner. */
  start: string;
  nonce: string;
}

/** An unreadable staging file younger than this may belong to a taker that is writing it right now. */
const STAGING_GRACE_MS = 60_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function processStartTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // cannot tell for another machine: wait for its release
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  const start = processStartTime(owner.pid);
  return start === "" || owner.start === "" || start === owner.start;
}

export interface FileLockOptions {
  /** How long to wait for a live owner before giving up. */
  timeoutMs?: number;
  onWarning?: (message: string) => void;
}

export class FileLock {
  private readonly owner: string;
  private readonly stagingPath: string;
  private held = false;
  private stagingSwept = false;

  constructor(
    readonly lockPath: string,
    private readonly options: FileLockOptions = {},
  ) {
    const nonce = randomBytes(8).toString("hex");
    const me: LockOwner = { pid: process.pid, host: os.hostname(), start: processStartTime(process.pid), nonce };
    this.owner = JSON.stringify(me);
    this.stagingPath = `${lockPath}.${nonce}`;
  }

  withLock<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  acquire(): void {
    if (this.held) throw new LabopsError("INTERNAL_ERROR", `Lock ${this.lockPath} is already held by this process.`);
    const deadline = Date.now() + (this.options.timeoutMs ?? 30_000);
    try {
      fs.writeFileSync(this.stagingPath, this.owner);
      for (let wait = 0.05; ; wait = Math.min(wait * 2, 5)) {
        try {
          fs.linkSync(this.stagingPath, this.lockPath);
          this.held = true;
          if (!this.stagingSwept) this.sweepStaleStaging();
          return;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        const current = this.readOwner();
        if (current && !isAlive(current.owner)) {
          this.takeOverFrom(current.text, current.owner);
          continue;
        }
        if (Date.now() > deadline) {
          throw new LabopsError(
            "INTERNAL_ERROR",
            `The store is busy: ${this.lockPath} has been held by process ${current?.owner.pid ?? "?"} for over ` +
              `${this.options.timeoutMs ?? 30_000} ms. If no labops process is running, delete that file.`,
          );
        }
        sleepSync(wait);
      }
    } finally {
      try {
        fs.rmSync(this.stagingPath, { force: true });
      } catch {
        // swept by a later holder once this process is gone
      }
    }
  }

  /** Never throws: the work done under the lock has succeeded by now, and its caller must not hear otherwise. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    try {
      fs.rmSync(this.lockPath, { force: true });
    } catch (e) {
      this.options.onWarning?.(
        `Could not remove the lock ${this.lockPath} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ` +
          `other writers wait for it until this process ends, then take it over.`,
      );
    }
  }

  /** Once per lock object, while holding the lock: removes staging files of takers that died. */
  private sweepStaleStaging(): void {
    this.stagingSwept = true;
    const dir = path.dirname(this.lockPath);
    const pattern = new RegExp(`^${escapeRegExp(path.basename(this.lockPath))}\\.[0-9a-f]{16}$`);
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => pattern.test(n));
    } catch {
      return; // tidying only: never fail the write for it
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (file === this.stagingPath) continue;
      try {
        const text = fs.readFileSync(file, "utf8");
        let owner: LockOwner | null = null;
        try {
          owner = JSON.parse(text) as LockOwner;
        } catch {
          // Killed between creating and writing it: judge by age instead.
        }
        const stale = owner ? !isAlive(owner) : Date.now() - fs.statSync(file).mtimeMs > STAGING_GRACE_MS;
        if (!stale) continue;
        fs.rmSync(file, { force: true });
        this.options.onWarning?.(`Removed ${file}, a lock staging file left by ${owner ? `process ${owner.pid}, which died` : "a process that died"}.`);
      } catch {
        // gone meanwhile, or not ours to remove
      }
    }
  }

  private readOwner(): { text: string; owner: LockOwner } | null {
    try {
      const text = fs.readFileSync(this.lockPath, "utf8");
      return { text, owner: JSON.parse(text) as LockOwner };
    } catch {
      return null; // released meanwhile, or not ours to judge: try again
    }
  }

  /**
   * Removes a dead owner's lock. Only one process at a time may do this (a second, short-lived lock), and it
   * removes the file only if it still holds the dead owner's text, so a live owner's fresh lock is never removed.
   */
  private takeOverFrom(deadText: string, dead: LockOwner): void {
    const mutex = `${this.lockPath}.takeover`;
    try {
      fs.mkdirSync(mutex);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const age = Date.now() - (fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10_000) fs.rmSync(mutex, { recursive: true, force: true }); // its taker died too
      sleepSync(1);
      return;
    }
    try {
      if (this.readOwner()?.text === deadText) {
        fs.rmSync(this.lockPath, { force: true });
        this.options.onWarning?.(`Took over ${this.lockPath} from process ${dead.pid}, which died holding it.`);
      }
    } finally {
      fs.rmSync(mutex, { recursive: true, force: true });
    }
  }
}
