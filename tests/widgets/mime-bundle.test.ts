// The display protocol: Displayable detection, bundle checks, and the host's sink kept on globalThis.

import assert from "node:assert/strict";
import { test } from "node:test";
import { currentDisplaySink, display, DISPLAY, isDisplayable, setDisplaySink, textDisplay, toMimeBundle, type DisplaySink, type MimeBundle } from "../../widgets";

function recordingSink(): DisplaySink & { calls: [string, MimeBundle | boolean | undefined, string?][] } {
  const calls: [string, MimeBundle | boolean | undefined, string?][] = [];
  return {
    calls,
    display: (bundle, id) => void calls.push(["display", bundle, id]),
    update: (bundle, id) => void calls.push(["update", bundle, id]),
    clear: (wait) => void calls.push(["clear", wait]),
  };
}

test("a Displayable is recognised by the registered symbol, so another copy of labops could make it", async () => {
  assert.equal(DISPLAY, Symbol.for("labops.display"));
  const foreign = { [Symbol.for("labops.display")]: async () => ({ "text/plain": "from elsewhere" }) };
  assert.equal(isDisplayable(foreign), true);
  assert.deepEqual(await toMimeBundle(foreign), { "text/plain": "from elsewhere" });
  for (const value of [null, undefined, 42, "text", { text: "no symbol" }, { [DISPLAY]: "not a function" }]) {
    assert.equal(isDisplayable(value), false, String(value));
    assert.equal(await toMimeBundle(value), null);
  }
});

test("textDisplay is plain text only, and a bundle without text/plain is refused", async () => {
  assert.deepEqual(await toMimeBundle(textDisplay("a <b> c")), { "text/plain": "a <b> c" });
  const bad = { [DISPLAY]: async () => ({ "text/html": "<p>x</p>" }) as unknown as MimeBundle };
  await assert.rejects(toMimeBundle(bad), /without a text\/plain string \(keys: text\/html\)/);
});

test("the sink lives on globalThis under Symbol.for('labops.displaySink'); setDisplaySink returns the previous one", () => {
  const key = Symbol.for("labops.displaySink");
  const first = recordingSink();
  const second = recordingSink();
  assert.equal(setDisplaySink(first), null);
  assert.equal((globalThis as Record<symbol, unknown>)[key], first);
  assert.equal(setDisplaySink(second), first);
  assert.equal(currentDisplaySink(), second);
  // What a second copy of the package would do: write the same global slot.
  (globalThis as Record<symbol, unknown>)[key] = first;
  assert.equal(currentDisplaySink(), first);
  assert.equal(setDisplaySink(null), first);
  assert.equal(currentDisplaySink(), null);
});

test("display() goes to the sink with its id, or to stdout as text without one", async (t) => {
  const sink = recordingSink();
  setDisplaySink(sink);
  try {
    await display(textDisplay("shown"), "id-1");
    await display(12.5);
  } finally {
    setDisplaySink(null);
  }
  assert.deepEqual(sink.calls, [
    ["display", { "text/plain": "shown" }, "id-1"],
    ["display", { "text/plain": "12.5" }, undefined],
  ]);
  const logged: unknown[] = [];
  t.mock.method(console, "log", (...args: unknown[]) => void logged.push(args));
  await display(textDisplay("to stdout"));
  assert.deepEqual(logged, [["to stdout"]]);
});
