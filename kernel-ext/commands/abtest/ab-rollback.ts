// `labops ab rollback` and `%ab rollback`: the champion takes all traffic again (rollout state + registry).

import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import type { RolloutState } from "../../../src/abtest/rollout";
import { loadRollout, modelOption, reasonOption, statusText } from "./ab-options";
import { LabopsError } from "../../../src/core/errors"; // already loaded by the CLI

export const abRollback = defineCommand({
  name: "ab rollback",
  summary: "Roll back: a running rollout stops (champion serves all); a promoted one restores the earlier champion.",
  surfaces: ["cli", "line"],
  options: [modelOption, reasonOption, JSON_OPTION],
  async run(args, { registry }) {
    const reg = registry();
    const { store, state } = await loadRollout(reg, args.options.model);
    if (state.status === "rolled_back") throw new LabopsError("INVALID_STATE", `the rollout of ${state.name} is already rolled back.`);
    const reason = args.options.reason ?? `A/B rollout: challenger ${state.challenger} rolled back`;
    if (state.status === "running") {
      const { rollbackRollout }: typeof import("../../../src/abtest/rollout") = require("../../../src/abtest/rollout");
      return rollbackRollout(store, state.name, { reason });
    }
    // Promoted: the champion alias goes back to the rollout's champion, then the state records it.
    const { currentUser }: typeof import("../../../src/core/current-user") = require("../../../src/core/current-user");
    await reg.rollback(state.name, { alias: "champion", toVersion: Number(state.champion), reason });
    const at = new Date().toISOString();
    const next: RolloutState = { ...state, status: "rolled_back", share: 0, stageStartedAt: at, audit: [...state.audit, { action: "rollback", from: { status: state.status, share: state.share }, to: { status: "rolled_back", share: 0 }, at, by: currentUser(), reasons: [reason] }] };
    try {
      return await store.save(state.name, next, state.version);
    } catch (e) {
      await reg.store.setRegisteredModelAlias(state.name, "champion", Number(state.challenger), { reason: "undo: rollout rollback failed" }).catch(() => {});
      throw e;
    }
  },
  text: statusText,
});
