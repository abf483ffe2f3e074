// What every contract suite shares: a fresh store per test, closed afterwards, and checks on LabopsError codes.

import assert from "node:assert/strict";
import { LabopsError } from "../core/errors";

export interface ContractHooks<Store> {
  /** A new, empty store for each test. */
  create(): Store | Promise<Store>;
  /** Called after each test with the store it used. */
  dispose?(store: Store): void | Promise<void>;
}

export async function rejectsWith(promise: Promise<unknown>, code: LabopsError["code"], pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof LabopsError, `expected a LabopsError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

/**
 * node:test's `describe`, and a `test` that gives each body a fresh store. node:test is loaded here, when a
 * suite is registered, so that importing labops never loads the test runner.
 */
export function contractRunner<Store extends object>(hooks: ContractHooks<Store>) {
  const { describe, it } = require("node:test") as typeof import("node:test");
  const test = (title: string, body: (store: Store) => Promise<void>): void => {
    it(title, async () => {
      const store = await hooks.create();
      try {
        await body(store);
      } finally {
        await (store as { close?(): Promise<void> }).close?.(); // stores have one; artifact repositories do not
        await hooks.dispose?.(store);
      }
    });
  };
  return { describe, test };
}
