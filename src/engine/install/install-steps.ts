// Runs one external command of an engine install (pip, npm, unzip, nm, gcc, node-pre-gyp) in its own process group, so an interrupted install can stop it and everything it started.

import { spawn } from "node:child_process";
import { LabopsError } from "../../core/errors";

export interface StepCommand {
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** The error an aborted install throws; the installer catches it to say nothing was installed. */
export class InstallInterrupted extends Error {
  override readonly name = "InstallInterrupted";
}

const lastLines = (text: string, n: number): string =>
  text.split("\n").map((l) => l.trim()).filter((l) => l && !/^npm (notice|warn)/i.test(l)).slice(-n).join(" | ");

/** Runs the command; resolves with its stdout, rejects with its last lines of output when it fails. */
export function runStep(what: string, c: StepCommand): Promise<string> {
  return new Promise((resolve, reject) => {
    if (c.signal?.aborted) return reject(new InstallInterrupted(what));
    const child = spawn(c.cmd, c.args, { cwd: c.cwd, env: c.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const kill = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM"); // the whole group: npm and node-gyp start their own children
      } catch {
        /* already gone */
      }
    };
    c.signal?.addEventListener("abort", kill, { once: true });
    child.on("error", (e) => {
      c.signal?.removeEventListener("abort", kill);
      reject(new LabopsError("INVALID_STATE", `${what}: could not start ${c.cmd} (${e.message}).`));
    });
    child.on("close", (code, sig) => {
      c.signal?.removeEventListener("abort", kill);
      if (c.signal?.aborted) return reject(new InstallInterrupted(what));
      if (code === 0) return resolve(out);
      const tail = lastLines(err + "\n" + out, 4) || `no output`;
      reject(new LabopsError("INVALID_STATE", `${what} failed (${[c.cmd, ...c.args].join(" ")} exited with ${sig ?? code}): ${tail}`));
    });
  });
}
