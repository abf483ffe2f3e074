// QMCSampler (Optuna's, Sobol only): after a first trial sampled at random reveals the search space, trial n
// takes point n of one Sobol sequence over that space. Using the trial number as the index keeps the points
// distinct across processes without a shared counter. Default scramble false, as Optuna.

import { invalidParameter } from "../../core/errors";
import type { Distribution } from "../distributions";
import { snap } from "../distributions";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { Rng } from "../rng";
import { intersectionSearchSpace, type Sampler } from "./base-sampler";
import { sampleUniform } from "./random-sampler";
import { Sobol } from "./sobol";

export class QMCSampler implements Sampler {
  readonly name = "QMCSampler";
  private readonly scramble: boolean;
  private readonly seed: number;
  private readonly rng: Rng;
  private engine: { key: string; sobol: Sobol } | null = null;

  constructor(options: { qmcType?: "sobol"; scramble?: boolean; seed?: number } = {}) {
    if ((options.qmcType ?? "sobol") !== "sobol") throw invalidParameter(`qmcType ${JSON.stringify(options.qmcType)} is not supported; labops has 'sobol'.`);
    this.scramble = options.scramble ?? false;
    this.rng = new Rng(options.seed);
    this.seed = options.seed ?? this.rng.seed();
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    return intersectionSearchSpace(study);
  }

  sampleRelative(_study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, number> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const key = JSON.stringify(space);
    if (!this.engine || this.engine.key !== key) this.engine = { key, sobol: new Sobol(names.length, { scramble: this.scramble, seed: this.seed }) };
    const u = this.engine.sobol.point(trial.number);
    const out: Record<string, number> = {};
    names.forEach((n, i) => (out[n] = fromUnit(space[n], u[i])));
    return out;
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }
}

/** Maps u in [0, 1) onto a distribution: each grid value and choice gets an equal share of the interval. */
export function fromUnit(d: Distribution, u: number): number {
  if (d.kind === "categorical") return Math.min(Math.floor(u * d.choices.length), d.choices.length - 1);
  if (d.kind === "int" || d.step !== null) {
    const step = d.step ?? 1;
    if (d.log) return snap(d, Math.exp(Math.log(d.low - 0.5) + u * (Math.log(d.high + 0.5) - Math.log(d.low - 0.5))));
    return snap(d, d.low - step / 2 + u * (d.high - d.low + step));
  }
  if (d.log) return Math.min(Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))), d.high);
  return d.low + u * (d.high - d.low);
}
