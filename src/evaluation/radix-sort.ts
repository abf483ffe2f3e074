// A radix sort of float64 keys: several times faster than a comparison sort on millions of scores.

const RUN_INSERTION = 48;

/**
 * Float64 sort keys: the IEEE-754 bits mapped to an unsigned order (negative numbers: all bits flipped; others:
 * the sign bit set) as two 32-bit words. Comparing (hi, lo) as unsigned pairs orders the numbers; equal pairs
 * are equal numbers (except -0 and +0, which sort apart and which no caller can tell apart).
 */
export function keyHi(bitsHi: number): number {
  return (bitsHi ^ ((bitsHi >> 31) | 0x80000000)) >>> 0;
}
export function keyLo(bitsHi: number, bitsLo: number): number {
  return (bitsLo ^ (bitsHi >> 31)) >>> 0;
}

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The number a (hi, lo) key stands for. */
export function keyToNumber(hi: number, lo: number): number {
  const neg = (hi >> 31) ^ -1; // the key's top bit is clear for negative numbers
  scratchBits[1] = hi ^ (neg | 0x80000000);
  scratchBits[0] = lo ^ neg;
  return scratch[0]!;
}

/**
 * Sorts keys ascending; returns the sorted pair (possibly the arrays passed, possibly new ones). The high words
 * (sign, exponent, 20 mantissa bits) go through an LSD radix sort in three passes of 11 bits (a cache-friendly
 * 2048 buckets; a pass whose digit is the same for every key is skipped); keys whose high words tie are then put
 * in order by their low words, runs that are short in practice.
 */
export function sortKeys(hi: Uint32Array, lo: Uint32Array): { hi: Uint32Array; lo: Uint32Array } {
  const n = hi.length;
  const counts = new Uint32Array(3 * 2048);
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    counts[h & 0x7ff]!++;
    counts[2048 + ((h >>> 11) & 0x7ff)]!++;
    counts[4096 + (h >>> 22)]!++;
  }
  let hi2: Uint32Array | null = null;
  let lo2: Uint32Array | null = null;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * 2048;
    let sum = 0;
    let single = false;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d]!;
      if (c === n) single = true;
      counts[base + d] = sum;
      sum += c;
    }
    if (single) continue; // every key has the same digit: the order is unchanged
    hi2 ??= new Uint32Array(n);
    lo2 ??= new Uint32Array(n);
    const shift = pass * 11;
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      const at = counts[base + ((h >>> shift) & 0x7ff)]!++;
      hi2[at] = h;
      lo2[at] = lo[i]!;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
  }
  // Runs of equal high words, ordered by their low words.
  for (let start = 0; start < n; ) {
    const h = hi[start]!;
    let end = start + 1;
    while (end < n && hi[end] === h) end++;
    if (end - start > RUN_INSERTION) lo.subarray(start, end).sort();
    else {
      for (let i = start + 1; i < end; i++) {
        const v = lo[i]!;
        let j = i - 1;
        while (j >= start && lo[j]! > v) {
          lo[j + 1] = lo[j]!;
          j--;
        }
        lo[j + 1] = v;
      }
    }
    start = end;
  }
  return { hi, lo };
}

/** Sorts `values` ascending, in place (NaN must be absent: callers refuse it first). */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 4096) return values.sort();
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + 1]!;
    hi[i] = keyHi(h);
    lo[i] = keyLo(h, bits[2 * i]!);
  }
  const sorted = sortKeys(hi, lo);
  for (let i = 0; i < n; i++) {
    const hk = sorted.hi[i]!;
    const neg = (hk >> 31) ^ -1;
    bits[2 * i + 1] = hk ^ (neg | 0x80000000);
    bits[2 * i] = sorted.lo[i]! ^ neg;
  }
  return values;
}
