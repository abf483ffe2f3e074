// Commands declared once serve every surface: the CLI's --help, the magics, %lsmagic, %name? help, tab
// completion and the exporter; and a command's heavy dependencies load only when it runs.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { usage } from "../../src/cli/args";
import { COMMANDS } from "../../kernel-ext/commands";
import { preprocess, rewriteLines } from "../../kernel-ext/magic-syntax";
import { completeMagic, defaultMagics } from "../../kernel-ext/magics";
import { MagicRuntime } from "../../kernel-ext/magics/../runtime";
import { LabopsClient, ModelRegistryClient, setTrackingUri } from "../../src";
import { toMimeBundle } from "../../widgets";
import { runNodeSync } from "../helpers/spawn";
import { repoRoot, tempDir } from "../helpers/temp-dir";

const cli = path.join(repoRoot, "dist/kernel-ext/labops-cli.js");
const R = 'globalThis["__labops__"]';

test("labops --help lists exactly the commands that serve the CLI; each command's help is its declaration's", () => {
  const help = runNodeSync(cli, ["--help"]);
  assert.equal(help.code, 0);
  const listed = [...help.stdout.matchAll(/^ {2}(\S+(?: [a-z]+)?) {2,}/gm)].map((m) => m[1]);
  assert.deepEqual(listed, COMMANDS.filter((c) => c.surfaces.includes("cli")).map((c) => c.name));
  for (const magicOnly of ["experiment", "log_params", "log_metrics", "track"]) assert.ok(!listed.includes(magicOnly), magicOnly);
  const one = runNodeSync(cli, ["models", "promote", "--help"]);
  assert.equal(one.stdout.trim(), usage("labops models promote", COMMANDS.find((c) => c.name === "models promote")!.summary, COMMANDS.find((c) => c.name === "models promote")!));
});

test("the magics come from the same declarations: %runs takes the CLI's runs subcommands, %lsmagic lists all", async () => {
  const registry = defaultMagics();
  const { line, cell } = registry.list();
  assert.deepEqual(line.map((m) => m.name), ["ab", "collect", "datasets", "doctor", "drift", "evaluate", "experiment", "experiments", "features", "log_metrics", "log_params", "lsmagic", "models", "runs", "sync", "train", "tune", "validate"]);
  assert.deepEqual(cell.map((m) => m.name), ["track"]);
  assert.deepEqual(registry.line("runs").subcommands, ["list", "show", "metrics", "delete", "restore", "compare"]);
  assert.deepEqual(registry.line("models").subcommands, COMMANDS.filter((c) => c.name.startsWith("models ")).map((c) => c.name.slice(7)));
  const ls = (await toMimeBundle(await registry.line("lsmagic").run([])))!["text/plain"];
  for (const name of ["%experiment", "%log_params", "%log_metrics", "%runs", "%experiments", "%models", "%%track"]) assert.ok(ls.includes(`  ${name} `), name);
  // %name? shows the declaration's usage, for line and cell magics alike.
  assert.match(registry.help("experiment"), /^Usage: %experiment NAME\n/);
  assert.match(registry.help("track"), /^Usage: %%track \[options\][\s\S]*--name NAME[\s\S]*--nested/);
  assert.match(registry.help("runs"), /Usage: %runs list \[options\][\s\S]*--filter EXPR/);
  // The exporter and the kernel ask the same registry how a cell magic's body is run.
  assert.equal(registry.cellKind("track"), "wrap");
});

test("%%track? (and %name?) gives help; the lines stay where they were", async () => {
  assert.equal(preprocess("%%track?", () => "wrap"), `await ${R}.help("track");`);
  assert.equal(preprocess("const a = 1;\n%%track?\n%runs?", () => undefined), `const a = 1;\nawait ${R}.help("track");\nawait ${R}.help("runs");`);
  assert.equal(rewriteLines("%%track?", "magics", true), "await magics.show(await magics.help(\"track\"));");
  const runtime = new MagicRuntime(defaultMagics());
  const shown = (await toMimeBundle(runtime.help("track")))!["text/plain"];
  assert.match(shown, /^Usage: %%track/);
});

test("tab after % offers magic names; %% on the first line the cell magics; %runs l the subcommands", () => {
  const registry = defaultMagics();
  const at = (text: string, cursor = text.length) => completeMagic(text, cursor, registry);
  assert.deepEqual(at("%"), { start: 0, end: 1, candidates: ["%ab", "%collect", "%datasets", "%doctor", "%drift", "%evaluate", "%experiment", "%experiments", "%features", "%log_metrics", "%log_params", "%lsmagic", "%models", "%runs", "%sync", "%train", "%tune", "%validate", "%%track"] });
  assert.deepEqual(at("%ru"), { start: 0, end: 3, candidates: ["%runs"] });
  assert.deepEqual(at("%%"), { start: 0, end: 2, candidates: ["%%track"] });
  assert.deepEqual(at("const x = 1;\n%log_"), { start: 13, end: 18, candidates: ["%log_metrics", "%log_params"] }, "no cell magic past the first line");
  assert.deepEqual(at("const r = %ru"), { start: 10, end: 13, candidates: ["%runs"] });
  assert.deepEqual(at("%runs l"), { start: 6, end: 7, candidates: ["list"] });
  assert.deepEqual(at("%models "), { start: 8, end: 8, candidates: ["register", "promote", "rollback", "alias", "list", "show", "history", "delete"] });
  assert.deepEqual(at("%runs list --max 3 --", 21), null, "options are not completed");
  assert.equal(at("const r = a % b"), null, "modulo is TypeScript");
  assert.equal(at("Math.ma"), null);
  assert.deepEqual(at("%ru\nnext line", 3), { start: 0, end: 3, candidates: ["%runs"] }, "the cursor, not the end of the cell");
  // Without a registry the session's default magics answer.
  assert.deepEqual(completeMagic("%lsm", 4)?.candidates, ["%lsmagic"]);
});

