// The Sobol sequence (Joe & Kuo direction numbers, gray-code order, 30 bits, as scipy.stats.qmc.Sobol), with an
// optional seeded linear matrix scramble plus digital shift (scipy's scramble=True method).

import { invalidParameter } from "../../core/errors";
import { Rng } from "../rng";
import { SOBOL_POLY, SOBOL_VINIT } from "./sobol-direction-numbers";

const BITS = 30;
export const SOBOL_MAX_DIMENSION = SOBOL_POLY.length;

export class Sobol {
  readonly dimension: number;
  /** v[d][k]: direction number k of dimension d, already shifted to BITS bits. */
  private readonly v: Uint32Array[];
  private readonly shift: Uint32Array;

  constructor(dimension: number, options: { scramble?: boolean; seed?: number } = {}) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
      throw invalidParameter(`Sobol sequences here go up to ${SOBOL_MAX_DIMENSION} dimensions, got ${dimension}.`);
    }
    this.dimension = dimension;
    this.v = [];
    for (let d = 0; d < dimension; d++) {
      const m = new Array<number>(BITS);
      if (d === 0) m.fill(1);
      else {
        const p = SOBOL_POLY[d];
        const deg = Math.floor(Math.log2(p));
        for (let j = 0; j < deg; j++) m[j] = SOBOL_VINIT[d][j];
        for (let j = deg; j < BITS; j++) {
          let next = m[j - deg];
          let pow2 = 1;
          for (let k = 0; k < deg; k++) {
            pow2 *= 2;
            if ((p >> (deg - 1 - k)) & 1) next ^= pow2 * m[j - k - 1];
          }
          m[j] = next;
        }
      }
      this.v.push(Uint32Array.from(m, (x, j) => x * 2 ** (BITS - 1 - j)));
    }
    this.shift = new Uint32Array(dimension);
    if (options.scramble) {
      const rng = new Rng(options.seed);
      for (let d = 0; d < dimension; d++) {
        // A random lower-triangular bit matrix with unit diagonal applied to every direction number, then a shift.
        const rows: number[] = [];
        for (let r = 0; r < BITS; r++) {
          let row = 1 << (BITS - 1 - r);
          for (let c = 0; c < r; c++) if (rng.random() < 0.5) row |= 1 << (BITS - 1 - c);
          rows.push(row);
        }
        this.v[d] = this.v[d].map((x) => {
          let out = 0;
          for (let r = 0; r < BITS; r++) if (parity(rows[r] & x)) out |= 1 << (BITS - 1 - r);
          return out >>> 0;
        });
        this.shift[d] = Math.floor(rng.random() * 2 ** BITS);
      }
    }
  }

  /** Point number `index` (0-based) of the sequence, in [0, 1)^dimension. */
  point(index: number): number[] {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) throw invalidParameter(`Sobol index must be an integer in [0, 2^30), got ${index}.`);
    const gray = index ^ (index >>> 1);
    const out: number[] = [];
    for (let d = 0; d < this.dimension; d++) {
      let x = this.shift[d];
      for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) x ^= this.v[d][k];
      out.push((x >>> 0) / 2 ** BITS);
    }
    return out;
  }
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}
