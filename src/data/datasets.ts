// Where the datasets that ship with labops live.

import fs from "node:fs";
import path from "node:path";
import { notFound } from "../core/errors";

/** The package's datasets/ folder, found from dist/src/data or src/data. */
export function datasetsDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "datasets");
    if (fs.existsSync(path.join(candidate, "manifest.json"))) return candidate;
  }
  throw notFound(`labops' datasets/ folder was not found above ${__dirname}; reinstall labops.`);
}

export function datasetPath(file: string): string {
  const full = path.join(datasetsDir(), file);
  if (!fs.existsSync(full)) throw notFound(`No dataset '${file}' in ${datasetsDir()}; see its manifest.json.`);
  return full;
}
