// Tokenizer for MLflow's search language (filters and order_by clauses); every token keeps its 1-based column.

import { invalidParameter, type LabopsError } from "../core/errors";

export type TokenType = "identifier" | "keyword" | "number" | "string" | "operator" | "punctuation" | "end";

export interface Token {
  type: TokenType;
  /** The token as written, quotes included. */
  text: string;
  /** 1-based column of its first character; for `end`, one past the last character. */
  column: number;
  /** A string's content between its quotes, as written; a keyword in upper case; otherwise `text`. */
  value: string;
  /** An identifier's dot-separated parts, unquoted: metrics.`my-key` gives ["metrics", "my-key"]. */
  parts: string[];
}

/** Throws the error for a mistake at a column; `label` says what was parsed ("filter", "order_by clause"). */
export type Fail = (column: number, detail: string) => never;

export const KEYWORDS: ReadonlySet<string> = new Set(["AND", "OR", "NOT", "IN", "LIKE", "ILIKE"]);

const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
// Keys after the dot may start with a digit (`metrics.f1`, `params.0`).
const KEY_WORD = /[\p{L}\p{N}_]+/uy;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = [">=", "<=", "!=", "<>", "==", ">", "<", "="];
// sqlparse's own patterns, backtracking included, so a string ends exactly where MLflow ends it.
const QUOTED: Record<string, RegExp> = {
  "'": /'(?:''|\\'|[^'])*'/y,
  '"': /"(?:""|\\"|[^"])*"/y,
  "`": /`(?:``|[^`])*`/y,
};

export function failAt(label: string, text: string): Fail {
  return (column, detail) => {
    throw syntaxError(label, text, column, detail);
  };
}

export function syntaxError(label: string, text: string, column: number, detail: string): LabopsError {
  return invalidParameter(`Invalid ${label} "${text}" at column ${column}: ${detail}`, { column });
}

/** How a token is named in messages. */
export function describe(token: Token): string {
  if (token.type === "end") return "end of input";
  return token.type === "string" ? `the string ${token.text}` : `'${token.text}'`;
}

export function tokenize(text: string, label: string): Token[] {
  const fail = failAt(label, text);
  const tokens: Token[] = [];
  let i = 0;

  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) return undefined;
    i += m[0].length;
    return m[0];
  };

  // Reads a quoted run starting at i and returns what lies between the quotes, as written: MLflow (through
  // sqlparse) lets '' and \' (or "" and \") sit inside a string and `` inside a quoted name, but unescapes
  // nothing, so 'it''s' is the five characters it''s.
  const readQuoted = (): string => {
    const open = i;
    const quote = text[i];
    const found = match(QUOTED[quote]);
    if (found === undefined) {
      return fail(open + 1, `unterminated ${quote === "`" ? "quoted name" : "string"} starting with ${quote}; close it with ${quote}`);
    }
    return found.slice(1, -1);
  };

  const readIdentifier = (): { parts: string[]; quoted: boolean } => {
    const parts: string[] = [];
    let quoted = false;
    for (;;) {
      const ch = text[i];
      if (ch === "`" || (parts.length > 0 && (ch === '"' || ch === "'"))) {
        parts.push(readQuoted());
        quoted = true;
      } else {
        const word = match(parts.length === 0 ? WORD : KEY_WORD);
        if (word === undefined) {
          const next = i >= text.length ? "" : String.fromCodePoint(text.codePointAt(i)!);
          const found = next === "" ? "end of input" : /\s/.test(next) ? "a space" : `'${next}'`;
          return fail(i + 1, `expected a key after '.', found ${found}; quote keys with special characters, e.g. metrics.\`my-key\``);
        }
        parts.push(word);
      }
      if (text[i] !== ".") return { parts, quoted };
      i++;
    }
  };

  while (i < text.length) {
    // A whole code point, so a letter or a stray character above U+FFFF is read as one.
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const start = i;
    const push = (type: TokenType, value: string, parts: string[] = []): void => {
      tokens.push({ type, text: text.slice(start, i), column: start + 1, value, parts });
    };
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "`" || /[\p{L}_]/u.test(ch)) {
      const { parts, quoted } = readIdentifier();
      const upper = parts[0].toUpperCase();
      if (!quoted && parts.length === 1 && KEYWORDS.has(upper)) push("keyword", upper);
      else push("identifier", text.slice(start, i), parts);
    } else if (ch === "'" || ch === '"') {
      push("string", readQuoted());
    } else if (match(NUMBER) !== undefined) {
      push("number", text.slice(start, i));
    } else if ("(),".includes(ch)) {
      i++;
      push("punctuation", ch);
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) {
        const previous = tokens[tokens.length - 1];
        const glued = previous?.type === "identifier" && previous.column + previous.text.length === start + 1;
        const hint = glued ? "; quote keys with special characters, e.g. metrics.`my-key`" : "";
        return fail(start + 1, `unexpected character '${ch}'${hint}`);
      }
      i += op.length;
      push("operator", op);
    }
  }
  tokens.push({ type: "end", text: "", column: text.length + 1, value: "", parts: [] });
  return tokens;
}
