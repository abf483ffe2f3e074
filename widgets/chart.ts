// A chart as a Displayable: the Vega-Lite spec for frontends that draw it, its SVG for all the others.

import { DISPLAY, DISPLAY_OUTPUTS, displayable, MIME, type Displayable, type MimeBundle, type MultiOutputDisplayable } from "./mime-bundle";
import { renderSvg, type VegaLiteSpec } from "./vega-svg";

/** Legend labels up to this many pixels (Vega's default, 160, cuts ordinary run names). */
export const LEGEND_LABEL_LIMIT = 300;

/**
 * Ticks on whole numbers only. tickMinStep alone is not enough: the Vega-Lite 5 inside JupyterLab still put
 * ticks at 1.5 and format "d" labelled them "2", so an axis read "1 2 2". Explicit values, while few enough.
 */
export function integerAxis(min: number, max: number): Record<string, unknown> {
  if (max - min > 12) return { tickMinStep: 1, format: "d" };
  // ".0f", not "d": with explicit values Vega drops some labels formatted "d" (1 3 for 1 2 3).
  return { values: Array.from({ length: max - min + 1 }, (_, i) => min + i), format: ".0f" };
}

export interface Chart extends Displayable {
  spec: VegaLiteSpec;
  /** The chart as SVG, rendered once on first use. */
  svg(): Promise<string>;
}

/**
 * No text/html in a chart's bundle: JupyterLab ranks text/html (50) above Vega-Lite (57), so an HTML copy
 * would hide the interactive chart. The classic notebook, GitHub and reports take the SVG.
 */
export function vegaLiteChart(spec: VegaLiteSpec, text: string): Chart {
  let svg: Promise<string> | null = null;
  const chart = {
    spec,
    svg: () =>
      (svg ??= renderSvg(spec).catch((e: unknown) => {
        svg = null; // not cached: a later display tries again
        throw e;
      })),
  };
  return displayable(chart, async () => ({ [MIME.text]: text, [MIME.vegaLite]: spec, [MIME.svg]: await chart.svg() }));
}

/**
 * Gives a widget whose HTML holds a chart as inline SVG two outputs for notebooks: the widget without the
 * SVG, then the chart as a chart bundle (see DISPLAY_OUTPUTS: inline SVG vanishes in untrusted notebooks).
 * The widget's own bundle is unchanged.
 */
export function withChartOutput<T extends Displayable>(widget: T, chart: Chart | null): T & MultiOutputDisplayable {
  return Object.assign(widget, {
    [DISPLAY_OUTPUTS]: async (): Promise<MimeBundle[]> => {
      const whole = await widget[DISPLAY]();
      if (!chart) return [whole];
      const svg = await chart.svg();
      const html = whole[MIME.html];
      const table = typeof html === "string" ? { ...whole, [MIME.html]: html.replace(svg, "") } : whole;
      return [table, await chart[DISPLAY]()];
    },
  });
}
