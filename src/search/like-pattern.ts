// SQL LIKE / ILIKE patterns (`%` any run of characters, `_` one character) compiled to cached RegExps.

const cache = new Map<string, RegExp>();
// Searches reuse a handful of patterns; the bound only stops a long-lived process from growing forever.
const CACHE_LIMIT = 1000;

/**
 * The RegExp for a LIKE pattern, anchored at both ends. LIKE is case-sensitive, ILIKE (`caseInsensitive`)
 * is not, in any script (as MLflow's file store: Python's re.IGNORECASE; its SQLite store folds ASCII only).
 * Every other character is literal, regex metacharacters included; as in MLflow, there is no escape
 * character, so `\` is literal too. (MLflow's file store compiles the pattern as a Python regex, so there `.`
 * is a wildcard and `%` stops at a line break; labops keeps SQL's literal reading, as the SQL store does.)
 */
export function likeToRegExp(pattern: string, caseInsensitive = false): RegExp {
  const cacheKey = `${caseInsensitive ? "i" : "c"}${pattern}`;
  let regExp = cache.get(cacheKey);
  if (regExp === undefined) {
    let source = "";
    for (const ch of pattern) {
      source += ch === "%" ? ".*" : ch === "_" ? "." : ch.replace(/[\\^$.*+?()[\]{}|/]/, "\\$&");
    }
    // `s`: `%` and `_` match line breaks too; `u`: `_` is one code point, not half a surrogate pair.
    regExp = new RegExp(`^${source}$`, caseInsensitive ? "siu" : "su");
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cacheKey, regExp);
  }
  return regExp;
}

export function matchesLike(value: string, pattern: string, caseInsensitive = false): boolean {
  return likeToRegExp(pattern, caseInsensitive).test(value);
}
