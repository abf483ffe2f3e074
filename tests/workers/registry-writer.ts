// A child process for the registry concurrency and crash tests.
// argv: register <store> <model> <count> <model dir>   registers <count> versions, printing each number
//       alias <store> <model> <alias> <versions,...> <rounds>   moves an alias among versions
//       forever <store> <model> <model dir>             registers until killed, printing "ack <version>"

import fs from "node:fs";
import path from "node:path";
import { ModelRegistryClient } from "../../src";

// LABOPS_TEST_SLOW_FS_MS: every file-system call on the registry's model folder waits that long first (a slow
// disk), so racing writers interleave at every step and a kill -9 lands in the middle of one.
const slowMs = Number(process.env.LABOPS_TEST_SLOW_FS_MS ?? 0);
if (slowMs > 0) {
  const marker = `${path.sep}registry${path.sep}models`;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const patchable = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["existsSync", "statSync", "lstatSync", "readFileSync", "writeFileSync", "renameSync", "rmSync", "linkSync", "mkdirSync", "copyFileSync", "openSync", "readdirSync"]) {
    const real = patchable[name]!;
    patchable[name] = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes(marker)) Atomics.wait(pause, 0, 0, slowMs);
      return real.apply(fs, args);
    };
  }
}

async function main(): Promise<void> {
  const [mode, store, model, ...rest] = process.argv.slice(2);
  const registry = new ModelRegistryClient({ tracking: store!, registry: store! });
  if (mode === "register") {
    for (let i = 0; i < Number(rest[0]); i++) {
      const v = await registry.registerModel({ name: model!, modelPath: rest[1]!, reason: `worker ${process.pid}` });
      process.stdout.write(`${v.version}\n`);
    }
  } else if (mode === "alias") {
    const versions = rest[1]!.split(",").map(Number);
    for (let i = 0; i < Number(rest[2]); i++) {
      await registry.store.setRegisteredModelAlias(model!, rest[0]!, versions[i % versions.length]!, { reason: `pid ${process.pid} round ${i}` });
    }
  } else if (mode === "forever") {
    for (;;) {
      const v = await registry.registerModel({ name: model!, modelPath: rest[0]! });
      process.stdout.write(`ack ${v.version}\n`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
