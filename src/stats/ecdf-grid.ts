// Exact KS statistic and Wasserstein-1 distance of two large samples without sorting them. Both samples are counted
// on one grid of equal-width buckets over the reference's range (count and summed in-bucket position per bucket).
// Where the two ECDFs cannot cross inside a bucket, its share of ∫|F − G| follows from those sums, and its KS
// extremes lie at its ends; only the few buckets where they may cross (or may hold the KS maximum) are gathered and
// merged value by value. Linear passes instead of an O(n log n) sort: the drift report's large numeric columns.

/** Equal-width buckets over [lo, hi]: value v falls in floor((v − lo) · scale), the last bucket closed on the right. */
export interface ValueGrid {
  lo: number;
  hi: number;
  buckets: number;
  scale: number;
}

/** One sample counted on a grid: per bucket its count and Σ of in-bucket positions (0..1); the tails summed apart. */
export interface GridCounts {
  grid: ValueGrid;
  /** Finite values, and their range (NaN, NaN when none). */
  n: number;
  min: number;
  max: number;
  counts: Uint32Array;
  positions: Float64Array;
  /** Values below lo: their count and Σ (lo − v). */
  below: number;
  belowSum: number;
  /** Values above hi: their count and Σ (v − hi). */
  above: number;
  aboveSum: number;
  /** The values below lo and above hi themselves, in the order met (few, unless the samples barely overlap). */
  belowValues: Float64Array;
  aboveValues: Float64Array;
  /** Σ (v − center)² over the finite values, for a variance taken in the same pass (center 0 when none given). */
  squaredDeviations: number;
}

/**
 * Arrays a caller lends countOnGrid for a sample it drops soon after (a report's current columns, one after
 * another): 768 KiB of fresh memory a column costs page faults and garbage collection.
 */
export interface CountArrays {
  counts: Uint32Array;
  positions: Float64Array;
}

/** Zeroed arrays for `buckets` buckets: the lent ones (grown to size when they are not), else new ones. */
function countArrays(buckets: number, reuse?: CountArrays): CountArrays {
  if (!reuse) return { counts: new Uint32Array(buckets), positions: new Float64Array(buckets) };
  if (reuse.counts.length !== buckets) {
    reuse.counts = new Uint32Array(buckets);
    reuse.positions = new Float64Array(buckets);
  } else {
    reuse.counts.fill(0);
    reuse.positions.fill(0);
  }
  return { counts: reuse.counts, positions: reuse.positions };
}

/** About 16 values a bucket, 1,024 to 65,536 buckets. */
const bucketsFor = (n: number): number => Math.min(1 << 16, Math.max(1 << 10, 2 ** Math.ceil(Math.log2(n / 16))));

/** The grid for a sample with this range and size; null when the range is empty or too wide for a linear map. */
export function valueGrid(lo: number, hi: number, n: number): ValueGrid | null {
  const buckets = bucketsFor(n);
  const scale = buckets / (hi - lo);
  if (!(hi > lo) || !Number.isFinite(scale) || scale === 0 || !Number.isFinite(hi - lo)) return null;
  return { lo, hi, buckets, scale };
}

/**
 * Counts the finite values of `values` on `grid` (one pass; NaN and ±Infinity are skipped, as missing), and sums
 * their squared deviations from `center` on the way (a pass over a large column costs more than the arithmetic).
 */
export function countOnGrid(grid: ValueGrid, values: Float64Array | Float32Array, center = 0, reuse?: CountArrays): GridCounts {
  const { lo, hi, buckets, scale } = grid;
  const last = buckets - 1;
  const { counts, positions } = countArrays(buckets, reuse);
  let min = Infinity;
  let max = -Infinity;
  let inside = 0;
  let below = 0;
  let belowSum = 0;
  let above = 0;
  let aboveSum = 0;
  let squaredDeviations = 0;
  const belowValues: number[] = [];
  const aboveValues: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= lo && v <= hi) {
      const u = (v - lo) * scale;
      let b = u | 0;
      if (b > last) b = last; // v = hi (or rounding past it) lands in the last bucket
      counts[b]++;
      positions[b] += u - b;
      inside++;
      if (v < min) min = v;
      if (v > max) max = v;
      const d = v - center;
      squaredDeviations += d * d;
    } else if (v - v === 0) {
      if (v < min) min = v;
      if (v > max) max = v;
      const d = v - center;
      squaredDeviations += d * d;
      if (v < lo) {
        below++;
        belowSum += lo - v;
        belowValues.push(v);
      } else {
        above++;
        aboveSum += v - hi;
        aboveValues.push(v);
      }
    }
  }
  const n = inside + below + above;
  return { grid, n, min: n ? min : NaN, max: n ? max : NaN, counts, positions, below, belowSum, above, aboveSum, belowValues: Float64Array.from(belowValues), aboveValues: Float64Array.from(aboveValues), squaredDeviations };
}

