// The samplers' seeded generator: labops' one generator (src/stats/random.ts) on the sfc32 stream their seeded
// suggestions come from, under the names the samplers call.

import { SeededRandom } from "../stats/random";

/** Deterministic for a given seed; unseeded generators draw their seed from Math.random. */
export class Rng {
  private readonly source: SeededRandom;

  constructor(seed?: number) {
    this.source = new SeededRandom(seed, "sfc32");
  }

  /** Uniform in [0, 1) with 53 bits. */
  random(): number {
    return this.source.next();
  }

  uniform(low: number, high: number): number {
    return this.source.uniform(low, high);
  }

  /** Integer in [low, high], both ends included. */
  int(low: number, high: number): number {
    return low + this.source.int(high - low + 1);
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    return this.source.normal();
  }

  /** Index drawn with probability proportional to `weights`. */
  weightedIndex(weights: ArrayLike<number>): number {
    return this.source.weightedIndex(weights);
  }

  /** A derived seed, for a child generator. */
  seed(): number {
    return this.source.nextUint32();
  }
}
