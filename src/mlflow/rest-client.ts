// The HTTP client of an MLflow tracking server: undici keep-alive pool, MLflow's auth variables, retries with
// backoff, and MLflow's error bodies (JSON or not) turned into LabopsErrors that never show credentials.

import fs from "node:fs";
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";

// undici loads on the first client, not with labops: notebooks and the CLI that never reach a server skip it.
const undici = (): typeof import("undici") => require("undici");
import { LabopsError, type ErrorCode } from "../core/errors";

export interface RestClientOptions {
  /** Retries after the first try (MLFLOW_HTTP_REQUEST_MAX_RETRIES, default 7). */
  maxRetries?: number;
  /** Seconds; backoff is 0, f*2, f*4 ... capped at 120 s (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, default 2). */
  backoffFactor?: number;
  /** Seconds of random jitter added to each wait (MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, default 1). */
  backoffJitter?: number;
  /** Per-request timeout in ms (MLFLOW_HTTP_REQUEST_TIMEOUT seconds, default 120). */
  timeoutMs?: number;
  /** Connect timeout in ms (default 10 s). */
  connectTimeoutMs?: number;
  /** All retries of one call stop after this many ms (default 300 s). */
  maxRetryTimeMs?: number;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** MLflow's error code and HTTP status, beside labops' code. */
export class MlflowServerError extends LabopsError {
  override readonly name = "MlflowServerError";
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | undefined,
    readonly mlflowErrorCode: string | undefined,
    /** True when the server could not be reached or answered 408/429/5xx: worth trying again later. */
    readonly unavailable: boolean,
  ) {
    super(code, message);
  }
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_ERRORS = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED",
]);

/** MLflow's error codes (strings) to labops' codes. */
const MLFLOW_CODES: Record<string, ErrorCode> = {
  INVALID_PARAMETER_VALUE: "INVALID_PARAMETER_VALUE",
  BAD_REQUEST: "BAD_REQUEST",
  RESOURCE_ALREADY_EXISTS: "RESOURCE_ALREADY_EXISTS",
  ALREADY_EXISTS: "RESOURCE_ALREADY_EXISTS",
  RESOURCE_DOES_NOT_EXIST: "RESOURCE_DOES_NOT_EXIST",
  NOT_FOUND: "RESOURCE_DOES_NOT_EXIST",
  ENDPOINT_NOT_FOUND: "NOT_IMPLEMENTED",
  UNAUTHENTICATED: "PERMISSION_DENIED",
  CUSTOMER_UNAUTHORIZED: "PERMISSION_DENIED",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  NOT_IMPLEMENTED: "NOT_IMPLEMENTED",
  INVALID_STATE: "INVALID_STATE",
  ABORTED: "INVALID_STATE",
  RESOURCE_CONFLICT: "INVALID_STATE",
  DATA_LOSS: "DATA_LOSS",
};

