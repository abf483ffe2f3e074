// `labops serve`: a node:http prediction server for a registered model. The champion alias answers; during an
// active rollout the challenger answers its share of units (sticky, by assignRolloutArm); every prediction is
// appended to the prediction log. The alias and the rollout are re-read at most once per reloadIntervalMs.

import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { JsonFileRolloutStore, type RolloutStore } from "../abtest/rollout-store";
import { assignRolloutArm, type RolloutState } from "../abtest/rollout";
import { invalidParameter, isLabopsError, LabopsError } from "../core/errors";
import { appendPredictionLog, type FeatureValue, type PredictionRecord } from "../data/prediction-log";
import type { ModelRegistryClient } from "../registry/registry-client";
import { localPath } from "../core/uri-scheme";
import { defaultRegistryUri } from "../registry/registry-uri";
import { ServingMetrics } from "./serving-metrics";
import { loadServedModel, type ServedModel } from "./served-model";

export const CHAMPION_VARIANT = "champion";
export const CHALLENGER_VARIANT = "challenger";
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ServeOptions {
  registry: ModelRegistryClient;
  /** The registered model's name. */
  model: string;
  /** The prediction log (JSONL); none: predictions are not logged. */
  logFile?: string;
  /** Where rollouts live; default <store>/registry/rollouts. */
  rollouts?: RolloutStore;
  host?: string;
  /** 0: any free port. */
  port?: number;
  reloadIntervalMs?: number;
}

export interface PredictionServer {
  readonly url: string;
  readonly port: number;
  readonly metrics: ServingMetrics;
  /** What serves now: the champion version and the rollout, if one runs. */
  routing(): { champion: number; rollout: RolloutState | null };
  close(): Promise<void>;
}

/** The rollout store beside a local registry: <store>/registry/rollouts/<model>.json. */
export function rolloutStoreFor(registry: ModelRegistryClient): JsonFileRolloutStore {
  const uri = defaultRegistryUri(registry.tracking.trackingUri);
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith("file:")) throw invalidParameter(`rollouts are kept beside a local registry; '${uri}' is not a folder.`);
  return new JsonFileRolloutStore(path.join(path.resolve(localPath(uri)), "registry", "rollouts"));
}

interface Routing {
  champion: number;
  rollout: RolloutState | null;
  checkedAt: number;
}

interface Instance {
  unit: string;
  features: Record<string, FeatureValue>;
}

function parseInstance(x: unknown, where: string): Instance {
  if (!x || typeof x !== "object" || Array.isArray(x)) throw invalidParameter(`${where || "body"} must be an object {unit, features}.`);
  const r = x as Record<string, unknown>;
  const unit = typeof r.unit === "number" ? String(r.unit) : r.unit;
  if (typeof unit !== "string" || unit === "") throw invalidParameter(`${where}unit must be a non-empty string (the randomisation unit); got ${JSON.stringify(r.unit)}.`);
  if (!r.features || typeof r.features !== "object" || Array.isArray(r.features)) throw invalidParameter(`${where}features must be an object of name -> value; got ${JSON.stringify(r.features)}.`);
  return { unit, features: r.features as Record<string, FeatureValue> };
}

