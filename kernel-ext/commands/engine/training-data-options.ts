// The options `labops train` and `labops tune` share: where the rows come from, the target and the model kind,
// declared once with the checks that go with them.

import { UsageError } from "../../../src/cli/args";

export const TRAINING_DATA_OPTIONS = [
  { name: "dataset", type: "string", value: "NAME", description: "A dataset labops ships (see 'labops datasets list')." },
  { name: "data", type: "string", value: "FILE", description: "Or a data file (CSV, JSON, JSONL, Parquet, Arrow)." },
  { name: "target", type: "string", value: "COLUMN", required: true, description: "The column to predict." },
  { name: "model", type: "string", value: "mlp|linear", description: "The model kind (default mlp)." },
] as const;

/** Exactly one of --dataset and --data, and a known model kind. */
export function checkTrainingData(o: { dataset?: unknown; data?: unknown; model?: unknown }): void {
  if ((o.dataset === undefined) === (o.data === undefined)) throw new UsageError(o.dataset === undefined ? "give --dataset NAME or --data FILE." : "give --dataset NAME or --data FILE, not both.");
  if (o.model !== undefined && o.model !== "mlp" && o.model !== "linear") throw new UsageError(`--model must be mlp or linear, got '${o.model}'.`);
}
