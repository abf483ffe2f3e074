// Vega-Lite specs rendered to SVG in Node, for frontends and reports that have no Vega renderer.

/** A Vega-Lite v5 spec. Typed loosely on purpose: vega-lite's own types do not resolve under tslab's Node10 resolution. */
export type VegaLiteSpec = Record<string, unknown> & { $schema: string };

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

// The few members of vega and vega-lite used here.
interface VegaView {
  toSVG(): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: "none" }) => VegaView;
}
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

let modules: Promise<[VegaModule, VegaLiteModule]> | null = null;

// vega and vega-lite are ES modules with top-level await: require() cannot load them (ERR_REQUIRE_ASYNC_MODULE),
// and a static import would put them in the CommonJS graph that tslab require()s. Only this import() loads them.
function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import("vega"), import("vega-lite")]).then(
    ([vega, vl]) => [vega as unknown as VegaModule, vl as unknown as VegaLiteModule],
    (e: unknown) => {
      modules = null; // a later call may find them installed
      throw new Error(`Rendering a chart as SVG needs the packages vega and vega-lite: ${(e as Error).message}`, { cause: e });
    },
  );
  return modules;
}

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vl] = await loadVega();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize(); // releases the view's timers and listeners
  }
}
