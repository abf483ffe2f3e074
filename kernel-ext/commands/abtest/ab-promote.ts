// `labops ab promote` and `%ab promote`: the challenger becomes the champion (registry promote + rollout state).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { loadRollout, modelOption, reasonOption, statusText } from "./ab-options";
import { LabopsError } from "../../../src/core/errors"; // already loaded by the CLI

export const abPromote = defineCommand({
  name: "ab promote",
  summary: "Promote the rollout's challenger to champion (the registry's champion alias moves; the reason is audited).",
  surfaces: ["cli", "line"],
  options: [modelOption, reasonOption, JSON_OPTION],
  async run(args, { registry }) {
    const reg = registry();
    const { store, state } = await loadRollout(reg, args.options.model);
    if (state.status !== "running") throw new LabopsError("INVALID_STATE", `the rollout of ${state.name} is already ${state.status}; nothing to promote.`);
    const reason = args.options.reason ?? `A/B rollout: challenger ${state.challenger} promoted from ${state.share * 100}%`;
    const { promoteRollout }: typeof import("../../../src/abtest/rollout") = require("../../../src/abtest/rollout");
    // The alias first (it refuses missing files); then the rollout, undoing the alias if that fails.
    await reg.promote(state.name, Number(state.challenger), { alias: "champion" }, { reason });
    try {
      return await promoteRollout(store, state.name, { reason });
    } catch (e) {
      await reg.store.setRegisteredModelAlias(state.name, "champion", Number(state.champion), { reason: "undo: rollout promotion failed", rollback: true }).catch(() => {});
      throw e;
    }
  },
  text: statusText,
});
