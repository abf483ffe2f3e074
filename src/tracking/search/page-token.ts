// Page tokens as MLflow makes them: base64 of {"offset": N}. Opaque to callers.

import { invalidParameter } from "../../errors";

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown }).offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameter(`Invalid page token '${token}': pass the nextPageToken of a previous search unchanged.`);
  }
  return offset;
}

export function paginate<T>(items: readonly T[], maxResults: number, pageToken?: string): { items: T[]; nextPageToken?: string } {
  const start = decodePageToken(pageToken);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextPageToken: end < items.length ? encodePageToken(end) : undefined };
}
