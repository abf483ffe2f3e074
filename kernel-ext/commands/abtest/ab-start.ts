// `labops ab start` and `%ab start`: the challenger alias on a version and a rollout at its first stage (10%).

import { UsageError } from "../../../src/cli/args";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { RolloutState } from "../../../src/abtest/rollout";
import { modelOption, positiveNumber, reasonOption, rollouts, statusText } from "./ab-options";
import { LabopsError } from "../../../src/core/errors"; // already loaded by the CLI

export const abStart = defineCommand({
  name: "ab start",
  summary: "Start a rollout: set the challenger alias and send it 10% of traffic (sticky by unit).",
  surfaces: ["cli", "line"],
  options: [
    modelOption,
    { name: "challenger", type: "number", value: "VERSION", description: "The version to test against the champion.", required: true },
    { name: "min-stage-hours", type: "number", value: "H", description: "Hours at a stage before it may expand (default 24)." },
    { name: "min-samples", type: "number", value: "N", description: "Units per arm before a stage may expand (default 1000)." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    const o = args.options;
    if (!Number.isInteger(o.challenger) || o.challenger < 1) throw new UsageError(`--challenger takes a version number (1, 2, ...), got '${o.challenger}'.`);
    const hours = positiveNumber(o["min-stage-hours"], "min-stage-hours");
    const minSamples = o["min-samples"];
    if (minSamples !== undefined && !(Number.isInteger(minSamples) && minSamples >= 2)) throw new UsageError(`--min-samples takes a whole number >= 2, got '${minSamples}'.`);
    const reg = registry();
    const model = await reg.store.getRegisteredModel(o.model);
    const champion = model.aliases.champion;
    if (champion === undefined) throw new UsageError(`${o.model} has no champion alias; promote one first (labops models promote --name ${o.model} --version V --alias champion).`);
    if (champion === o.challenger) throw new UsageError(`--challenger ${o.challenger} is already ${o.model}'s champion; choose another version.`);
    await reg.store.getModelVersion(o.model, o.challenger); // not found: nothing changed
    const store = rollouts(reg);
    const previous = await store.load(o.model);
    if (previous?.status === "running") throw new LabopsError("INVALID_STATE", `a rollout of ${o.model} is running (challenger ${previous.challenger} at ${previous.share * 100}%); promote or roll it back first.`);
    const { startRollout }: typeof import("../../../src/abtest/rollout") = require("../../../src/abtest/rollout");
    // A finished rollout is replaced by the new one (its file keeps the version count, so writers stay ordered).
    const restart = previous
      ? { load: async () => null, save: (name: string, s: RolloutState) => store.save(name, { ...s, audit: [...previous.audit, ...s.audit] }, previous.version) }
      : store;
    const config = { ...(hours !== undefined ? { minStageDurationMs: hours * 3_600_000 } : {}), ...(minSamples !== undefined ? { minSamplesPerArm: minSamples } : {}) };
    // The alias first: promote() refuses a version whose files are missing, before any rollout is written.
    const before = model.aliases.challenger;
    await reg.promote(o.model, o.challenger, { alias: "challenger" }, { reason: o.reason ?? `A/B rollout of version ${o.challenger} against champion ${champion}` });
    try {
      return await startRollout(restart, { name: o.model, champion: String(champion), challenger: String(o.challenger), config, reason: o.reason });
    } catch (e) {
      if (before === undefined) await reg.store.deleteRegisteredModelAlias(o.model, "challenger", { reason: "rollout failed to start" }).catch(() => {});
      else await reg.store.setRegisteredModelAlias(o.model, "challenger", before, { reason: "rollout failed to start" }).catch(() => {});
      throw e;
    }
  },
  text: statusText,
});
