// A small fake MLflow server (node http on 127.0.0.1) for what a real one won't do on demand: 429 with
// Retry-After, dropped connections, non-JSON errors, 401. Each test scripts its answers.

import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Returns true when it answered; otherwise the default handler answers. */
export type Script = (req: Seen, res: http.ServerResponse, socket: import("node:net").Socket) => boolean | void;

export interface FakeServer {
  uri: string;
  port: number;
  seen: Seen[];
  script: Script | null;
  version: string;
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const state: FakeServer = { uri: "", port: 0, seen: [], script: null, version: "3.6.0", close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: Seen = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      state.seen.push(seen);
      if (state.script?.(seen, res, req.socket)) return;
      if (seen.path === "/version") {
        res.writeHead(200, { "content-type": "text/plain" }).end(state.version);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  state.uri = `http://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  return true;
}
