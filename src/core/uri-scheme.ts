// URI schemes choose backends on every seam (tracking store, registry store, artifact repository), as in MLflow.

import { fileURLToPath } from "node:url";
import { LabopsError } from "./errors";

/** The scheme of a URI; a plain path (also "C:\\..." on Windows) is "file". */
export function uriScheme(uri: string): string {
  const m = /^([a-zA-Z][\w+.-]+):/.exec(uri); // two characters at least, so "C:\..." is a path
  return m ? m[1]!.toLowerCase() : "file";
}

/** The local path of a `file:` URI or a plain path. */
export function localPath(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** Backends of one seam, by URI scheme; `what` names the seam in errors ("tracking store"). */
export class SchemeRegistry<T, A extends unknown[] = []> {
  private readonly factories = new Map<string, (uri: string, ...args: A) => T>();
  /** Backends loaded on first use (a module that registers its schemes), so start-up loads none of them. */
  private readonly loaders = new Map<string, () => void>();

  constructor(
    private readonly what: string,
    private readonly hint: (scheme: string) => string,
  ) {}

  register(scheme: string, factory: (uri: string, ...args: A) => T): void {
    this.factories.set(scheme.toLowerCase(), factory);
  }

  /** `load` registers `schemes` (typically a `require` of the backend's module); it runs when one is first opened. */
  registerLazy(schemes: readonly string[], load: () => void): void {
    for (const s of schemes) this.loaders.set(s.toLowerCase(), load);
  }

  has(scheme: string): boolean {
    return this.factories.has(scheme.toLowerCase()) || this.loaders.has(scheme.toLowerCase());
  }

  open(uri: string, ...args: A): T {
    const scheme = uriScheme(uri);
    if (!this.factories.has(scheme)) this.loaders.get(scheme)?.();
    const factory = this.factories.get(scheme);
    if (!factory) {
      throw new LabopsError("NOT_IMPLEMENTED", `No ${this.what} for URI '${uri}' (scheme '${scheme}'). ${this.hint(scheme)}`);
    }
    return factory(uri, ...args);
  }
}
