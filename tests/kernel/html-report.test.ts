// The offline report of `labops run --report`: markdown cells rendered as HTML, and nothing in a notebook
// (markdown, links, images) can make the report run script.

import assert from "node:assert/strict";
import { test } from "node:test";
import { notebookToHtml } from "../../kernel-ext/notebook/html-report";
import { markdownToHtml } from "../../kernel-ext/notebook/markdown-html";
import type { Cell, Notebook } from "../../kernel-ext/notebook/nbformat";

const md = (source: string, attachments?: Record<string, Record<string, unknown>>): Cell => ({ cell_type: "markdown", source, metadata: {}, ...(attachments ? { attachments } : {}) });
const notebook = (cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

test("headings, paragraphs, emphasis, code spans: the elements CommonMark gives", () => {
  assert.equal(markdownToHtml("# A tour of `labops`\n\nTwo **tracked** runs, *both* registered;\nthe second is __promoted__ to `champion`."),
    '<h1 id="A-tour-of-labops">A tour of <code>labops</code></h1>\n' +
      "<p>Two <strong>tracked</strong> runs, <em>both</em> registered;\nthe second is <strong>promoted</strong> to <code>champion</code>.</p>");
  assert.equal(markdownToHtml("### Gates ###"), '<h3 id="Gates">Gates</h3>');
  assert.equal(markdownToHtml("Title\n=====\nSub\n---"), '<h1 id="Title">Title</h1>\n<h2 id="Sub">Sub</h2>');
  // snake_case and lone stars stay text; a backslash escapes; code spans keep their stars; two spaces break the line.
  assert.equal(markdownToHtml("drift_share_drifted is 2 * 3 \\*not em\\* `a*b*c`  \nnext ~~old~~ _x_"),
    "<p>drift_share_drifted is 2 * 3 *not em* <code>a*b*c</code><br>\nnext <del>old</del> <em>x</em></p>");
  assert.equal(markdownToHtml("``code with ` tick``"), "<p><code>code with ` tick</code></p>");
  assert.equal(markdownToHtml("---\n> quoted **bold**\n> more"), "<hr>\n<blockquote>\n<p>quoted <strong>bold</strong>\nmore</p>\n</blockquote>");
});

test("fenced and indented code keep their text exactly, escaped, with the language as a class", () => {
  assert.equal(markdownToHtml("Run:\n\n```bash\nlabops run nb.ipynb -p epochs=3 > out.txt\n\n# *not a heading*\n```\nafter"),
    '<p>Run:</p>\n<pre><code class="language-bash">labops run nb.ipynb -p epochs=3 &gt; out.txt\n\n# *not a heading*\n</code></pre>\n<p>after</p>');
  assert.equal(markdownToHtml("~~~~\n```\n~~~~"), "<pre><code>```\n</code></pre>");
  assert.equal(markdownToHtml("    const a = 1 < 2;\n    b"), "<pre><code>const a = 1 &lt; 2;\nb\n</code></pre>");
});

test("lists: bullets, numbers with their start, nesting, tight and loose", () => {
  assert.equal(markdownToHtml("- one\n- two *2*\n  - nested\n  - also\n- three"),
    "<ul>\n<li>one</li>\n<li>two <em>2</em>\n<ul>\n<li>nested</li>\n<li>also</li>\n</ul></li>\n<li>three</li>\n</ul>");
  assert.equal(markdownToHtml("3. third\n4. fourth\n\ntext"), '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>\n<p>text</p>');
  assert.equal(markdownToHtml("1) a\n\n2) b\n   continued"), "<ol>\n<li><p>a</p></li>\n<li><p>b\ncontinued</p></li>\n</ol>");
  // A paragraph is not interrupted by a number other than 1 (as CommonMark), nor a different bullet kept in one list.
  assert.equal(markdownToHtml("in 2015\n2. not a list"), "<p>in 2015\n2. not a list</p>");
  assert.equal(markdownToHtml("- a\n* b"), "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>");
});

test("links, images and pipe tables", () => {
  assert.equal(markdownToHtml('See [the *docs*](https://mlflow.org/docs "MLflow") or <https://optuna.org>, [cell 3](#cell-3).'),
    '<p>See <a href="https://mlflow.org/docs" title="MLflow">the <em>docs</em></a> or <a href="https://optuna.org">https://optuna.org</a>, <a href="#cell-3">cell 3</a>.</p>');
  assert.equal(markdownToHtml("![a chart](charts/roc.png)"), '<p><img src="charts/roc.png" alt="a chart"></p>');
  assert.equal(markdownToHtml("| metric | value |\n|:--|--:|\n| auc | **0.91** |\n| a\\|b | `x\\|y` |"),
    '<table>\n<thead>\n<tr><th style="text-align:left">metric</th><th style="text-align:right">value</th></tr>\n</thead>\n' +
      '<tbody>\n<tr><td style="text-align:left">auc</td><td style="text-align:right"><strong>0.91</strong></td></tr>\n' +
      '<tr><td style="text-align:left">a|b</td><td style="text-align:right"><code>x|y</code></td></tr>\n</tbody>\n</table>');
});

test("raw HTML, script links and unsafe images in markdown come out as text or not at all", () => {
  const evil = [
    "# <script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3)) [tab](java\tscript:alert(4)) [data](data:text/html,<script>alert(5)</script>)",
    '![svg](data:image/svg+xml;base64,PHN2Zz4=) ![x](" onerror="alert(6))',
    "<javascript:alert(7)>",
    "| <b onmouseover=alert(8)>h</b> |\n|---|\n| <iframe src=x> |",
    "```\n</code></pre><script>alert(9)</script>\n```",
  ].join("\n\n");
  const html = markdownToHtml(evil);
  // Every tag is one the renderer writes, with only its own attributes; no link or image can run anything.
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)) {
    assert.match(name!, /^(h[1-6]|p|em|strong|del|code|pre|a|img|ul|ol|li|blockquote|hr|br|table|thead|tbody|tr|th|td)$/, tag);
    const rest = attrs!.replace(/\s(id|class|style|href|src|alt|title|start)="([^"<>]*)"/g, (_, a: string, v: string) => {
      if (a === "href" || a === "src") assert.doesNotMatch(v, /^\s*(javascript|vbscript|data:(?!image\/png))/i, tag);
      return "";
    });
    assert.equal(rest, "", `${tag}: only the renderer's attributes`);
  }
  assert.match(html, /<h1 id="[^"]*">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
  assert.match(html, /<p>click \[tab\]/, "an unsafe link keeps its text, without the link");
  assert.match(html, /<p>svg /, "an SVG image (it can carry script) shows its alt text only");
  assert.match(html, /&lt;\/code&gt;&lt;\/pre&gt;&lt;script&gt;/);
});

test("the report renders markdown cells and markdown outputs as HTML, with a cell's image attachments inline", () => {
  const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  const html = notebookToHtml(
    notebook([
      md(["# Drift <script>alert(1)</script>\n", "\n", "The **reference** is 2012.\n", "![plot](attachment:plot.png)"].join("") as string, { "plot.png": { "image/png": png } }),
      { cell_type: "code", source: "1", metadata: {}, execution_count: 1, outputs: [{ output_type: "display_data", data: { "text/markdown": "- a `b`\n- <script>x</script>" }, metadata: {} }] },
    ]),
    "t",
  );
  assert.match(html, /<div class="cell md"><h1 id="[^"]*">Drift &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>\n<p>The <strong>reference<\/strong> is 2012\.\n<img src="data:image\/png;base64,iVBOR[^"]+" alt="plot"><\/p><\/div>/);
  assert.match(html, /<div class="md"><ul>\n<li>a <code>b<\/code><\/li>\n<li>&lt;script&gt;x&lt;\/script&gt;<\/li>\n<\/ul><\/div>/);
  assert.doesNotMatch(html, /<script/);
});
