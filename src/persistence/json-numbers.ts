// JSON that keeps NaN and ±Infinity (JSON.stringify turns them into null): metric values can be either.

const MARK = "\u0000num:";

export function stringifyKeepingNumbers(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? MARK + String(v) : v));
}

export function parseKeepingNumbers<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === "string" && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v)) as T;
}
