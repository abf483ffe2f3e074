// A chart as a Displayable: the Vega-Lite spec for frontends that draw it, its SVG for all the others.

import { displayable, MIME, type Displayable } from "./mime-bundle";
import { renderSvg, type VegaLiteSpec } from "./vega-svg";

/** Legend labels up to this many pixels (Vega's default, 160, cuts ordinary run names). */
export const LEGEND_LABEL_LIMIT = 300;

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
