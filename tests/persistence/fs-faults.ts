// Injects file-system failures (a full disk, a read-only folder) into this process's node:fs, for store tests.
// Patches the module object and syncs its ES-module view too, so lowdb's `import { writeFileSync }` sees it.

import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

type Fn = (...args: never[]) => unknown;

export interface Fault {
  /** Which call fails: the fs function's name and the file it touches. */
  when(call: string, file: string): boolean;
  code: "ENOSPC" | "EACCES" | "EROFS" | "EIO";
  /** For writeSync: write this many bytes of the buffer first, then fail (a short write on a full disk). */
  partialBytes?: number;
}

function errno(code: Fault["code"], call: string, file: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: injected failure, ${call} '${file}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = call;
  e.path = file;
  return e;
}

/** Installs `fault` until the returned function is called; counts how often it fired. */
export function injectFault(fault: Fault): { restore(): void; fired(): number } {
  const fds = new Map<number, string>();
  const saved: Record<string, Fn> = {};
  const target = fs as unknown as Record<string, Fn>;
  let fired = 0;
  const patch = (name: string, make: (orig: Fn) => Fn): void => {
    saved[name] = target[name]!;
    target[name] = make(saved[name]!);
  };
  const fail = (call: string, file: string): void => {
    if (fault.when(call, file)) {
      fired++;
      throw errno(fault.code, call, file);
    }
  };
  patch("openSync", (orig) => (...args: never[]) => {
    const file = String(args[0]);
    const flags = String(args[1] ?? "r");
    if (flags !== "r") fail("open", file);
    const fd = orig(...args) as number;
    fds.set(fd, file);
    return fd;
  });
  patch("closeSync", (orig) => (...args: never[]) => {
    fds.delete(args[0] as number);
    return orig(...args);
  });
  patch("writeSync", (orig) => (...args: never[]) => {
    const file = fds.get(args[0] as number) ?? `fd ${args[0]}`;
    if (fault.when("write", file)) {
      fired++;
      const buf = args[1] as unknown as Uint8Array;
      const offset = (args[2] as unknown as number) ?? 0;
      const part = Math.min(fault.partialBytes ?? 0, buf.length - offset);
      if (part > 0 && offset === 0) return orig(...([args[0], buf, 0, part] as never[]));
      throw errno(fault.code, "write", file);
    }
    return orig(...args);
  });
  patch("fsyncSync", (orig) => (...args: never[]) => {
    fail("fsync", fds.get(args[0] as number) ?? `fd ${args[0]}`);
    return orig(...args);
  });
  for (const name of ["writeFileSync", "appendFileSync", "mkdirSync", "renameSync", "linkSync", "truncateSync"]) {
    patch(name, (orig) => (...args: never[]) => {
      fail(name.replace(/Sync$/, ""), String(args[name === "linkSync" || name === "renameSync" ? 1 : 0]));
      return orig(...args);
    });
  }
  syncBuiltinESMExports();
  return {
    restore() {
      for (const [name, fn] of Object.entries(saved)) target[name] = fn;
      syncBuiltinESMExports();
    },
    fired: () => fired,
  };
}
