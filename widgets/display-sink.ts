// The seam where a host (the Jupyter kernel, the headless notebook runner, an exporter) receives displays.

import { toMimeBundles, type MimeBundle } from "./mime-bundle";

export interface DisplaySink {
  /** A new output; with a display id, later updates replace it in place. */
  display(bundle: MimeBundle, displayId?: string): void;
  update(bundle: MimeBundle, displayId: string): void;
  /** Clears the running cell's outputs; with wait, only when the next output arrives (no flicker). */
  clear(wait?: boolean): void;
  /**
   * False where updates are never seen (a script saving each display to a file): live widgets such as the
   * progress bar then draw on the terminal instead. Default true.
   */
  live?: boolean;
}

// On globalThis under a registered symbol: a notebook may load two copies of labops (its own and the
// kernel's), and both must see the sink the host installed.
const SINK_KEY = Symbol.for("labops.displaySink");
type SinkHolder = { [SINK_KEY]?: DisplaySink | null };

/** Installs the host's sink (null removes it); returns the previous one so a host can restore it. */
export function setDisplaySink(sink: DisplaySink | null): DisplaySink | null {
  const holder = globalThis as SinkHolder;
  const previous = holder[SINK_KEY] ?? null;
  holder[SINK_KEY] = sink;
  return previous;
}

export function currentDisplaySink(): DisplaySink | null {
  return (globalThis as SinkHolder)[SINK_KEY] ?? null;
}

/**
 * Shows a value now, in the middle of a cell: through the host's sink, or as text on stdout in a plain script.
 * Values that are not Displayable go through as their String().
 */
export async function display(value: unknown, displayId?: string): Promise<void> {
  const bundles = (await toMimeBundles(value)) ?? [{ "text/plain": String(value) }];
  const sink = currentDisplaySink();
  // A display id names one output: with several, it goes to the last (the chart), which updates replace.
  bundles.forEach((bundle, i) => {
    const id = i === bundles.length - 1 ? displayId : undefined;
    if (sink) sink.display(bundle, id);
    else console.log(bundle["text/plain"]);
  });
}

/** Clears the running cell's outputs (IPython's clear_output); with wait, when the next output arrives. */
export function clearOutput(wait = false): void {
  currentDisplaySink()?.clear(wait);
}
