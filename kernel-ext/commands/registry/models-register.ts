// `labops models register` and `%models register`: a new version from a local folder or a run's artifact.

import { invalidParameter } from "../../../src/core/errors";
import { defineCommand, JSON_OPTION } from "../../../src/cli/command";
import { nameOption, reasonOption } from "./options";

function parseMetrics(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  let metrics: unknown;
  try {
    metrics = JSON.parse(text);
  } catch (e) {
    throw invalidParameter(`--metrics is not valid JSON: ${(e as Error).message}`);
  }
  const isNumbers = (m: unknown): m is Record<string, number> =>
    typeof m === "object" && m !== null && !Array.isArray(m) && Object.values(m).every((v) => typeof v === "number");
  if (!isNumbers(metrics)) throw invalidParameter(`--metrics must be a JSON object of numbers, e.g. '{"auc": 0.91}'.`);
  return metrics;
}

export const modelsRegister = defineCommand({
  name: "models register",
  summary: "Register a new version of a model from a local folder or a run's artifact (creates the model if needed); refused when the run's logged gates failed, unless --force.",
  surfaces: ["cli", "line"],
  options: [
    nameOption,
    { name: "model-path", type: "string", value: "PATH", description: "A local model folder or file." },
    { name: "run-id", type: "string", value: "RUN_ID", description: "A run whose artifact is the model (with --artifact-path)." },
    { name: "artifact-path", type: "string", value: "PATH", description: "The model's path among the run's artifacts." },
    { name: "metrics", type: "string", value: "JSON", description: "Metrics to record with the version, e.g. '{\"auc\": 0.91}'." },
    { name: "description", type: "string", value: "TEXT", description: "The version's description." },
    { name: "force", type: "boolean", description: "Register even if the run's logged validation gates failed (recorded in the audit history)." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    const o = args.options;
    const metrics = parseMetrics(o.metrics);
    return registry().registerModel({ name: o.name, modelPath: o["model-path"], runId: o["run-id"], artifactPath: o["artifact-path"], description: o.description, metrics, reason: o.reason, force: o.force });
  },
  text: (v) => `Registered ${v.name} version ${v.version} from ${v.source} (digest ${v.dataDigest?.slice(0, 12)}).`,
});