export async function startPredictionServer(o: ServeOptions): Promise<PredictionServer> {
  const registry = o.registry;
  const rollouts = o.rollouts ?? rolloutStoreFor(registry);
  const interval = o.reloadIntervalMs ?? 1000;
  const metrics = new ServingMetrics();
  const predictors = new Map<number, Promise<ServedModel>>();

  const predictorFor = (version: number): Promise<ServedModel> => {
    let p = predictors.get(version);
    if (!p) {
      p = registry.loadModel(`models:/${o.model}/${version}`).then((m) => loadServedModel(m.path));
      p.catch(() => predictors.delete(version)); // a failed load is retried on the next request
      predictors.set(version, p);
    }
    return p;
  };

  const readRouting = async (): Promise<Routing> => {
    const model = await registry.store.getRegisteredModel(o.model);
    const champion = model.aliases.champion;
    if (champion === undefined) throw invalidParameter(`${o.model} has no champion alias; run \`labops models promote --name ${o.model} --version V --alias champion\` first.`);
    const state = await rollouts.load(o.model);
    const rollout = state && state.status === "running" ? state : null;
    // Load what serves before switching to it, so a broken version fails here and the old routing stays.
    await predictorFor(champion);
    if (rollout) await Promise.all([Number(rollout.champion), Number(rollout.challenger)].map(predictorFor));
    return { champion, rollout, checkedAt: Date.now() };
  };

  let routing = await readRouting();
  let refreshing: Promise<void> | null = null;
  const refresh = (): Promise<void> => {
    if (Date.now() - routing.checkedAt < interval) return Promise.resolve();
    return (refreshing ??= readRouting()
      .then((r) => void (routing = r))
      .catch((e) => {
        routing = { ...routing, checkedAt: Date.now() }; // keep serving what worked; try again later
        process.emitWarning(`labops serve: kept the current model: ${(e as Error).message}`);
      })
      .finally(() => (refreshing = null)));
  };

  const predict = async (instances: Instance[]) => {
    const started = process.hrtime.bigint();
    const r = routing;
    const answers = [];
    for (const inst of instances) {
      const version = r.rollout ? Number(assignRolloutArm(r.rollout, inst.unit)) : r.champion;
      const variant = r.rollout && String(version) === r.rollout.challenger ? CHALLENGER_VARIANT : CHAMPION_VARIANT;
      const out = await (await predictorFor(version)).predict(inst.features);
      answers.push({ unit: inst.unit, variant, modelVersion: `models:/${o.model}/${version}`, ...out });
    }
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const time = new Date().toISOString();
    if (o.logFile) {
      const records: PredictionRecord[] = answers.map((a, i) => ({ time, unitId: a.unit, variant: a.variant, modelVersion: a.modelVersion, features: instances[i]!.features, prediction: a.prediction, confidence: a.confidence, latencyMs }));
      appendPredictionLog(o.logFile, records); // one write per request: readers never see half a batch
    }
    for (const a of answers) metrics.observe(a.variant, latencyMs / 1000);
    return answers;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, type = "application/json") => {
    const text = type === "application/json" ? JSON.stringify(body) : String(body);
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const handlePredict = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new LabopsError("INVALID_PARAMETER_VALUE", `body larger than ${MAX_BODY_BYTES} bytes; send smaller batches.`);
      chunks.push(c as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (e) {
      throw invalidParameter(`body is not JSON: ${(e as Error).message}`);
    }
    await refresh();
    const batch = body && typeof body === "object" && !Array.isArray(body) && "instances" in body;
    if (batch) {
      const list = (body as { instances: unknown }).instances;
      if (!Array.isArray(list) || list.length === 0) throw invalidParameter("instances must be a non-empty list of {unit, features}.");
      const answers = await predict(list.map((x, i) => parseInstance(x, `instances[${i}].`)));
      return send(res, 200, { predictions: answers });
    }
    const [answer] = await predict([parseInstance(body, "")]);
    send(res, 200, answer);
  };

  const server = http.createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && url === "/health") {
      void refresh().then(() => send(res, 200, { status: "ok", model: o.model, champion: routing.champion, rollout: routing.rollout && { challenger: Number(routing.rollout.challenger), share: routing.rollout.share } }));
      return;
    }
    if (req.method === "GET" && url === "/metrics") return send(res, 200, metrics.render(), "text/plain; version=0.0.4");
    if (url !== "/predict") return send(res, 404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: `no route ${req.method} ${url}; use POST /predict, GET /health or GET /metrics.` });
    if (req.method !== "POST") return send(res, 405, { error_code: "INVALID_PARAMETER_VALUE", message: `use POST /predict, not ${req.method}.` });
    handlePredict(req, res).then(
      () => metrics.countRequest(200),
      (e) => {
        const status = isLabopsError(e) && e.code === "INVALID_PARAMETER_VALUE" ? 400 : 500;
        metrics.countRequest(status);
        if (!res.headersSent) send(res, status, { error_code: isLabopsError(e) ? e.code : "INTERNAL_ERROR", message: (e as Error).message });
      },
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" || e.code === "EADDRNOTAVAIL" || e.code === "EACCES" ? invalidParameter(`cannot listen on ${o.host ?? "127.0.0.1"}:${o.port ?? 0} (${e.code}); choose another --port (0 picks a free one) or --host.`) : e),
    );
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    metrics,
    routing: () => ({ champion: routing.champion, rollout: routing.rollout }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
