// `labops doctor` and `%doctor`: which training backend labops uses here, its threads, and for every other
// backend the exact reason it was not used (LABOPS_BACKEND chooses; `auto` tries them in order).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { EngineInfo } from "../../../src/engine/backend";

export const doctorCommand = defineCommand({
  name: "doctor",
  summary: "Show the training engine: the backend in use, its devices and threads, and why each other backend was not used.",
  surfaces: ["cli", "line"],
  options: [JSON_OPTION],
  async run(): Promise<EngineInfo> {
    const engine: typeof import("../../../src/engine/backend") = require("../../../src/engine/backend");
    await engine.initEngine();
    return engine.engineInfo()!;
  },
  text: (info) =>
    [
      `backend ${info.backend} (asked: ${info.requested}), ${info.threads} thread${info.threads === 1 ? "" : "s"}, tfjs ${info.tfjsVersion}`,
      `device ${info.devices.join(", ")}`,
      "",
      ...info.attempts.map((a) => `${a.used ? "*" : " "} ${a.backend.padEnd(15)}${a.used ? "in use" : a.reason ?? "not tried: an earlier backend was chosen"}`),
    ].join("\n"),
});
