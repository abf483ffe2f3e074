// The tools an engine install needs (pip to download the wheel, unzip, nm, a C/C++ toolchain, node headers), found up front so a missing one is one clear error before anything is written.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { LabopsError } from "../../core/errors";

export interface InstallTools {
  /** The Python whose pip downloads the wheel (LABOPS_PYTHON, else python3). */
  python: string;
  npm: string;
  /** The folder with include/node/node_api.h that node-gyp compiles against (npm_config_nodedir, else Node's prefix). */
  nodeDir: string;
}

interface Need {
  tool: string;
  /** Command and arguments that succeed when the tool works. */
  probe: [string, ...string[]];
  why: string;
  fix: string;
}

const works = (cmd: string, args: string[], env: NodeJS.ProcessEnv): boolean => {
  const r = spawnSync(cmd, args, { env, stdio: "ignore", timeout: 60_000 });
  return r.status === 0;
};

/** Node's headers: node-gyp would otherwise download them from nodejs.org, which is not a package registry. */
export function nodeHeadersDir(env: NodeJS.ProcessEnv = process.env): string {
  return env["npm_config_nodedir"] || path.dirname(path.dirname(process.execPath));
}

/**
 * Checks every tool the install needs and throws one error naming all that are missing and how to get them.
 * `needPip: false` skips pip (a local --wheel needs no download).
 */
export function checkInstallTools(options: { env?: NodeJS.ProcessEnv; needPip?: boolean } = {}): InstallTools {
  const env = options.env ?? process.env;
  const python = env["LABOPS_PYTHON"] || "python3";
  const needs: Need[] = [];
  if (options.needPip !== false) {
    needs.push({ tool: `${python} -m pip`, probe: [python, "-m", "pip", "--version"], why: "downloads the TensorFlow wheel from PyPI", fix: "install pip for that Python (Debian/Ubuntu: apt-get install python3-pip), set LABOPS_PYTHON to a Python that has it, or pass --wheel FILE" });
  }
  needs.push(
    { tool: "npm", probe: ["npm", "--version"], why: "installs the tfjs-node package", fix: "install npm (it comes with Node)" },
    { tool: "unzip", probe: ["unzip", "-v"], why: "unpacks libtensorflow from the wheel", fix: "apt-get install unzip" },
    { tool: "nm", probe: ["nm", "--version"], why: "lists the Python symbols libtensorflow 2.9 imports", fix: "apt-get install binutils" },
    { tool: "gcc", probe: ["gcc", "--version"], why: "compiles the Python-symbol stub", fix: "apt-get install build-essential" },
    { tool: "g++", probe: ["g++", "--version"], why: "compiles the tfjs-node addon", fix: "apt-get install build-essential" },
    { tool: "make", probe: ["make", "--version"], why: "drives node-gyp's build", fix: "apt-get install build-essential" },
    { tool: "python3", probe: ["python3", "--version"], why: "runs node-gyp", fix: "apt-get install python3" },
  );
  const missing = needs.filter((n) => !works(n.probe[0], n.probe.slice(1), env));
  const nodeDir = nodeHeadersDir(env);
  const headers = path.join(nodeDir, "include", "node", "node_api.h");
  const missingHeaders = !fs.existsSync(headers) || !fs.existsSync(path.join(nodeDir, "include", "node", "common.gypi"));
  if (missing.length || missingHeaders) {
    const parts = missing.map((m) => `${m.tool} (${m.why}; ${m.fix})`);
    if (missingHeaders) parts.push(`node headers (no ${headers}; install the Node package that ships them, e.g. nodesource's nodejs deb or Node's -headers tarball, and set npm_config_nodedir to the folder that has include/node)`);
    const apt = [...new Set(missing.map((m) => /apt-get install ([\w.+-]+)/.exec(m.fix)?.[1]).filter(Boolean))];
    throw new LabopsError("INVALID_STATE", `labops engine install needs ${parts.length === 1 ? "a tool that is missing" : `${parts.length} tools that are missing`}: ${parts.join("; ")}. Nothing was installed${apt.length ? ` (on Debian/Ubuntu: apt-get install ${apt.join(" ")})` : ""}.`);
  }
  return { python, npm: "npm", nodeDir };
}
