// labops' one seeded random generator: named bit generators under one set of draws (uniform, integers, normals,
// shuffles, weighted choice), so every seeded result repeats across runs and machines.

import { invalidParameter } from "../core/errors";

/**
 * The streams labops draws from: a bit generator plus how it turns bits into floats and normals. The default serves
 * new code; the others stay because committed results were made with them (same seed, same numbers):
 * - `"xoshiro128**"` (default; drift, A/B statistics): 53-bit floats, one Box–Muller normal per two uniforms.
 * - `"sfc32"` (tune's samplers): 53-bit floats, Marsaglia's polar normals in pairs.
 * - `"sfc32-single"` (evaluation: permutation importance, kernel SHAP): sfc32 with its counter starting at 1 as
 *   in the reference seeding, floats from a single 32-bit word.
 * - `"mulberry32"` (data and engine: synthetic datasets, CV folds, initial weights): floats from a single 32-bit
 *   word, Box–Muller normals in pairs.
 */
export type RandomAlgorithm = "xoshiro128**" | "sfc32" | "sfc32-single" | "mulberry32";

interface Stream {
  /** A generator of uniform 32-bit unsigned integers from a 32-bit seed. */
  bits(seed: number): () => number;
  /** 53: a float from two words, every double in [0, 1) on the 2^-53 grid; 32: a float from one word. */
  floatBits: 32 | 53;
  normal: "box-muller" | "polar";
  /** Whether the second normal of each pair is kept for the next call (else it is dropped). */
  pairs: boolean;
}

const STREAMS: Record<RandomAlgorithm, Stream> = {
  "xoshiro128**": { bits: xoshiro128ss, floatBits: 53, normal: "box-muller", pairs: false },
  sfc32: { bits: (seed) => sfc32(splitmix32(seed), false), floatBits: 53, normal: "polar", pairs: true },
  "sfc32-single": { bits: (seed) => sfc32(splitmix32(seed), true), floatBits: 32, normal: "box-muller", pairs: true },
  mulberry32: { bits: mulberry32, floatBits: 32, normal: "box-muller", pairs: true },
};

export const RANDOM_ALGORITHMS = Object.keys(STREAMS) as RandomAlgorithm[];

/**
 * Uniform floats, integers, normals, shuffles and weighted choices from one seeded stream (numpy's Generator, in
 * small). No seed: one drawn from Math.random, as numpy's `default_rng()` and Optuna's unseeded samplers do.
 */
export class SeededRandom {
  readonly algorithm: RandomAlgorithm;
  /** A uniform 32-bit unsigned integer. */
  readonly nextUint32: () => number;
  private readonly stream: Stream;
  private spare: number | null = null;

  constructor(seed?: number, algorithm: RandomAlgorithm = "xoshiro128**") {
    if (seed !== undefined && !Number.isFinite(seed)) throw invalidParameter(`seed must be a finite number, got ${seed}.`);
    const stream = STREAMS[algorithm];
    if (!stream) throw invalidParameter(`Random algorithm ${JSON.stringify(algorithm)} is not known; use one of ${RANDOM_ALGORITHMS.join(", ")}.`);
    this.algorithm = algorithm;
    this.stream = stream;
    this.nextUint32 = stream.bits(seed === undefined ? Math.floor(Math.random() * 2 ** 32) : seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    if (this.stream.floatBits === 32) return this.nextUint32() / 4294967296;
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    if (this.stream.normal === "polar") {
      for (;;) {
        const u = 2 * this.next() - 1;
        const v = 2 * this.next() - 1;
        const s = u * u + v * v;
        if (s > 0 && s < 1) {
          const m = Math.sqrt((-2 * Math.log(s)) / s);
          if (this.stream.pairs) this.spare = v * m;
          return u * m;
        }
      }
    }
    let u = 0;
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    if (this.stream.pairs) this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** An index drawn with probability proportional to `weights` (numpy's `choice(n, p=weights / sum)`). */
  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/** splitmix32: spreads a 32-bit seed over a generator's state words. */
function splitmix32(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function xoshiro128ss(seed: number): () => number {
  const init = splitmix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

/** sfc32; the counter starts at 1 (the reference seeding) or from the seed; 12 rounds drop the correlated start. */
function sfc32(init: () => number, counterFromOne: boolean): () => number {
  let a = init();
  let b = init();
  let c = init();
  let d = counterFromOne ? 1 : init();
  const step = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) step();
  return step;
}

function mulberry32(seed: number): () => number {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