/** The bucket of an in-range value, as countOnGrid assigns it. */
function bucketOf(grid: ValueGrid, v: number): number {
  const b = ((v - grid.lo) * grid.scale) | 0;
  return b < grid.buckets ? b : grid.buckets - 1;
}

type Values = Float64Array | Float32Array;

let slotTable = new Int32Array(0);

/**
 * One sample's values by grid bucket, sorted within each. Values in any order are gathered when first read: every
 * bucket asked for by then (by `want` or the read itself) in one pass over the sample, so KS, Wasserstein and the
 * widget histogram each name the few buckets they need and the sample is read once for all of them. Sorted values
 * (a profile read back from JSON) are sliced instead: no pass at all.
 */
export class BucketValues {
  private readonly wanted = new Set<number>();
  private readonly ready = new Map<number, Float64Array>();
  private tailValues: { below: Float64Array; above: Float64Array } | null = null;
  /** Where each bucket starts when the values are sorted (tails first and last); null when in any order. */
  private readonly starts: Uint32Array | null;

  constructor(
    readonly counts: GridCounts,
    private readonly values: Values,
    sorted = false,
  ) {
    this.starts = sorted ? bucketStarts(counts) : null;
  }

  get grid(): ValueGrid {
    return this.counts.grid;
  }

  /** Marks buckets for the next gathering pass. */
  want(buckets: Iterable<number>): void {
    if (this.starts) return; // sorted: every bucket is a slice away
    for (const b of buckets) if (!this.ready.has(b)) this.wanted.add(b);
  }

  /** The sorted values of bucket `b`. */
  bucket(b: number): Float64Array {
    const got = this.ready.get(b);
    if (got) return got;
    if (this.starts) {
      // A sorted copy: the shared values are never reordered (other threads may be reading them).
      const slice = Float64Array.from(this.values.subarray(this.starts[b]!, this.starts[b + 1]!));
      sortSegment(slice, 0, slice.length);
      this.ready.set(b, slice);
      return slice;
    }
    this.want([b]);
    this.gather();
    return this.ready.get(b)!;
  }

  /** The sorted values below lo and above hi (kept while counting: no pass). */
  tails(): { below: Float64Array; above: Float64Array } {
    this.tailValues ??= { below: this.counts.belowValues.slice().sort(), above: this.counts.aboveValues.slice().sort() };
    return this.tailValues;
  }

  private gather(): void {
    const { grid, counts } = this.counts;
    const list = [...this.wanted].sort((x, y) => x - y);
    this.wanted.clear();
    // A bit per bucket (8 KiB, in L1) filters the values; the slot table is read only for wanted buckets.
    const wantedBits = new Int32Array((grid.buckets + 31) >>> 5);
    // Only the wanted buckets' slots are written and read: a table left from an earlier pass needs no clearing.
    if (slotTable.length < grid.buckets) slotTable = new Int32Array(grid.buckets);
    const slot = slotTable;
    const start = new Uint32Array(list.length + 1);
    for (let k = 0; k < list.length; k++) {
      const b = list[k]!;
      wantedBits[b >>> 5]! |= 1 << (b & 31);
      slot[b] = k;
      start[k + 1] = start[k]! + counts[b]!;
    }
    const data = new Float64Array(start[list.length]!);
    const fill = start.slice(0, list.length);
    const { lo, hi, scale } = grid;
    const last = grid.buckets - 1;
    const values = this.values;
    if (data.length) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v >= lo && v <= hi) {
          let b = ((v - lo) * scale) | 0; // bucketOf, inlined: this loop is a whole pass over the sample
          if (b > last) b = last;
          if (wantedBits[b >>> 5]! & (1 << (b & 31))) data[fill[slot[b]!]!++] = v;
        }
      }
    }
    for (let k = 0; k < list.length; k++) {
      sortSegment(data, start[k]!, start[k + 1]!);
      this.ready.set(list[k]!, data.subarray(start[k]!, start[k + 1]!));
    }
  }
}

