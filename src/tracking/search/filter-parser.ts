// Parses MLflow's search filter language: `<identifier> <comparator> <value>` clauses joined by AND.

import { invalidParameter } from "../../errors";
import type { Experiment, Run } from "../../entities";
import {
  LIST_COMPARATORS,
  NUMERIC_COMPARATORS,
  STRING_COMPARATORS,
  type Comparator,
  type FilterClause,
} from "./filter-clause";
import { tokenize, type Token } from "./filter-tokenizer";
import { EXPERIMENT_FIELDS, resolveIdentifier, RUN_FIELDS, type SearchFields } from "./search-fields";

export function parseRunFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, RUN_FIELDS);
}

export function parseExperimentFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, EXPERIMENT_FIELDS);
}

const SYMBOL_COMPARATORS = new Set(["=", "!=", ">", ">=", "<", "<="]);

function parseFilter<T extends Run | Experiment>(filter: string | undefined, fields: SearchFields<T>): FilterClause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const source = filter;
  const tokens = tokenize(source, "filter");
  const fail = (column: number, message: string): never => {
    throw invalidParameter(`Invalid filter ${JSON.stringify(source)} at column ${column}: ${message}`, { column });
  };
  const endColumn = source.trimEnd().length + 1;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string): boolean =>
    t?.type === "ident" && t.prefix === "" && !t.quotedKey && t.key.toUpperCase() === word;

  const clauses: FilterClause[] = [];
  for (;;) {
    const ident = tokens[pos++];
    if (!ident) fail(endColumn, "expected a clause after AND.");
    if (ident!.type !== "ident") fail(ident!.column, `expected an identifier such as metrics.acc, found '${ident!.text}'.`);
    const id = ident as Extract<Token, { type: "ident" }>;
    const resolved = resolveIdentifier(fields, id.prefix, id.key);
    if ("error" in resolved) fail(id.column, resolved.error);
    const { kind, key } = resolved as { kind: FilterClause["kind"]; key: string };

    const compTok = tokens[pos++];
    let comparator: Comparator;
    if (!compTok) fail(endColumn, `expected a comparator after '${id.text}'.`);
    if (compTok!.type === "op") {
      const op = compTok!.value === "<>" ? "!=" : compTok!.value;
      if (!SYMBOL_COMPARATORS.has(op)) fail(compTok!.column, `'${compTok!.text}' is not a comparator; use =, !=, >, >=, <, <=, LIKE, ILIKE, IN or NOT IN.`);
      comparator = op as Comparator;
    } else if (isWord(compTok, "LIKE") || isWord(compTok, "ILIKE") || isWord(compTok, "IN")) {
      comparator = (compTok as Extract<Token, { type: "ident" }>).key.toUpperCase() as Comparator;
    } else if (isWord(compTok, "NOT") && isWord(peek(), "IN")) {
      pos++;
      comparator = "NOT IN";
    } else {
      comparator = fail(compTok!.column, `expected a comparator after '${id.text}', found '${compTok!.text}'.`);
    }

    const type = kind === "metric" ? "number" : kind === "attribute" ? fields.attributes[key]! : "string";
    const allowed = type === "number" ? NUMERIC_COMPARATORS : kind === "attribute" ? [...STRING_COMPARATORS, ...LIST_COMPARATORS] : STRING_COMPARATORS;
    if (!allowed.includes(comparator!)) {
      fail(compTok!.column, `'${comparator!}' cannot compare ${id.text}; use one of ${allowed.join(", ")}.`);
    }

    let value: FilterClause["value"];
    const valueTok = peek();
    if (LIST_COMPARATORS.includes(comparator!)) {
      value = parseList();
    } else if (!valueTok) {
      value = fail(endColumn, `expected a value after '${compTok!.text}'.`);
    } else if (type === "number") {
      pos++;
      if (valueTok.type !== "number") fail(valueTok.column, `${id.text} is numeric: expected a number, found '${valueTok.text}'.`);
      value = (valueTok as Extract<Token, { type: "number" }>).value;
    } else {
      pos++;
      if (valueTok.type !== "string") fail(valueTok.column, `expected a quoted string for ${id.text}, found '${valueTok.text}' (quote it: '${valueTok.text}').`);
      value = (valueTok as Extract<Token, { type: "string" }>).value;
    }
    clauses.push({ kind, key, comparator: comparator!, value, column: id.column });

    const next = tokens[pos++];
    if (!next) return clauses;
    if (isWord(next, "OR")) fail(next.column, "OR is not supported (MLflow filters join clauses with AND only); run two searches instead.");
    if (!isWord(next, "AND")) fail(next.column, `expected AND or the end of the filter, found '${next.text}'.`);
  }

  function parseList(): string[] {
    const open = tokens[pos++];
    if (open?.type !== "punct" || open.value !== "(") fail(open?.column ?? endColumn, "expected '(' to open a list of quoted strings.");
    const items: string[] = [];
    for (;;) {
      const item = tokens[pos++];
      if (item?.type !== "string") fail(item?.column ?? endColumn, `expected a quoted string in the list${item ? `, found '${item.text}'` : ""}.`);
      items.push((item as Extract<Token, { type: "string" }>).value);
      const sep = tokens[pos++];
      if (sep?.type === "punct" && sep.value === ")") return items;
      if (sep?.type !== "punct" || sep.value !== ",") fail(sep?.column ?? endColumn, "expected ',' or ')' in the list.");
    }
  }
}
