// Splits a search filter or order-by expression into tokens, each with its 1-based column for error messages.

import { invalidParameter } from "../../errors";

export type Token =
  | { type: "ident"; prefix: string; key: string; quotedKey: boolean; column: number; text: string }
  | { type: "string"; value: string; column: number; text: string }
  | { type: "number"; value: number; column: number; text: string }
  | { type: "op"; value: string; column: number; text: string }
  | { type: "punct"; value: "(" | ")" | ","; column: number; text: string };

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[\w.\/:-]/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/** `what` names the expression in errors: "filter" or "order-by". */
export function tokenize(source: string, what: string): Token[] {
  const fail = (column: number, message: string): never => {
    throw invalidParameter(`Invalid ${what} ${JSON.stringify(source)} at column ${column}: ${message}`, { column });
  };
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (quote: string): string => {
    const start = i;
    let out = "";
    i++;
    for (;;) {
      if (i >= source.length) fail(start + 1, `the ${quote} quote opened here is never closed.`);
      const c = source[i]!;
      if (c === quote && source[i + 1] === quote) (out += quote), (i += 2);
      else if (c === quote) return i++, out;
      else if (c === "\\" && i + 1 < source.length) (out += source[i + 1]), (i += 2);
      else (out += c), i++;
    }
  };
  while (i < source.length) {
    const c = source[i]!;
    const column = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const value = readQuoted(c);
      tokens.push({ type: "string", value, column, text: source.slice(column - 1, i) });
    } else if (c === "`") {
      const key = readQuoted("`");
      tokens.push({ type: "ident", prefix: "", key, quotedKey: true, column, text: source.slice(column - 1, i) });
    } else if (/[<>=!]/.test(c)) {
      let j = i;
      while (j < source.length && /[<>=!]/.test(source[j]!)) j++;
      tokens.push({ type: "op", value: source.slice(i, j), column, text: source.slice(i, j) });
      i = j;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: "punct", value: c, column, text: c });
      i++;
    } else if (/[\d.-]/.test(c) && NUMBER.test(source.slice(i))) {
      const text = NUMBER.exec(source.slice(i))![0];
      tokens.push({ type: "number", value: Number(text), column, text });
      i += text.length;
    } else if (IDENT_START.test(c)) {
      let j = i;
      while (j < source.length && IDENT_CHAR.test(source[j]!)) j++;
      const word = source.slice(i, j);
      i = j;
      const dot = word.indexOf(".");
      if (word.endsWith(".") && /["`]/.test(source[i] ?? "")) {
        const key = readQuoted(source[i]!);
        tokens.push({ type: "ident", prefix: word.slice(0, -1), key, quotedKey: true, column, text: source.slice(column - 1, i) });
      } else if (dot > 0) {
        tokens.push({ type: "ident", prefix: word.slice(0, dot), key: word.slice(dot + 1), quotedKey: false, column, text: word });
      } else {
        tokens.push({ type: "ident", prefix: "", key: word, quotedKey: false, column, text: word });
      }
    } else {
      fail(column, `unexpected character '${c}'.`);
    }
  }
  return tokens;
}
