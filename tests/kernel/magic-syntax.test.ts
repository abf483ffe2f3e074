// Magic rewriting: every form, interpolation, and line numbers kept.

import assert from "node:assert/strict";
import { test } from "node:test";
import { argsToTemplate, blankMagics, preprocess } from "../../kernel-ext/magic-syntax";
import { splitArgs, parseArgs, typedValue } from "../../src/cli/args";

const kinds = (name: string) => (name === "track" ? "wrap" : name === "sql" ? "text" : undefined);
const R = 'globalThis["__labops__"]';

test("line magics, assignments and help become awaited runtime calls on the same line", () => {
  const src = ["const a = 1;", "%runs list --max 3", "  const r = %runs list --json", "let t: string[] = %foo", "%runs?", "x = %experiment demo;"].join("\n");
  const out = preprocess(src, kinds).split("\n");
  assert.equal(out.length, 6);
  assert.equal(out[0], "const a = 1;");
  assert.equal(out[1], `await ${R}.line("runs", \`list --max 3\`);`);
  assert.equal(out[2], `  const r = await ${R}.line("runs", \`list --json\`);`);
  assert.equal(out[3], `let t: string[] = await ${R}.line("foo", \`\`);`);
  assert.equal(out[4], `await ${R}.help("runs");`);
  assert.equal(out[5], `x = await ${R}.line("experiment", \`demo\`);`);
  assert.ok(!preprocess(src, kinds).includes("await ("), "tslab mis-parses 'await ('");
});

test("modulo and other code with % is left alone", () => {
  const src = "const r = a % b;\nconst s = `50%`;\nif (x %2) {}";
  assert.equal(preprocess(src, kinds), src);
});

test("a wrap cell magic keeps its body as code; a text cell magic takes it as a string; line counts match", () => {
  const wrap = preprocess("%%track --name n\nconst x = 1;\n%log_params a=1\nx", kinds).split("\n");
  assert.equal(wrap.length, 4);
  assert.equal(wrap[0], `await ${R}.cellBegin("track", \`--name n\`);`);
  assert.equal(wrap[1], "const x = 1;");
  assert.equal(wrap[2], `await ${R}.line("log_params", \`a=1\`);`);
  const text = preprocess("%%sql\nSELECT 1\nFROM t", kinds).split("\n");
  assert.equal(text.length, 3);
  assert.equal(text[0], `await ${R}.cell("sql", \`\`, "SELECT 1\\nFROM t");`);
});

test("{expr} and $name interpolate; {{ }} and $$ are literal; backticks and backslashes are escaped", () => {
  assert.equal(argsToTemplate("--max {n + 1} --x $name"), "`--max ${" + R + ".quote(n + 1)} --x ${" + R + ".quote(name)}`");
  assert.equal(argsToTemplate("{{literal}} $$5 a`b c\\d"), "`{literal} \\$5 a\\`b c\\\\d`");
  assert.equal(argsToTemplate("price $5"), "`price \\$5`");
});

test("blankMagics keeps offsets for completion; a cell magic is not TypeScript", () => {
  const src = "const a = 1;\n%runs list\nMath.ma";
  const blank = blankMagics(src)!;
  assert.equal(blank.length, src.length);
  assert.equal(blank.split("\n")[1], " ".repeat("%runs list".length));
  assert.equal(blankMagics("%%track\nx"), null);
});

test("one argument parser: shell quoting, --flag value, --flag=value, -x value, switches", () => {
  assert.deepEqual(splitArgs(`list --filter "metrics.acc > 0.9" --name='a b' x\\ y`), ["list", "--filter", "metrics.acc > 0.9", "--name=a b", "x y"]);
  assert.throws(() => splitArgs(`--name "open`), /Unterminated " quote/);
  const spec = {
    positionals: [{ name: "A", description: "a" }],
    options: [
      { name: "max", type: "number", description: "m" },
      { name: "json", type: "boolean", description: "j" },
      { name: "parameter", short: "p", type: "string[]", description: "p" },
    ],
  } as const;
  const parsed = parseArgs(spec, ["x", "--max=3", "--json", "-p", "a=1", "--parameter", "b=2"], "cmd");
  assert.deepEqual(parsed, { positionals: { A: "x" }, options: { max: 3, json: true, parameter: ["a=1", "b=2"] } });
});

test("values are typed only when they read as ordinary numbers, booleans or JSON", () => {
  assert.deepEqual(["3", "-0.5", "1.10", "1e-3", "true", '{"a":1}', "[1,2]"].map(typedValue), [3, -0.5, 1.1, 0.001, true, { a: 1 }, [1, 2]]);
  const strings = ["007", "0x1f", "0b101", " ", "", "1_000", "abc", "{bad"];
  assert.deepEqual(strings.map(typedValue), strings);
});
