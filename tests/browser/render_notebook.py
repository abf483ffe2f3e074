"""Opens notebooks in a running JupyterLab with headless Chromium (Playwright) and reports what each output shows.
Usage: render_notebook.py BASE_URL TOKEN SETTINGS_DIR OUT_DIR CHROMIUM NOTEBOOK...
For each theme (light, dark) and each notebook: screenshots OUT_DIR/<notebook>-<theme>-{top,bottom}.png, and per output of
each code cell the renderer JupyterLab chose, the charts it shows (svg/canvas/img with their size) and the
lowest text contrast in it. Prints one JSON line: {"<notebook>-<theme>": {"trusted": bool, "cells": [...]}}."""
import json
import os
import sys
import time

from playwright.sync_api import sync_playwright

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}

# Runs in the page: every output of every code cell, what rendered it and how readable its text is.
MEASURE = """() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g) || []; return m.map(Number).concat([1]).slice(0, 4); };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  // The colour behind an element: the first ancestor with an opaque enough background.
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  return cells.map((cell, index) => ({
    index,
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map((out) => {
      const charts = [...out.querySelectorAll('svg, canvas, img')].filter((e) => !e.closest('.vega-actions, .vega-embed > details'))
        .map((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
          return { tag: e.tagName.toLowerCase(), width: Math.round(r.width), height: Math.round(r.height), visible: s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 }; })
        .filter((c) => c.width >= 60 && c.height >= 60);
      let worst = null;
      for (const el of out.querySelectorAll('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (!own || el.closest('svg')) continue;
        const ratio = contrast(rgba(getComputedStyle(el).color), background(el));
        if (worst === null || ratio < worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color, background: 'rgb(' + background(el).slice(0, 3).join(',') + ')' };
      }
      // Short cells (ids, numbers, times, names) that wrapped onto a second line.
      const broken = [...out.querySelectorAll('td, th')].filter((td) => { const t = td.textContent.trim(); const s = getComputedStyle(td);
        const lines = (td.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight);
        return t.length > 1 && t.length <= 40 && lines > 1.6; }).map((td) => td.textContent.trim());
      return { renderer: [...out.classList].filter((c) => c.startsWith('jp-Rendered')).join(' '), charts, worstContrast: worst, brokenWords: broken };
    }),
  }));
}"""


def main():
    base, token, settings_dir, out_dir, chromium, *notebooks = sys.argv[1:]
    theme_file = os.path.join(settings_dir, "@jupyterlab", "apputils-extension", "themes.jupyterlab-settings")
    os.makedirs(os.path.dirname(theme_file), exist_ok=True)
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        # One context for every page: JupyterLab's scripts come from the cache after the first load.
        context = browser.new_context(viewport={"width": 1280, "height": 4200})
        try:
            for theme, theme_name in THEMES.items():
                with open(theme_file, "w") as f:
                    json.dump({"theme": theme_name}, f)
                for nb in notebooks:
                    # A tall window: the whole notebook is laid out and in one screenshot.
                    started = time.time()
                    page = context.new_page()
                    page.goto(f"{base}/lab/tree/{nb}?token={token}&reset", wait_until="domcontentloaded", timeout=60_000)
                    page.wait_for_selector(".jp-Notebook .jp-OutputArea-output", timeout=60_000)
                    # Vega draws after the page settles; a chart that never comes is what the test catches.
                    try:
                        page.wait_for_selector(".jp-RenderedVegaCommon5 canvas, .jp-RenderedVegaCommon5 svg", timeout=8_000)
                    except Exception:
                        pass
                    page.wait_for_timeout(500)
                    print(f"{nb} {theme}: ready after {time.time() - started:.1f} s", file=sys.stderr)
                    dark = page.evaluate("() => document.body.dataset.jpThemeLight === 'false'")
                    name = f"{os.path.splitext(os.path.basename(nb))[0]}-{theme}"
                    # In two halves at full resolution, for a person to read.
                    page.screenshot(path=os.path.join(out_dir, f"{name}-top.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 2100})
                    page.screenshot(path=os.path.join(out_dir, f"{name}-bottom.png"), clip={"x": 0, "y": 2100, "width": 1280, "height": 2100})
                    report[name] = {"darkTheme": dark, "cells": page.evaluate(MEASURE)}
                    page.close()
        finally:
            browser.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