/** The code for a status when the body says none (non-JSON bodies), as MLflow's Python client does. */
function codeForStatus(status: number): ErrorCode {
  if (RETRY_STATUSES.has(status)) return "INTERNAL_ERROR"; // busy or down: worth trying later, not a bad request
  if (status === 401 || status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_IMPLEMENTED"; // an unknown route: the server lacks the endpoint
  if (status === 501) return "NOT_IMPLEMENTED";
  if (status >= 400 && status < 500) return "BAD_REQUEST";
  return "INTERNAL_ERROR";
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new LabopsError("INVALID_PARAMETER_VALUE", `Invalid ${name}=${JSON.stringify(raw)}: use a number >= 0.`);
  return n;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** Fewer retries for this call (e.g. the first contact). */
  maxRetries?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Streamed; `.dump()` discards it. */
  body: Dispatcher.ResponseData["body"];
}

/**
 * One client per server origin. `baseUri` is the tracking URI (any path prefix is kept); credentials come from
 * the URI's user-info or MLflow's variables and are only ever put in the Authorization header.
 */
export class MlflowRestClient {
  /** The tracking URI without credentials: what messages show. */
  readonly displayUri: string;
  private readonly base: string;
  private readonly authorization: string | undefined;
  private readonly secrets: string[] = [];
  private readonly dispatcher: Dispatcher;
  private readonly maxRetries: number;
  private readonly backoffFactor: number;
  private readonly backoffJitter: number;
  private readonly timeoutMs: number;
  private readonly maxRetryTimeMs: number;
  private checked: Promise<string> | null = null;

  constructor(uri: string, options: RestClientOptions = {}) {
    const env = options.env ?? process.env;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new LabopsError("INVALID_PARAMETER_VALUE", `Invalid MLflow server URI '${redactUserInfo(uri)}': use http://host:port or https://host:port.`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new LabopsError("INVALID_PARAMETER_VALUE", `Invalid MLflow server URI '${redactUserInfo(uri)}': use http:// or https://.`);
    }
    const user = url.username ? decodeURIComponent(url.username) : env.MLFLOW_TRACKING_USERNAME;
    const password = url.password ? decodeURIComponent(url.password) : env.MLFLOW_TRACKING_PASSWORD;
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    this.base = url.href.replace(/\/+$/, "");
    this.displayUri = this.base;
    const token = env.MLFLOW_TRACKING_TOKEN;
    // Basic wins over a token when both are set, as in MLflow's Python client.
    if (user && password) {
      this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      this.secrets.push(password, Buffer.from(`${user}:${password}`).toString("base64"));
    } else if (token) {
      this.authorization = `Bearer ${token}`;
      this.secrets.push(token);
    }
    this.maxRetries = options.maxRetries ?? envNumber(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7);
    this.backoffFactor = options.backoffFactor ?? envNumber(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2);
    this.backoffJitter = options.backoffJitter ?? envNumber(env, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1);
    this.timeoutMs = options.timeoutMs ?? envNumber(env, "MLFLOW_HTTP_REQUEST_TIMEOUT", 120) * 1000;
    this.maxRetryTimeMs = options.maxRetryTimeMs ?? 300_000;
    const insecure = /^(1|true|yes)$/i.test(env.MLFLOW_TRACKING_INSECURE_TLS ?? "");
    const caPath = env.MLFLOW_TRACKING_SERVER_CERT_PATH;
    let ca: Buffer | undefined;
    if (caPath) {
      try {
        ca = fs.readFileSync(caPath);
      } catch (e) {
        throw new LabopsError("INVALID_PARAMETER_VALUE", `Cannot read MLFLOW_TRACKING_SERVER_CERT_PATH '${caPath}': ${(e as Error).message}`);
      }
    }
    this.dispatcher = new (undici().Agent)({
      keepAliveTimeout: 30_000,
      connections: 8,
      connect: { timeout: options.connectTimeoutMs ?? 10_000, rejectUnauthorized: !insecure, ...(ca ? { ca } : {}) },
    });
  }

  /** `/api/2.0/mlflow/<path>`, JSON in and out. */
  async call<T = Record<string, unknown>>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, options: RequestOptions = {}): Promise<T> {
    await this.checkServer();
    return this.json<T>(method, `/api/2.0/mlflow/${path}`, options);
  }

  /** Any JSON endpoint under the server root. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options, options.body === undefined ? undefined : JSON.stringify(options.body), "application/json");
    const text = await res.body.text();
    if (res.statusCode >= 400) throw this.errorFrom(res.statusCode, text, `${method} ${path}`);
    if (text.trim() === "") return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MlflowServerError("INTERNAL_ERROR", `The server at ${this.displayUri} answered ${method} ${path} with a body that is not JSON: ${clip(text)}. Is it an MLflow server?`, res.statusCode, undefined, false);
    }
  }

  /**
   * A raw request (artifact bytes); 2xx responses are returned with their streamed body, errors thrown.
   * `body` factory: called once per try, so a stream can be re-opened for a retry.
   */
  async raw(method: string, path: string, body?: () => Readable | Buffer | string, contentLength?: number, maxRetries?: number): Promise<RawResponse> {
    await this.checkServer();
    // A length, not chunked encoding: MLflow's artifact handler (Flask under uvicorn) reads nothing of a chunked body.
    const res = await this.send(method, path, maxRetries === undefined ? {} : { maxRetries }, body, "application/octet-stream", contentLength);
    if (res.statusCode >= 400) throw this.errorFrom(res.statusCode, await res.body.text(), `${method} ${decodeURIComponentSafe(path)}`);
    return { status: res.statusCode, headers: res.headers as RawResponse["headers"], body: res.body };
  }

  /**
   * Checks once that an MLflow server answers at the URI and that its version is supported (2.x or newer):
   * a missing server or a stranger gets one clear message, not a retry storm on every call.
   */
  checkServer(): Promise<string> {
    this.checked ??= (async () => {
      const res = await this.send("GET", "/version", { maxRetries: Math.min(this.maxRetries, 2) }, undefined, "text/plain");
      const text = (await res.body.text()).trim();
      if (res.statusCode === 401 || res.statusCode === 403) throw this.errorFrom(res.statusCode, text, "GET /version");
      const m = /^(\d+)\.(\d+)/.exec(text);
      if (res.statusCode !== 200 || !m) {
        throw new MlflowServerError("NOT_IMPLEMENTED", `The server at ${this.displayUri} does not look like an MLflow tracking server (GET /version answered ${res.statusCode} ${clip(text)}).`, res.statusCode, undefined, false);
      }
      if (Number(m[1]) < 2) {
        throw new MlflowServerError("NOT_IMPLEMENTED", `The MLflow server at ${this.displayUri} runs version ${text}, which labops does not support: use MLflow 2.0 or newer.`, res.statusCode, undefined, false);
      }
      return text;
    })();
    this.checked.catch(() => (this.checked = null)); // a server that comes up later is checked again
    return this.checked;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    body: string | undefined | (() => Readable | Buffer | string),
    contentType: string,
    contentLength?: number,
  ): Promise<Dispatcher.ResponseData> {
    const url = this.base + path + queryString(options.query);
    const headers: Record<string, string> = { "user-agent": "labops-mlflow-client" };
    if (body !== undefined) headers["content-type"] = contentType;
    if (contentLength !== undefined) headers["content-length"] = String(contentLength);
    if (this.authorization) headers.authorization = this.authorization;
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        const res = await undici().request(url, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body: typeof body === "function" ? body() : body,
          dispatcher: this.dispatcher,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
        if (!RETRY_STATUSES.has(res.statusCode) || attempt >= maxRetries) return res;
        const wait = this.backoff(attempt, res.headers["retry-after"]);
        if (Date.now() - started + wait > this.maxRetryTimeMs) return res;
        await res.body.dump();
        await sleep(wait);
        continue;
      } catch (e) {
        failure = e;
      }
      const code = errorCode(failure);
      const wait = this.backoff(attempt, undefined);
      if (!RETRY_ERRORS.has(code) || attempt >= maxRetries || Date.now() - started + wait > this.maxRetryTimeMs) {
        throw this.connectionError(failure, code, method, path, attempt);
      }
      await sleep(wait);
    }
  }

  /**
   * A create that must not happen twice: tried without automatic retries; after a failure whose outcome is
   * unknown (connection lost, 5xx), `recover` looks for what the lost try may have created before trying again.
   */
  async createOnce<T>(create: () => Promise<T>, recover: () => Promise<T | null>): Promise<T> {
    const started = Date.now();
    let unknownOutcome = false;
    for (let attempt = 0; ; attempt++) {
      if (unknownOutcome) {
        const found = await recover().catch(() => null);
        if (found !== null) return found;
      }
      try {
        return await create();
      } catch (e) {
        const retryable = e instanceof MlflowServerError && e.unavailable;
        if (!retryable) {
          if (unknownOutcome && e instanceof LabopsError && e.code === "RESOURCE_ALREADY_EXISTS") {
            const found = await recover().catch(() => null);
            if (found !== null) return found;
          }
          throw e;
        }
        const wait = this.backoff(attempt, undefined);
        if (attempt >= this.maxRetries || Date.now() - started + wait > this.maxRetryTimeMs) throw e;
        unknownOutcome = true;
        await sleep(wait);
      }
    }
  }

  /** urllib3's schedule: 0, then factor * 2^n seconds, capped at 120 s, plus jitter; Retry-After wins when longer. */
  private backoff(attempt: number, retryAfter: string | string[] | undefined): number {
    const base = attempt === 0 ? 0 : Math.min(120, this.backoffFactor * 2 ** attempt) * 1000;
    let wait = base + Math.random() * this.backoffJitter * 1000;
    const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    if (header) {
      const seconds = /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
      if (Number.isFinite(seconds) && seconds > 0) wait = Math.max(wait, Math.min(seconds, 120) * 1000);
    }
    return wait;
  }

  private connectionError(e: unknown, code: string, method: string, path: string, attempt: number): MlflowServerError {
    const tries = attempt + 1;
    const what =
      code === "ECONNREFUSED" ? "connection refused: no server is listening there"
      : code === "ENOTFOUND" || code === "EAI_AGAIN" ? "the host name does not resolve"
      : code.startsWith("UND_ERR_") && code.includes("TIMEOUT") ? "the server did not answer in time"
      : code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED" ? "the connection was dropped"
      : /CERT|SELF_SIGNED|TLS|SSL/i.test(code)
        ? `the server's TLS certificate is not trusted (${code}); set MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle, or MLFLOW_TRACKING_INSECURE_TLS=true to skip the check`
      : this.redact((e as Error)?.message ?? String(e));
    return new MlflowServerError(
      "INTERNAL_ERROR",
      `Cannot reach the MLflow server at ${this.displayUri} (${method} ${path}, ${tries} ${tries === 1 ? "try" : "tries"}): ${what}. Start it (mlflow server ...) or check LABOPS_TRACKING_URI / MLFLOW_TRACKING_URI.`,
      undefined,
      code || undefined,
      true,
    );
  }

  private errorFrom(status: number, text: string, what: string): MlflowServerError {
    let mlflowCode: string | undefined;
    let message = text.trim();
    try {
      const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown; detail?: unknown };
      if (parsed && typeof parsed === "object") {
        if (typeof parsed.error_code === "string") mlflowCode = parsed.error_code;
        if (typeof parsed.message === "string") message = parsed.message;
        else if (typeof parsed.detail === "string") message = parsed.detail;
      }
    } catch {
      // not JSON: an auth proxy, a 503 text page, an HTML 404
    }
    const code = (mlflowCode && MLFLOW_CODES[mlflowCode]) || codeForStatus(status);
    const unavailable = RETRY_STATUSES.has(status);
    let prefix = "";
    if (status === 401) prefix = `The MLflow server at ${this.displayUri} refused the credentials (401): check MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN. `;
    else if (status === 403 && !mlflowCode) prefix = `The MLflow server at ${this.displayUri} denied ${what} (403). `;
    else if (!mlflowCode) prefix = `The MLflow server at ${this.displayUri} answered ${what} with ${status}${unavailable ? " (after retries)" : ""}: `;
    return new MlflowServerError(code, this.redact(prefix + clip(message)), status, mlflowCode, unavailable);
  }

  /** Removes every credential from a message (servers and proxies may echo headers back). */
  redact(text: string): string {
    let out = redactUserInfo(text);
    for (const s of this.secrets) if (s) out = out.split(s).join("***");
    return out;
  }
}

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  if (typeof err?.code === "string") return err.code;
  if (typeof err?.cause?.code === "string") return err.cause.code;
  return "";
}

function queryString(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 300 ? `${one.slice(0, 300)}...` : one || "(empty body)";
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `scheme://user:pass@host` -> `scheme://host`, wherever it appears in a text. */
export function redactUserInfo(text: string): string {
  return text.replace(/([a-z][\w+.-]*:\/\/)[^/@\s'"]*@/gi, "$1");
}
