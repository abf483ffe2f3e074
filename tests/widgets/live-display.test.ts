// LiveDisplay throttling on a fake clock, and ProgressBar on a fake sink and on fake terminal streams.

import assert from "node:assert/strict";
import { test } from "node:test";
import { LiveDisplay, ProgressBar, setDisplaySink, type DisplaySink, type MimeBundle } from "../../widgets";
import { FakeClock } from "./fixtures";

function recordingSink(): DisplaySink & { calls: { kind: string; text: string; id: string | undefined; html?: string }[] } {
  const calls: { kind: string; text: string; id: string | undefined; html?: string }[] = [];
  const record = (kind: string) => (bundle: MimeBundle, id?: string) => void calls.push({ kind, text: bundle["text/plain"], id, html: bundle["text/html"] as string | undefined });
  return { calls, display: record("display"), update: record("update"), clear: () => void calls.push({ kind: "clear", text: "", id: undefined }) };
}

const bundle = (i: number): MimeBundle => ({ "text/plain": String(i) });

test("100 updates at once: one display, then only the last value, when close() flushes it", () => {
  const clock = new FakeClock();
  const sink = recordingSink();
  const live = new LiveDisplay({ sink, clock, displayId: "d1" });
  for (let i = 0; i < 100; i++) live.show(bundle(i));
  assert.deepEqual(sink.calls.map((c) => `${c.kind} ${c.text} ${c.id}`), ["display 0 d1"]);
  live.close();
  assert.deepEqual(sink.calls.map((c) => `${c.kind} ${c.text} ${c.id}`), ["display 0 d1", "update 99 d1"]);
  assert.equal(clock.pendingTimers, 0);
  live.close();
  assert.equal(sink.calls.length, 2, "nothing left to flush");
});

test("100 updates over a second at 4 a second: updates every 250 ms carry the newest value, the last one trails", () => {
  const clock = new FakeClock();
  const sink = recordingSink();
  const live = new LiveDisplay({ sink, clock });
  for (let i = 0; i < 100; i++) {
    live.show(bundle(i));
    clock.advance(10);
  }
  // Sent at t=250, 500, 750 (what was newest then) and at t=1000 by the trailing timer.
  assert.deepEqual(sink.calls.map((c) => `${c.kind} ${c.text}`), ["display 0", "update 24", "update 49", "update 74", "update 99"]);
  assert.ok(sink.calls.every((c) => c.id === live.displayId && /^labops-[0-9a-f-]{36}$/.test(c.id)));
  live.close();
  assert.equal(sink.calls.length, 5);
});

test("the rate is configurable; an update after a quiet spell goes out at once; content functions run only when sent", () => {
  const clock = new FakeClock();
  const sink = recordingSink();
  const live = new LiveDisplay({ sink, clock, maxUpdatesPerSecond: 10 });
  let built = 0;
  const lazy = (i: number) => () => (built++, bundle(i));
  live.show(lazy(0));
  for (let i = 1; i <= 50; i++) live.show(lazy(i));
  clock.advance(100);
  assert.deepEqual(sink.calls.map((c) => c.text), ["0", "50"]);
  assert.equal(built, 2);
  clock.advance(5000);
  live.show(bundle(51));
  assert.deepEqual(sink.calls.map((c) => `${c.kind} ${c.text}`), ["display 0", "update 50", "update 51"]);
  assert.throws(() => new LiveDisplay({ maxUpdatesPerSecond: 0 }), /maxUpdatesPerSecond must be a positive number, got 0/);
});

test("without a sink a LiveDisplay does nothing; it follows the host's current sink otherwise", () => {
  const clock = new FakeClock();
  const live = new LiveDisplay({ clock });
  live.show(bundle(1));
  live.close();
  assert.equal(clock.pendingTimers, 0);
  const sink = recordingSink();
  setDisplaySink(sink);
  try {
    live.show(bundle(2));
    live.show(bundle(3));
  } finally {
    setDisplaySink(null);
  }
  live.close(); // the trailing update goes to the sink it was meant for, though the host removed it since
  assert.deepEqual(sink.calls.map((c) => `${c.kind} ${c.text}`), ["display 2", "update 3"]);
});

