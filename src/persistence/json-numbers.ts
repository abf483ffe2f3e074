// JSON that keeps NaN and ±Infinity (JSON.stringify turns them into null): metric values can be either.
// Such a number is written as the string MARK + "NaN"/"Infinity"/"-Infinity". So that no text can pass for one,
// a text that begins with NUL is written with one more NUL in front, which the reader takes off again.

const NUL = "\u0000";
const MARK = NUL + "num:";

export function stringifyKeepingNumbers(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number") return Number.isFinite(v) ? v : MARK + String(v);
    if (typeof v === "string" && v.startsWith(NUL)) return NUL + v;
    return v;
  });
}

export function parseKeepingNumbers<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== "string" || !v.startsWith(NUL)) return v;
    if (v.startsWith(MARK)) return Number(v.slice(MARK.length));
    // Stores written before the escape kept other NUL-led texts as they were: only a doubled NUL is an escape.
    return v.startsWith(NUL + NUL) ? v.slice(1) : v;
  }) as T;
}
