// Makes Jupyter's interrupt stop a cell that blocks the event loop after an `await` (a %%track cell's loop, any
// cell with a magic or an await before its loop), which tslab's breakOnSigint cannot reach.
//
// Why a thread and a helper process: tslab runs a cell with vm's breakOnSigint, which only covers the cell's
// synchronous start. Code after the first `await` runs from the microtask queue; if it loops, the main thread
// never returns to the event loop, so no SIGINT handler of ours runs. Worker threads get no signals in Node,
// so a tiny shell in the kernel's process group (Jupyter signals the whole group, `os.killpg`) turns SIGINT
// into a line on a pipe; a worker thread reads it and, when the main thread has not reacted in time, stops
// the running JavaScript through the inspector (Runtime.terminateExecution, what DevTools' stop button does).
// The main thread then handles the SIGINT as usual: the cell fails with KeyboardInterrupt.

import { Worker } from "node:worker_threads";

/** How long the main thread has to react to SIGINT itself before the worker stops what it runs. */
export const GRACE_MS = 200;

// Slots of the shared array.
const RUNNING = 0; // sequence number of the cell running now, 0 when none
const SEEN = 1; // the cell during which the main thread's SIGINT handler last ran

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const inspector = require("node:inspector");
const { shared, graceMs, RUNNING, SEEN } = workerData;
// Traps SIGINT and prints a line; ends when the kernel is gone. Background sleeps ignore SIGINT (POSIX).
const relay = spawn("/bin/sh", ["-c", 'trap "echo i" INT; while kill -0 $PPID 2>/dev/null; do sleep 1 & wait $!; done'], { stdio: ["ignore", "pipe", "ignore"] });
relay.stdout.on("data", () => {
  const cell = Atomics.load(shared, RUNNING);
  if (cell === 0) return;
  setTimeout(() => {
    // Still the same cell, and the main thread never got to its SIGINT handler: it is stuck in JavaScript.
    if (Atomics.load(shared, RUNNING) !== cell || Atomics.load(shared, SEEN) === cell) return;
    const session = new inspector.Session();
    session.connectToMainThread();
    session.post("Runtime.terminateExecution", () => session.disconnect());
  }, graceMs);
});
relay.on("error", () => {});
`;

export class InterruptWatchdog {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private cell = 0;
  private worker: Worker | null = null;

  /** Starts the thread and its helper; a platform without /bin/sh keeps tslab's own interrupt only. */
  start(): this {
    if (process.platform === "win32") return this;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared: this.shared, graceMs: GRACE_MS, RUNNING, SEEN } });
    this.worker.unref(); // never what keeps the kernel alive
    this.worker.on("error", (e) => console.error("labops kernel: interrupt watchdog failed:", e));
    return this;
  }

  cellStarted(): void {
    this.cell = (this.cell % 0x7fffffff) + 1;
    Atomics.store(this.shared, RUNNING, this.cell);
  }

  cellEnded(): void {
    Atomics.store(this.shared, RUNNING, 0);
  }

  /** Called from the main thread's SIGINT handler: it is not stuck, the usual interrupt will do. */
  sigintSeen(): void {
    Atomics.store(this.shared, SEEN, Atomics.load(this.shared, RUNNING));
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
