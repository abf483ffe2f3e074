// A child process for the registry concurrency and crash tests.
// argv: register <store> <model> <count> <model dir>   registers <count> versions, printing each number
//       alias <store> <model> <alias> <versions,...> <rounds>   moves an alias among versions
//       forever <store> <model> <model dir>             registers until killed, printing "ack <version>"

import { ModelRegistryClient } from "../../src";

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