/** Offsets of each bucket in sorted values: the values below the grid first, then bucket after bucket (B + 1 entries). */
function bucketStarts({ counts, below, grid }: GridCounts): Uint32Array {
  const starts = new Uint32Array(grid.buckets + 1);
  let at = below;
  for (let b = 0; b < grid.buckets; b++) {
    starts[b] = at;
    at += counts[b]!;
  }
  starts[grid.buckets] = at;
  return starts;
}

function sortSegment(a: Float64Array, s: number, e: number): void {
  if (e - s > 32) {
    // Ties (a rounded column) often fill a whole bucket with one value: nothing to sort.
    for (let i = s + 1; i < e; i++) if (a[i] !== a[s]) return void a.subarray(s, e).sort();
    return;
  }
  for (let i = s + 1; i < e; i++) {
    const v = a[i]!;
    let k = i - 1;
    while (k >= s && a[k]! > v) {
      a[k + 1] = a[k]!;
      k--;
    }
    a[k + 1] = v;
  }
}

function checkSameGrid(a: GridCounts, b: GridCounts): void {
  if (a.grid !== b.grid) throw new RangeError("both samples must be counted on the same grid");
  if (a.n === 0 || b.n === 0) throw new RangeError("two non-empty samples are needed");
  // The sign tests multiply counts: exact while n·m stays below 2^53 (about 94M values each).
  if (a.n * b.n > Number.MAX_SAFE_INTEGER) throw new RangeError(`samples of ${a.n} and ${b.n} values are too large for the grid (n·m > 2^53)`);
}

/**
 * W₁ = ∫|F − G| of the reference (counted as `ref`, all within the grid) and the current sample, equal to
 * wasserstein1Sorted on the sorted samples up to rounding.
 */
export function wasserstein1OnGrid(refValues: BucketValues, curValues: BucketValues): number {
  const ref = refValues.counts;
  const cur = curValues.counts;
  checkSameGrid(ref, cur);
  const { buckets, scale } = ref.grid;
  const n = ref.n;
  const m = cur.n;
  const w = 1 / scale;
  // Below lo, F = 0: ∫G = Σ(lo − y)/m; above hi, F = 1: ∫(1 − G) = Σ(y − hi)/m.
  let total = cur.belowSum / m + cur.aboveSum / m;
  let i = 0;
  let j = cur.below;
  const mixed: number[] = [];
  const mixedAt: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const cr = ref.counts[b]!;
    const cc = cur.counts[b]!;
    // Sign of F − G at the bucket's start, and at its extremes, in integers (exact below 2^53).
    const d = i * m - j * n;
    if (d - cc * n >= 0 || d + cr * m <= 0) {
      // F − G keeps one sign over the bucket: ∫(F − G) = D·w + Σ_ref (1 − pos)·w/n − Σ_cur (1 − pos)·w/m.
      const signed = (i / n - j / m + (cr - ref.positions[b]!) / n - (cc - cur.positions[b]!) / m) * w;
      total += d - cc * n >= 0 ? signed : -signed;
    } else {
      mixed.push(b);
      mixedAt.push(i, j);
    }
    i += cr;
    j += cc;
  }
  refValues.want(mixed);
  curValues.want(mixed);
  for (let k = 0; k < mixed.length; k++) {
    const b = mixed[k]!;
    total += w * mergedIntegral(ref.grid, b, refValues.bucket(b), curValues.bucket(b), mixedAt[2 * k]!, mixedAt[2 * k + 1]!, n, m);
  }
  return total;
}