test("ProgressBar with a sink: a live HTML bar, displayed at once, updated (throttled), final state on close", () => {
  const clock = new FakeClock();
  const sink = recordingSink();
  const stream = { text: "", write(t: string) { this.text += t; } };
  setDisplaySink(sink);
  let bar: ProgressBar;
  try {
    bar = new ProgressBar({ total: 200, label: "train <1>", clock, stream });
  } finally {
    setDisplaySink(null);
  }
  for (let i = 1; i <= 200; i++) {
    clock.advance(10);
    bar.update(i, { loss: 1 / i });
  }
  bar.close();
  assert.equal(stream.text, "", "nothing on the terminal");
  assert.equal(sink.calls[0]!.kind, "display");
  assert.equal(sink.calls[0]!.text, "train <1>   0% |░░░░░░░░░░░░░░░░░░░░░░░░| 0/200 0.0s");
  assert.ok(sink.calls.slice(1).every((c) => c.kind === "update" && c.id === sink.calls[0]!.id));
  // Every 250 ms for 2 s, each built when sent (so from the newest state), then the final state on close.
  assert.equal(sink.calls.length, 1 + 8 + 1);
  assert.equal(sink.calls[1]!.text, "train <1>  12% |███░░░░░░░░░░░░░░░░░░░░░| 24/200 0.3s eta 1.8s loss=0.0416667");
  const last = sink.calls.at(-1)!;
  assert.equal(last.text, "train <1> 100% |████████████████████████| 200/200 2.0s loss=0.005");
  assert.match(last.html!, /^<div class="labops"[^>]*>train &lt;1&gt;<span style="[^"]*"><span style="display:block;height:100%;width:100\.0%;background:#1a7f37"><\/span><\/span>100% 200\/200 2\.0s loss=0\.005<\/div>$/);
  assert.match(sink.calls[4]!.html!, /width:49\.5%;background:#1f6feb/);
  assert.throws(() => bar.update(5), /ProgressBar 'train <1>' is closed/);
});

test("ProgressBar without a sink, not a TTY: one line each 10%, and the final state on close", () => {
  const clock = new FakeClock();
  const lines: string[] = [];
  const bar = new ProgressBar({ total: 50, label: "epochs", clock, stream: { write: (t: string) => void lines.push(t) } });
  for (let i = 1; i <= 37; i++) {
    clock.advance(100);
    bar.update(i);
  }
  bar.close();
  assert.equal(lines.length, 8);
  assert.ok(lines.every((l) => l.endsWith("\n") && !l.includes("\r")));
  assert.equal(lines[0], "epochs  10% |██░░░░░░░░░░░░░░░░░░░░░░| 5/50 0.5s eta 4.5s\n");
  assert.deepEqual(lines.map((l) => l.match(/\d+%/)![0]), ["10%", "20%", "30%", "40%", "50%", "60%", "70%", "74%"]);
  assert.equal(lines[7], "epochs  74% |██████████████████░░░░░░| 37/50 3.7s eta 1.3s\n");
  assert.throws(() => new ProgressBar({ total: 0 }), /total must be a positive number, got 0/);
  assert.throws(() => bar.update(Number.NaN), /closed/);
});

test("ProgressBar on a TTY: redrawn in place with \\r, at most 10 times a second, ended with a newline", () => {
  const clock = new FakeClock();
  const writes: string[] = [];
  const bar = new ProgressBar({ total: 1000, clock, stream: { isTTY: true, write: (t: string) => void writes.push(t) } });
  for (let i = 1; i <= 1000; i++) {
    clock.advance(1);
    bar.update(i, i === 500 ? { acc: 0.5 } : undefined);
  }
  bar.close();
  assert.ok(writes.every((w) => w.startsWith("\r")));
  // At t=0 (start), then every 100 ms up to 900, then at 1000 when done, then close.
  assert.equal(writes.length, 1 + 9 + 1 + 1);
  assert.equal(writes[0], "\r  0% |░░░░░░░░░░░░░░░░░░░░░░░░| 0/1000 0.0s");
  assert.equal(writes.at(-1), "\r100% |████████████████████████| 1000/1000 1.0s acc=0.5\n");
  assert.throws(() => new ProgressBar({ total: 10, stream: { write: () => {} } }).update(-1), /position must be a number >= 0, got -1/);
});

test("ProgressBar beside a sink that shows no updates (an exported script's): drawn on the terminal, the sink untouched", () => {
  const clock = new FakeClock();
  const sink = { ...recordingSink(), live: false };
  const previous = setDisplaySink(sink);
  try {
    const writes: string[] = [];
    const bar = new ProgressBar({ total: 4, label: "epochs", clock, stream: { isTTY: true, write: (t: string) => void writes.push(t) } });
    for (let i = 1; i <= 4; i++) {
      clock.advance(200);
      bar.update(i);
    }
    bar.close();
    assert.deepEqual(sink.calls, []);
    assert.deepEqual(writes.map((w) => w.match(/\d+%/)![0]), ["0%", "25%", "50%", "75%", "100%", "100%"]);
    assert.ok(writes.every((w) => w.startsWith("\r")));
    assert.ok(writes.at(-1)!.endsWith("\n"));
  } finally {
    setDisplaySink(previous);
  }
});
