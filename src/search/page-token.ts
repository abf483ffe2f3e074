// Offset page tokens in MLflow's format (base64 of {"offset": N}) and paging over a sorted result.

import { invalidParameter } from "../core/errors";

export interface PageSlice<T> {
  items: T[];
  /** Absent on the last page. */
  nextPageToken?: string;
}

export function encodePageToken(offset: number): string {
  // Python's json.dumps spacing, so a token is byte-for-byte what an MLflow server would send.
  return Buffer.from(`{"offset": ${offset}}`, "utf8").toString("base64");
}

/** The offset a token encodes; no token (or an empty one) is offset 0. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const invalid = (why: string, cause?: unknown) =>
    invalidParameter(`Invalid page token "${token}": ${why}. Pass the nextPageToken of the previous page unchanged.`, { cause });
  // Buffer.from(..., "base64") skips what it cannot read, so the alphabet is checked first.
  if (token.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalid("it is not base64");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch (cause) {
    throw invalid("it does not decode to JSON", cause);
  }
  const offset = typeof parsed === "object" && parsed !== null && "offset" in parsed ? parsed.offset : undefined;
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) {
    throw invalid("it holds no non-negative integer offset");
  }
  return offset;
}

/** One page of `items` from the token's offset, with the token of the next page when there is one. */
export function paginate<T>(items: readonly T[], maxResults: number, pageToken?: string): PageSlice<T> {
  if (!Number.isSafeInteger(maxResults) || maxResults < 1) {
    throw invalidParameter(`maxResults must be a positive integer, got ${maxResults}.`);
  }
  const start = decodePageToken(pageToken);
  const end = start + maxResults;
  const page = items.slice(start, end);
  return end < items.length ? { items: page, nextPageToken: encodePageToken(end) } : { items: page };
}