/**
 * ∫|F − G| across bucket b, in bucket widths, from the sorted values of each sample in it, F − G starting at
 * i/n − j/m. Positions are measured as countOnGrid measured them, so the bucket's share fits its neighbours' exactly.
 */
function mergedIntegral(grid: ValueGrid, b: number, a: Float64Array, c: Float64Array, i: number, j: number, n: number, m: number): number {
  const { lo, scale } = grid;
  let ia = 0;
  let ic = 0;
  const ea = a.length;
  const ec = c.length;
  let total = 0;
  let prev = 0;
  while (ia < ea || ic < ec) {
    const x = ic >= ec || (ia < ea && a[ia]! <= c[ic]!) ? a[ia]! : c[ic]!;
    const at = (x - lo) * scale - b;
    if (at > prev) {
      total += Math.abs(i / n - j / m) * (at - prev);
      prev = at;
    }
    // Every copy of x at once (rounded data puts thousands in one bucket).
    while (ia < ea && a[ia] === x) {
      ia++;
      i++;
    }
    while (ic < ec && c[ic] === x) {
      ic++;
      j++;
    }
  }
  if (prev < 1) total += Math.abs(i / n - j / m) * (1 - prev);
  return total;
}

/** The KS statistic max |F − G| over the pooled values (side='right'), equal to ksStatisticSorted on the sorted samples. */
export function ksStatisticOnGrid(refValues: BucketValues, curValues: BucketValues): number {
  const ref = refValues.counts;
  const cur = curValues.counts;
  checkSameGrid(ref, cur);
  const { buckets } = ref.grid;
  const n = ref.n;
  const m = cur.n;
  // The differences at each bucket's last value are reached exactly (above hi, where F = 1, they only fall back to
  // 0); inside a bucket holding both samples, F − G may rise by up to its reference count or fall by up to its
  // current count before coming back: only such buckets that could beat the extremes found are merged.
  let maxS = -Infinity;
  let minS = cur.below ? 0 / n - cur.below / m : Infinity;
  let i = 0;
  let j = cur.below;
  for (let b = 0; b < buckets; b++) {
    i += ref.counts[b]!;
    j += cur.counts[b]!;
    if (ref.counts[b]! + cur.counts[b]! === 0) continue;
    const diff = i / n - j / m;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const candidates: number[] = [];
  const startAt: number[] = [];
  i = 0;
  j = cur.below;
  for (let b = 0; b < buckets; b++) {
    const cr = ref.counts[b]!;
    const cc = cur.counts[b]!;
    if (cr && cc && ((i + cr) / n - j / m > maxS || i / n - (j + cc) / m < minS)) {
      candidates.push(b);
      startAt.push(i, j);
    }
    i += cr;
    j += cc;
  }
  refValues.want(candidates);
  curValues.want(candidates);
  for (let k = 0; k < candidates.length; k++) {
    const r = refValues.bucket(candidates[k]!);
    const c = curValues.bucket(candidates[k]!);
    let ia = 0;
    let ic = 0;
    // As ksStatisticSorted: one pooled value at a time, the difference read once every copy of a value is in.
    while (ia < r.length || ic < c.length) {
      const x = ic >= c.length || (ia < r.length && r[ia]! <= c[ic]!) ? r[ia++]! : c[ic++]!;
      const next = ic >= c.length ? (ia < r.length ? r[ia]! : NaN) : ia >= r.length ? c[ic]! : Math.min(r[ia]!, c[ic]!);
      if (next === x) continue;
      const diff = (startAt[2 * k]! + ia) / n - (startAt[2 * k + 1]! + ic) / m;
      if (diff > maxS) maxS = diff;
      if (diff < minS) minS = diff;
    }
  }
  const minD = Math.min(1, Math.max(0, -minS));
  return minD > maxS ? minD : maxS;
}

const doubleBits = new BigInt64Array(1);
const doubleView = new Float64Array(doubleBits.buffer);

/** The double next to finite x, toward +∞ (dir 1) or −∞ (dir −1). */
function nextDouble(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  doubleView[0] = x;
  doubleBits[0] += x > 0 === dir > 0 ? 1n : -1n;
  return doubleView[0]!;
}

/** The least double v with floor((v − lo) · scale) >= k (0 < k < buckets): where the grid's map turns to bucket k. */
export function bucketBoundary(grid: ValueGrid, k: number): number {
  const at = (v: number) => (v - grid.lo) * grid.scale;
  let t = grid.lo + k / grid.scale;
  while (at(t) >= k) t = nextDouble(t, -1);
  while (at(t) < k) t = nextDouble(t, 1);
  return t;
}

/**
 * `edges` with each inner edge inside the grid moved to the nearest bucket boundary (by less than a bucket's
 * width): no bucket then straddles an edge, and histogramOnGrid reads none of the values.
 */
export function alignEdges(grid: ValueGrid, edges: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(edges);
  for (let j = 1; j < out.length - 1; j++) {
    const e = out[j]!;
    if (!(e > grid.lo && e < grid.hi)) continue;
    const k = Math.min(grid.buckets - 1, Math.max(1, Math.round((e - grid.lo) * grid.scale)));
    const t = bucketBoundary(grid, k);
    if (t > out[j - 1]! && t < out[j + 1]!) out[j] = t;
  }
  return out;
}

/**
 * Per edge, the last bucket lying wholly below it (−1: none; `buckets`: all), and the buckets an edge cuts through.
 * An edge on a bucket boundary (alignEdges) cuts none; the last edge, closed on the right, none from hi up.
 */
function edgeBuckets(grid: ValueGrid, edges: ArrayLike<number>): { below: number[]; straddled: number[] } {
  const below: number[] = [];
  const straddled: number[] = [];
  const k = edges.length - 1;
  for (let j = 0; j <= k; j++) {
    const e = edges[j]!;
    if (e < grid.lo) below.push(-1);
    else if (e > grid.hi || (j === k && e === grid.hi)) below.push(grid.buckets);
    else {
      const b = bucketOf(grid, e);
      const onBoundary = e === grid.lo || bucketOf(grid, nextDouble(e, -1)) < b;
      below.push(onBoundary ? b - 1 : b);
      if (!onBoundary) straddled.push(b);
    }
  }
  return { below, straddled };
}

/** Marks what histogramOnGrid(values, edges) will read: the buckets an edge cuts through. */
export function wantHistogram(values: BucketValues, edges: ArrayLike<number>): void {
  values.want(edgeBuckets(values.grid, edges).straddled);
}

/**
 * np.histogram counts of one sample over ascending `edges`, from its grid counts: a bucket no edge cuts through lies
 * inside one bin whole, so only the buckets an edge cuts, and the values outside the grid, are placed one by one.
 */
export function histogramOnGrid(values: BucketValues, edges: ArrayLike<number>): Float64Array {
  const { grid, counts, below } = values.counts;
  const k = edges.length - 1;
  const out = new Float64Array(k);
  const { buckets } = grid;
  const { below: lastBelow, straddled: cut } = edgeBuckets(grid, edges);
  const straddled = new Set(cut);
  values.want(cut);
  const binOf = (v: number): number => {
    // The bin of v: the last edge <= v (the last bin closed on the right), or -1 outside the edges.
    if (v < edges[0]! || v > edges[k]!) return -1;
    let lo2 = 0;
    let hi2 = k;
    while (hi2 - lo2 > 1) {
      const mid = (lo2 + hi2) >> 1;
      if (edges[mid]! <= v) lo2 = mid;
      else hi2 = mid;
    }
    return lo2;
  };
  const addEach = (xs: Float64Array) => {
    for (const v of xs) {
      const bin = binOf(v);
      if (bin >= 0) out[bin]++;
    }
  };
  let e = 0; // edges <= every value of bucket b (0: b lies below the first edge; k + 1: above the last)
  for (let b = 0; b < buckets; b++) {
    const c = counts[b]!;
    if (c === 0) continue;
    if (straddled.has(b)) {
      addEach(values.bucket(b));
      continue;
    }
    while (e <= k && lastBelow[e]! < b) e++;
    if (e >= 1 && e <= k) out[e - 1] += c;
  }
  if (below + values.counts.above > 0) {
    const t = values.tails();
    addEach(t.below);
    addEach(t.above);
  }
  return out;
}
