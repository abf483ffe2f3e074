// The one shape every labops result renders as: a Jupyter MIME bundle, produced by a Displayable.

import { svgAsImages } from "./html";

/**
 * One output in the Jupyter sense: alternative renderings of the same content, keyed by MIME type.
 * A frontend shows exactly one of them (the richest it knows), so every key must stand on its own.
 */
export type MimeBundle = { "text/plain": string } & Record<string, unknown>;

export const MIME = {
  text: "text/plain",
  html: "text/html",
  /** JupyterLab 4 renders v5 natively, not v6: specs are written for v5. */
  vegaLite: "application/vnd.vegalite.v5+json",
  svg: "image/svg+xml",
} as const;

/** Symbol.for, not Symbol(): a notebook that loads two copies of labops still recognises both copies' widgets. */
export const DISPLAY: unique symbol = Symbol.for("labops.display");

/** Anything that renders in a notebook, a headless run or a report. */
export interface Displayable {
  [DISPLAY](): Promise<MimeBundle>;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as Displayable)[DISPLAY] === "function";
}

/** The bundle of a Displayable; null for any other value, which the host shows its own way. */
export async function toMimeBundle(value: unknown): Promise<MimeBundle | null> {
  if (!isDisplayable(value)) return null;
  const bundle = await value[DISPLAY]();
  // A bundle without text/plain would show nothing in a terminal or a log: refuse it where it is made.
  if (typeof bundle?.["text/plain"] !== "string") throw new TypeError(`A Displayable returned a bundle without a text/plain string (keys: ${Object.keys(bundle ?? {}).join(", ") || "none"}).`);
  return bundle;
}

/**
 * Several outputs in a row, for widgets that pair a table with a chart. JupyterLab sanitizes the HTML of an
 * untrusted notebook (any notebook it did not write itself, e.g. one from `labops run`) and drops inline SVG;
 * a chart in an output of its own renders there through its Vega-Lite key, which JupyterLab treats as safe.
 * Hosts show these outputs when a value has them; its single bundle stays for reports and other readers.
 */
export const DISPLAY_OUTPUTS: unique symbol = Symbol.for("labops.displayOutputs");

export interface MultiOutputDisplayable extends Displayable {
  [DISPLAY_OUTPUTS](): Promise<MimeBundle[]>;
}

/**
 * The outputs a host shows for a value: its several outputs, or its one bundle; null if it is not Displayable.
 * Notebook outputs: inline SVG in their HTML becomes images (svgAsImages), which untrusted notebooks keep.
 */
export async function toMimeBundles(value: unknown): Promise<MimeBundle[] | null> {
  if (!isDisplayable(value)) return null;
  const several = (value as Partial<MultiOutputDisplayable>)[DISPLAY_OUTPUTS];
  const bundles = typeof several === "function" ? await several.call(value) : [(await toMimeBundle(value))!];
  for (const b of bundles) {
    if (typeof b?.["text/plain"] !== "string") throw new TypeError(`A Displayable returned an output without a text/plain string (keys: ${Object.keys(b ?? {}).join(", ") || "none"}).`);
  }
  return bundles.map((b) => (typeof b[MIME.html] === "string" && (b[MIME.html] as string).includes("<svg") ? { ...b, [MIME.html]: svgAsImages(b[MIME.html] as string) } : b));
}

/** Adds the display method to a plain object of data fields, so widgets are data first and drawable second. */
export function displayable<T extends object>(fields: T, render: () => MimeBundle | Promise<MimeBundle>): T & Displayable {
  return Object.assign(fields, { [DISPLAY]: async () => render() }) as T & Displayable;
}

/** Text shown as is (no HTML), e.g. a magic's help. */
export function textDisplay(text: string): { text: string } & Displayable {
  return displayable({ text }, () => ({ "text/plain": text }));
}
