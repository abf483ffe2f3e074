// `labops serve`: serves a registered model over HTTP (POST /predict, GET /health, GET /metrics) until stopped.

import { UsageError } from "../../../src/cli/args";
import { defineCommand } from "../../../src/cli/command";

export const serveCommand = defineCommand({
  name: "serve",
  summary: "Serve a model's champion (and a running rollout's challenger share) over HTTP, logging every prediction.",
  surfaces: ["cli"],
  options: [
    { name: "model", type: "string", value: "NAME", description: "The registered model (its champion alias answers).", required: true },
    { name: "port", type: "number", value: "P", description: "Port to listen on; 0 picks a free one (default 8080)." },
    { name: "host", type: "string", value: "HOST", description: "Address to listen on (default 127.0.0.1)." },
    { name: "log", type: "string", value: "FILE", description: "Prediction log (JSONL) to append every prediction to." },
  ],
  async run(args, { registry }) {
    const port = args.options.port ?? 8080;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes 0..65535, got '${port}'.`);
    const { startPredictionServer }: typeof import("../../../src/serving/prediction-server") = require("../../../src/serving/prediction-server");
    const server = await startPredictionServer({ registry: registry(), model: args.options.model, port, host: args.options.host, logFile: args.options.log });
    const { champion, rollout } = server.routing();
    process.stdout.write(`labops serve: ${args.options.model} champion version ${champion}${rollout ? `, challenger version ${rollout.challenger} at ${rollout.share * 100}%` : ""} on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return { url: server.url, served: server.metrics.predictionCount("champion") + server.metrics.predictionCount("challenger") };
  },
  text: (r) => `labops serve: stopped after ${r.served} predictions.`,
});
