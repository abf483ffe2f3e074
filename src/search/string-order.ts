// Strings ordered by Unicode code point, as Python and SQL's binary collations order them (JavaScript's `<`
// compares UTF-16 code units, which puts U+10000 and above before U+E000..U+FFFF).

/** Negative, zero or positive as `a` sorts before, with or after `b` by code point. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// At the first differing code unit, moving the surrogates (0xD800..0xDFFF) above 0xFFFF gives code point order:
// a surrogate starts or continues a code point above every BMP one, and among surrogates order is kept.
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
