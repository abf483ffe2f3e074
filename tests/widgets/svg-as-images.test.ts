// Notebook outputs carry charts inside HTML as <img> data URLs: JupyterLab's sanitizer (untrusted notebooks)
// drops inline <svg>; the single bundle (reports, other readers) keeps the SVG inline.

import assert from "node:assert/strict";
import { test } from "node:test";
import { driftReport } from "../../src/drift";
import { svgAsImages, toMimeBundle, toMimeBundles } from "../../widgets";
import { driftReportWidget } from "../../widgets/drift";
import { choices, normals } from "../drift/helpers";

const EVIL = '"><script>alert(1)</script>';

test("every inline SVG of a widget's notebook output becomes an image of the same SVG, size and title", async () => {
  const ref = { calm: normals(500, 0, 1, 1), [EVIL]: normals(500, 0, 1, 2), color: choices(500, ["r", "g", "b"], [1, 1, 1], 3) };
  const cur = { calm: normals(400, 0, 1, 4), [EVIL]: normals(400, 1, 1, 5), color: choices(400, ["r", "g", "b"], [2, 1, 1], 6) };
  const widget = driftReportWidget(driftReport(ref, cur));
  const inline = (await toMimeBundle(widget))!["text/html"] as string;
  const svgs = inline.match(/<svg\b[\s\S]*?<\/svg>/g)!;
  assert.equal(svgs.length, 6 + 3, "two sparklines per column and an overlay per column, inline in the single bundle");
  const [output] = (await toMimeBundles(widget))!;
  const html = output!["text/html"] as string;
  assert.doesNotMatch(html, /<svg|<script/);
  const images = [...html.matchAll(/<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"( width="[^"]*")?( height="[^"]*")? alt="([^"]*)" title="([^"]*)" style="vertical-align:middle;max-width:none">/g)];
  assert.equal(images.length, svgs.length, "one image per SVG, nothing else changed around them");
  images.forEach((m, i) => {
    assert.equal(Buffer.from(m[1]!, "base64").toString("utf8"), svgs[i], `image ${i} holds SVG ${i} as it was`);
    const open = /^<svg[^>]*>/.exec(svgs[i]!)![0];
    assert.equal(m[2], ` width="${/ width="([^"]*)"/.exec(open)![1]}"`);
    assert.equal(m[4], m[5]);
  });
  assert.ok(images.some((m) => m[4] === "reference distribution of color"), "a sparkline's <title> is its image's alt text");
  assert.ok(images.some((m) => m[4]!.endsWith("of &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")), "a column name stays escaped in the attribute");
  assert.equal(html.replace(/<img src="data:image\/svg\+xml[^>]*>/g, "<svg/>"), inline.replace(/<svg\b[\s\S]*?<\/svg>/g, "<svg/>"));
});

test("an SVG without xmlns gets one (an image needs it); HTML without SVG is left as it is", () => {
  const out = svgAsImages('<p>a</p><svg width="10" height="5"><rect width="3" height="3"/></svg>');
  const data = /base64,([^"]+)"/.exec(out)![1]!;
  assert.equal(Buffer.from(data, "base64").toString(), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect width="3" height="3"/></svg>');
  assert.match(out, /^<p>a<\/p><img src="data:image\/svg\+xml;base64,[^"]+" width="10" height="5" alt="chart" title="chart"/);
  assert.equal(svgAsImages("<table><tr><td>1</td></tr></table>"), "<table><tr><td>1</td></tr></table>");
});
