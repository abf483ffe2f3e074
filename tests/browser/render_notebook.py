"""Opens notebooks in a running JupyterLab with headless Chromium (Playwright) and reports what each output shows.
Usage: render_notebook.py BASE_URL TOKEN OUT_DIR CHROMIUM NOTEBOOK...   (the server must expose the app in the browser)
For each theme (light, dark) and each notebook (a path under the server's root, e.g. trusted/drift.ipynb): screenshots
OUT_DIR/<path with - for />-<theme>-<part>.png of the whole notebook in slices a person can read, and per output of
each code cell the renderer JupyterLab chose, the charts it shows (svg/canvas/img with their size and how much they
draw) and the lowest text contrast in it. Prints one JSON line: {"<path without .ipynb>-<theme>": {"darkTheme": bool,
"cells": [...]}}."""
import json
import os
import sys
import time

from playwright.sync_api import sync_playwright

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
WIDTH = 1280
SLICE = 2100
MAX_HEIGHT = 16_000

# Opens a notebook as a user would (its kernel starts) in a fresh main area.
OPEN = """async (path) => {
  const app = window.jupyterapp;
  const panel = await app.commands.execute('docmanager:open', { path, factory: 'Notebook' });
  window.labopsPanel = panel;
  // Bounded: a page.evaluate has no timeout of its own, and a stuck open would hang the whole run.
  await Promise.race([
    Promise.all([panel.context.ready, panel.revealed]),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${path} did not open within 60 s`)), 60000)),
  ]);
}"""
# Closes it and ends its kernel, so that only one notebook is ever in the page.
CLOSE = """async () => {
  const panel = window.labopsPanel;
  // A kernel still starting on a loaded machine can hold its shutdown for minutes: wait 15 s at most.
  await Promise.race([panel.sessionContext.shutdown().catch(() => {}), new Promise((done) => setTimeout(done, 15000))]);
  panel.dispose();
}"""

# Every Vega output has drawn its chart.
CHARTS_DRAWN = """() => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length > 0
  && [...document.querySelectorAll('.jp-RenderedVegaCommon5')].every((v) => v.querySelector('canvas, svg'))"""

# Runs in the page: every output of every code cell, what rendered it and how readable its text is.
MEASURE = """() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g) || []; return m.map(Number).concat([1]).slice(0, 4); };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  // The colour behind an element: the first ancestor with an opaque enough background.
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // What a chart draws: an SVG's shapes other than axes, legends and backgrounds; a canvas's pixels (per mille)
  // unlike its commonest colour; an image that loaded. Zero is an empty chart.
  const marks = (e) => {
    if (e.tagName.toLowerCase() === 'img') return e.complete && e.naturalWidth > 0 ? 1 : 0;
    if (e.tagName.toLowerCase() === 'canvas') {
      const ctx = e.width && e.height ? e.getContext('2d') : null;
      if (!ctx) return 0;
      const px = ctx.getImageData(0, 0, e.width, e.height).data; const counts = new Map();
      for (let i = 0; i < px.length; i += 4) { const k = px[i + 3] === 0 ? -1 : (px[i] << 16) | (px[i + 1] << 8) | px[i + 2]; counts.set(k, (counts.get(k) || 0) + 1); }
      const common = Math.max(...counts.values());
      return Math.round(((px.length / 4 - common) / (px.length / 4)) * 1000);
    }
    return [...e.querySelectorAll('path, rect, circle, line, polyline, polygon, ellipse')].filter((m) => !m.closest('.role-axis, .role-legend, .role-title, .background') && !m.classList.contains('background'))
      .filter((m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
  };
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  return cells.map((cell, index) => ({
    index,
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map((out) => {
      const charts = [...out.querySelectorAll('svg, canvas, img')].filter((e) => !e.closest('.vega-actions, .vega-embed > details') && !e.parentElement.closest('svg'))
        .map((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
          return { tag: e.tagName.toLowerCase(), width: Math.round(r.width), height: Math.round(r.height), marks: marks(e),
            visible: s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0' && r.width > 0 && r.height > 0 }; })
        // Icons (16 px) are not charts; the drift table's sparklines (90 x 24) are.
        .filter((c) => c.width >= 40 && c.height >= 16);
      let worst = null;
      for (const el of out.querySelectorAll('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (!own || el.closest('svg')) continue;
        const ratio = contrast(rgba(getComputedStyle(el).color), background(el));
        if (worst === null || ratio < worst.ratio) worst = { ratio: Math.round(ratio * 100) / 100, text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color, background: 'rgb(' + background(el).slice(0, 3).join(',') + ')' };
      }
      // Short cells (ids, numbers, times, names) that wrapped onto a second line.
      // The text's own height (a cell is as tall as its row); line-height 'normal' is about 1.2 font sizes.
      const broken = [...out.querySelectorAll('td, th')].filter((td) => { const t = td.textContent.trim(); const s = getComputedStyle(td);
        const lineHeight = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;
        const range = document.createRange(); range.selectNodeContents(td);
        const lines = range.getBoundingClientRect().height / lineHeight;
        return t.length > 1 && t.length <= 40 && lines > 1.6; }).map((td) => td.textContent.trim());
      return { renderer: [...out.classList].filter((c) => c.startsWith('jp-Rendered')).join(' '), charts, worstContrast: worst, brokenWords: broken };
    }),
  }));
}"""


