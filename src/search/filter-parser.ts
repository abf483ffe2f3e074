// Parses MLflow search filters ("metrics.acc > 0.9 AND params.model = 'mlp'") into clauses, for any entity
// described by a SearchSchema.

import type { AttributeType, Comparator, EntityKind, FilterClause } from "./filter-clause";
import { describe, failAt, tokenize, type Fail, type Token } from "./filter-tokenizer";

/** What a search may name: identifier prefixes, attributes and attribute aliases. */
export interface SearchSchema {
  prefixes: ReadonlyMap<string, EntityKind>;
  attributes: ReadonlyMap<string, { type: AttributeType }>;
  aliases: ReadonlyMap<string, string>;
  /** Examples of identifiers, for messages. */
  hint: string;
}

/** What an identifier resolved to. */
export interface SearchTarget {
  kind: EntityKind;
  key: string;
  type: AttributeType;
}

const COMPARATORS: Record<AttributeType, readonly Comparator[]> = {
  number: [">", ">=", "=", "!=", "<", "<="],
  string: ["=", "!=", "LIKE", "ILIKE"],
  list: ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"],
};

/** Resolves an identifier token (`metrics.acc`, `` `run name` ``, `tags."a b"`) against a schema. */
export function resolveIdentifier(token: Token, schema: SearchSchema, fail: Fail): SearchTarget {
  let parts: string[];
  if (token.type === "identifier") parts = token.parts;
  // A double-quoted name where an identifier belongs is one, as in SQL: "run name" = 'x'.
  else if (token.type === "string" && token.text.startsWith('"')) parts = [token.value];
  else return fail(token.column, `expected an identifier (${schema.hint}), found ${describe(token)}`);

  const attribute = (name: string): SearchTarget => {
    const key = schema.aliases.get(name) ?? name;
    const field =
      schema.attributes.get(key) ??
      fail(token.column, `unknown attribute '${name}'; expected one of ${[...schema.attributes.keys()].join(", ")}`);
    return { kind: "attribute", key, type: field.type };
  };
  const [prefix, ...rest] = parts;
  if (rest.length === 0) return attribute(prefix);
  const kind =
    schema.prefixes.get(prefix) ??
    fail(token.column, `unknown identifier type '${prefix}'; expected one of ${[...schema.prefixes.keys()].join(", ")}`);
  const key = rest.join(".");
  if (kind === "attribute") return attribute(key);
  if (key === "") return fail(token.column, `empty ${kind} key in '${token.text}'`);
  return { kind, key, type: kind === "metric" ? "number" : "string" };
}

/** Clauses of a filter over `schema`; an empty or missing filter gives none. */
export function parseFilter(filter: string | undefined, schema: SearchSchema): FilterClause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const fail = failAt("filter", filter);
  const tokens = tokenize(filter, "filter");
  let i = 0;
  const isKeyword = (token: Token, word: string) => token.type === "keyword" && token.value === word;

  const parseComparator = (subject: Token): Comparator => {
    const token = tokens[i++];
    const all = COMPARATORS.list.join(", ");
    if (token.type === "operator") {
      const op = COMPARATORS.number.find((c) => c === token.value);
      return op ?? fail(token.column, `unknown comparator '${token.text}'; expected one of ${all}`);
    }
    if (isKeyword(token, "LIKE")) return "LIKE";
    if (isKeyword(token, "ILIKE")) return "ILIKE";
    if (isKeyword(token, "IN")) return "IN";
    if (isKeyword(token, "NOT")) {
      const next = tokens[i++];
      return isKeyword(next, "IN") ? "NOT IN" : fail(next.column, `expected IN after NOT, found ${describe(next)}`);
    }
    return fail(token.column, `expected a comparator (${all}) after '${subject.text}', found ${describe(token)}`);
  };

  const parseString = (after: string): string => {
    const token = tokens[i++];
    if (token.type === "string") return token.value;
    return fail(token.column, `expected a quoted string after '${after}', found ${describe(token)}`);
  };

  const parseList = (after: string): string[] => {
    const open = tokens[i++];
    if (open.type !== "punctuation" || open.value !== "(") {
      return fail(open.column, `expected a parenthesised list of strings after '${after}', e.g. ('a', 'b'), found ${describe(open)}`);
    }
    const values = [parseString("(")];
    for (;;) {
      const token = tokens[i++];
      if (token.type === "punctuation" && token.value === ")") return values;
      if (token.type !== "punctuation" || token.value !== ",") {
        return fail(token.column, `expected ',' or ')' in the list, found ${describe(token)}`);
      }
      values.push(parseString(","));
    }
  };

  const parseClause = (): FilterClause => {
    const subject = tokens[i++];
    const target = resolveIdentifier(subject, schema, fail);
    const opToken = tokens[i];
    const comparator = parseComparator(subject);
    const allowed = COMPARATORS[target.type];
    if (!allowed.includes(comparator)) {
      const lists = [...schema.attributes].filter(([, f]) => f.type === "list").map(([name]) => name);
      const listHint = (comparator === "IN" || comparator === "NOT IN") && lists.length > 0 ? `; IN and NOT IN apply only to ${lists.join(", ")}` : "";
      fail(opToken.column, `comparator '${comparator}' is not allowed for '${subject.text}'; expected one of ${allowed.join(", ")}${listHint}`);
    }
    const column = subject.column;
    const { kind, key } = target;
    if (comparator === "IN" || comparator === "NOT IN") return { kind, key, comparator, value: parseList(comparator), column };
    if (target.type !== "number") return { kind, key, comparator, value: parseString(comparator), column };
    const token = tokens[i++];
    if (token.type !== "number") return fail(token.column, `expected a number after '${comparator}', found ${describe(token)}`);
    return { kind, key, comparator, value: Number(token.text), column };
  };

  const clauses = [parseClause()];
  for (;;) {
    const token = tokens[i++];
    if (token.type === "end") return clauses;
    if (isKeyword(token, "OR")) fail(token.column, "OR is not supported; MLflow filters join clauses with AND only");
    if (!isKeyword(token, "AND")) fail(token.column, `expected AND or the end of the filter, found ${describe(token)}`);
    clauses.push(parseClause());
  }
}
