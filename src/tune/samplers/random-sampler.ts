// RandomSampler: each parameter uniformly (log-uniformly for log ranges), independently.

import type { Distribution } from "../distributions";
import { snap } from "../distributions";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { Rng } from "../rng";
import type { Sampler } from "./base-sampler";

/** One uniform draw from a distribution, as an internal value. */
export function sampleUniform(rng: Rng, d: Distribution): number {
  if (d.kind === "categorical") return rng.int(0, d.choices.length - 1);
  if (d.kind === "int" || d.step !== null) {
    const step = d.step ?? 1;
    if (d.log) {
      // Optuna widens an integer log range by half a unit so both ends are as likely as their neighbours.
      const v = Math.exp(rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5)));
      return snap(d, v);
    }
    const n = Math.round((d.high - d.low) / step);
    return snap(d, d.low + rng.int(0, n) * step);
  }
  if (d.log) return Math.min(Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high))), d.high);
  return rng.uniform(d.low, d.high);
}

export class RandomSampler implements Sampler {
  readonly name = "RandomSampler";
  private readonly rng: Rng;

  constructor(options: { seed?: number } = {}) {
    this.rng = new Rng(options.seed);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, number> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }
}