def main():
    base, token, out_dir, chromium, *notebooks = sys.argv[1:]
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            # One JupyterLab page for everything (loading the app costs more than all the rest on a small machine):
            # the server exposes the app (window.jupyterapp), which switches themes and opens and closes notebooks.
            page = browser.new_page(viewport={"width": WIDTH, "height": 2400})
            started = time.time()
            page.goto(f"{base}/lab?token={token}&reset", wait_until="domcontentloaded", timeout=90_000)
            page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
            page.evaluate("() => window.jupyterapp.restored")
            print(f"JupyterLab ready after {time.time() - started:.1f} s", file=sys.stderr)
            for theme, theme_name in THEMES.items():
                page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme', { theme })", theme_name)
                page.wait_for_function("(light) => document.body.dataset.jpThemeLight === light", arg=str(theme == "light").lower(), timeout=30_000)
                for nb in notebooks:
                    started = time.time()
                    page.set_viewport_size({"width": WIDTH, "height": 2400})
                    page.evaluate(OPEN, nb)
                    page.wait_for_selector(".jp-Notebook .jp-OutputArea-output", timeout=60_000)
                    # Vega draws after the page settles; a chart that never comes is what the test catches.
                    try:
                        page.wait_for_function(CHARTS_DRAWN, timeout=15_000, polling=250)
                    except Exception:
                        pass
                    page.wait_for_timeout(300)
                    dark = page.evaluate("() => document.body.dataset.jpThemeLight === 'false'")
                    name = f"{os.path.splitext(nb)[0]}-{theme}"
                    shot = name.replace("/", "-")
                    # The window as tall as the notebook, so every cell is laid out and on the screenshots.
                    height = page.evaluate("() => Math.max(0, ...[...document.querySelectorAll('.jp-WindowedPanel-outer, .jp-NotebookPanel-notebook')].map((e) => e.scrollHeight))")
                    height = min(max(int(height) + 200, 1200), MAX_HEIGHT)
                    page.set_viewport_size({"width": WIDTH, "height": height})
                    page.wait_for_timeout(300)
                    report[name] = {"darkTheme": dark, "cells": page.evaluate(MEASURE)}
                    # In slices at full resolution, for a person to read.
                    for part, top in enumerate(range(0, height, SLICE), start=1):
                        page.screenshot(path=os.path.join(out_dir, f"{shot}-{part}.png"), clip={"x": 0, "y": top, "width": WIDTH, "height": min(SLICE, height - top)})
                    page.evaluate(CLOSE)
                    print(f"{nb} {theme}: done after {time.time() - started:.1f} s", file=sys.stderr)
        finally:
            browser.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