test("%models list is a table like the other lists, from the same rows as the CLI's", async () => {
  const store = path.join(tempDir(), "store");
  setTrackingUri(store);
  const model = path.join(tempDir(), "model.json");
  fs.writeFileSync(model, "{}");
  const registry = new ModelRegistryClient({ tracking: new LabopsClient(store) });
  await registry.registerModel({ name: "churn", modelPath: model });
  await registry.promote("churn", 1, { alias: "champion" });
  await registry.close();
  const shown = await defaultMagics().line("models").run(["list"]);
  const bundle = (await toMimeBundle(shown))!;
  assert.deepEqual(Object.keys(bundle), ["text/plain", "text/html"]);
  const lines = bundle["text/plain"].split("\n");
  assert.match(lines[0]!, /^NAME\s+LATEST\s+ALIASES\s+UPDATED\s+DESCRIPTION$/);
  assert.match(lines[2]!, /^churn\s+1\s+champion=v1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal((bundle["text/html"] as string).match(/<tr/g)!.length, 2);
  const cliText = runNodeSync(cli, ["models", "list"], { env: { LABOPS_TRACKING_URI: store, LABOPS_REGISTRY_URI: "" } }).stdout.trim();
  assert.equal(cliText, bundle["text/plain"]);
  assert.deepEqual((await defaultMagics().line("models").run(["list", "--json"]) as { name: string }[]).map((m) => m.name), ["churn"]);
});

test("labops kernel list sees --prefix installs and JUPYTER_PATH", () => {
  const prefix = tempDir();
  const data = tempDir();
  const extra = tempDir();
  const env = { JUPYTER_DATA_DIR: data, JUPYTER_PATH: extra };
  fs.mkdirSync(path.join(extra, "kernels/from-path"), { recursive: true });
  fs.writeFileSync(path.join(extra, "kernels/from-path/kernel.json"), JSON.stringify({ argv: ["python"], display_name: "From JUPYTER_PATH" }));
  assert.equal(runNodeSync(cli, ["kernel", "install", "--prefix", prefix, "--name", "venv-labops"], { env }).code, 0);
  const names = (args: string[]) => (JSON.parse(runNodeSync(cli, ["kernel", "list", ...args, "--json"], { env }).stdout) as { name: string; labops: boolean }[]).map((k) => `${k.name}${k.labops ? "*" : ""}`);
  assert.ok(names([]).includes("from-path"), "JUPYTER_PATH is read");
  assert.ok(!names([]).includes("venv-labops*"));
  assert.ok(names(["--prefix", prefix]).includes("venv-labops*"), "--prefix is searched");
  const text = runNodeSync(cli, ["kernel", "list", "--prefix", prefix], { env }).stdout;
  assert.match(text, new RegExp(`^\\*\\s+venv-labops\\s+TypeScript \\(labops\\)\\s+${prefix}/share/jupyter/kernels/venv-labops$`, "m"));
});

test("starting the CLI loads no store, registry, notebook runner, widgets, TypeScript, tslab or vega", () => {
  const probe = `
    const before = new Set(Object.keys(require.cache));
    require(${JSON.stringify(path.join(repoRoot, "dist/kernel-ext/commands"))});
    require(${JSON.stringify(path.join(repoRoot, "dist/src/cli/main"))});
    console.log(JSON.stringify(Object.keys(require.cache).filter((f) => !before.has(f))));`;
  const r = runNodeSync("-e", [probe]);
  const loaded = JSON.parse(r.stdout) as string[];
  assert.ok(loaded.length > 20, "the probe saw the command files load");
  const heavy = loaded
    .map((f) => path.relative(path.join(repoRoot, "dist"), f).split(path.sep).join("/"))
    .filter((f) => !f.startsWith("kernel-ext/commands/"))
    .filter((f) => /^(\.\.|widgets\/|src\/(tracking|persistence|search|artifacts)\/|src\/registry\/(?!entities)|kernel-ext\/(notebook|magics|session|kernel))/.test(f));
  assert.deepEqual(heavy, []);
});

test("in a notebook session: %%track? shows help, and %runs list shows the runs table widget", async () => {
  const { NotebookSession } = await import("../../kernel-ext/session.js");
  const dir = tempDir();
  const session = new NotebookSession(dir);
  try {
    await session.start();
    assert.ok((await session.execute(`labops.setTrackingUri(${JSON.stringify(path.join(dir, "store"))});`)).ok);
    const help = await session.execute("%%track?");
    assert.ok(help.ok, JSON.stringify(help.error));
    assert.match(help.result!["text/plain"], /^Usage: %%track \[options\]/);
    const tracked = await session.execute("%%track --name first\n%log_metrics acc=0.5");
    assert.ok(tracked.ok, JSON.stringify(tracked.error));
    const listed = await session.execute("%runs list");
    assert.ok(listed.ok, JSON.stringify(listed.error));
    assert.match(listed.result!["text/plain"], /^ID\s+NAME\s+EXPERIMENT\s+STATUS\s+STARTED\s+DURATION\s+acc\n.*\n[0-9a-f]{8}\s+first\s+Default\s+FINISHED\s/);
    assert.match(String(listed.result!["text/html"]), /<table/);
  } finally {
    session.close();
  }
});
