// Model URIs as MLflow writes them: models:/NAME/3, models:/NAME@alias, models:/NAME/Stage, models:/NAME/latest,
// and runs:/RUN_ID/path.

import { invalidParameter } from "../core/errors";
import { MODEL_STAGES, modelStageNamed, type ModelStage } from "./entities";

export type ModelUri =
  | { kind: "version"; name: string; version: number }
  | { kind: "alias"; name: string; alias: string }
  | { kind: "stage"; name: string; stage: ModelStage }
  | { kind: "latest"; name: string }
  | { kind: "run"; runId: string; path: string };

const HELP = "Use models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/STAGE, models:/NAME/latest or runs:/RUN_ID/PATH.";

export function parseModelUri(uri: string): ModelUri {
  const bad = (why: string): never => {
    throw invalidParameter(`Malformed model URI '${uri}': ${why} ${HELP}`);
  };
  if (uri.startsWith("runs:/")) {
    const m = /^runs:\/([0-9a-f]{32})(?:\/(.*))?$/.exec(uri);
    if (!m) return bad("a run id is 32 hexadecimal characters.");
    return { kind: "run", runId: m[1]!, path: (m[2] ?? "").replace(/\/+$/, "") };
  }
  if (!uri.startsWith("models:/")) return bad("it is neither models:/ nor runs:/.");
  const rest = uri.slice("models:/".length);
  const at = rest.indexOf("@");
  if (at >= 0) {
    const name = rest.slice(0, at);
    const alias = rest.slice(at + 1);
    if (!name || !alias || alias.includes("/")) return bad("expected models:/NAME@ALIAS.");
    return { kind: "alias", name, alias };
  }
  const slash = rest.lastIndexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return bad("expected a name and a version, stage, 'latest' or @alias.");
  const name = rest.slice(0, slash);
  const selector = rest.slice(slash + 1);
  if (/^\d+$/.test(selector)) return { kind: "version", name, version: Number(selector) };
  if (selector.toLowerCase() === "latest") return { kind: "latest", name };
  const stage = modelStageNamed(selector);
  if (stage) return { kind: "stage", name, stage };
  return bad(`'${selector}' is not a version number, a stage (${MODEL_STAGES.join(", ")}) or 'latest'.`);
}
