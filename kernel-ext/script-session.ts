// The runtime of scripts made by `labops export`: the notebook's magics, with displays saved as files beside
// the script (SVG for charts, HTML for tables, text otherwise) instead of shown in a notebook.

import fs from "node:fs";
import path from "node:path";
import { flush } from "../src/tracking/fluent";
import { setDisplaySink, toMimeBundles, type MimeBundle } from "../widgets";
import { defaultMagics } from "./magics";
import { MagicRuntime } from "./runtime";

export class ScriptSession extends MagicRuntime {
  private saved = 0;

  constructor(readonly outputDir: string) {
    super(defaultMagics());
    setDisplaySink({
      display: (bundle) => this.save(bundle),
      update: () => {}, // a file per display: live updates have no meaning in a script
      clear: () => {},
      live: false, // so the progress bar draws on stderr (redrawn on a terminal, a line per tenth in a log)
    });
  }

  /** Saves a value the notebook would have displayed (a file per output); returns the last file written, if any. */
  async show(value: unknown): Promise<string | undefined> {
    if (value === undefined) return undefined;
    const bundles = await toMimeBundles(value);
    if (!bundles) {
      console.log(value);
      return undefined;
    }
    return bundles.map((b) => this.save(b)).at(-1);
  }

  /** Ends the cell magic begun last (%%track), and saves what it shows. */
  async endCell(error: unknown | null = null): Promise<void> {
    await this.show(await this.cellEnd(error));
  }

  /** Call once at the end: ends an open %%track as FAILED if the script failed, writes buffered metrics. */
  async finish(error: unknown | null): Promise<void> {
    await this.endCell(error);
    await flush();
    if (error !== null) {
      console.error(error);
      process.exitCode = 1;
    }
  }

  private save(bundle: MimeBundle): string {
    fs.mkdirSync(this.outputDir, { recursive: true });
    const n = String(++this.saved).padStart(3, "0");
    const [ext, content] =
      typeof bundle["image/svg+xml"] === "string"
        ? ["svg", bundle["image/svg+xml"]]
        : typeof bundle["text/html"] === "string"
          ? ["html", bundle["text/html"]]
          : ["txt", bundle["text/plain"]];
    const file = path.join(this.outputDir, `${n}.${ext}`);
    fs.writeFileSync(file, String(content));
    console.log(bundle["text/plain"]);
    return file;
  }
}

/** The session an exported script starts with; displays go to `<script>.outputs/`. */
export function scriptSession(scriptFile: string): ScriptSession {
  const session = new ScriptSession(scriptFile.replace(/\.[cm]?[jt]s$/, "") + ".outputs");
  session.install();
  return session;
}
