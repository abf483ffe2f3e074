// NSGAIISampler (Optuna 4.x defaults): population 50, binary tournaments on constrained domination, uniform
// crossover (swapping probability 0.5) with probability 0.9 (or SBX), mutation probability 1/len(params) by
// resampling at random, and elitist survival by non-dominated rank then crowding distance.
//
// Generations are derived from the trials themselves (no hidden state): completed trials in number order form
// consecutive generations of populationSize; each generation's survivors are chosen from it and the previous
// parents. So every worker process computes the same parents from the same store.

import { invalidParameter } from "../../core/errors";
import type { Distribution } from "../distributions";
import { isSingle, snap } from "../distributions";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { Rng } from "../rng";
import { intersectionSearchSpace, type Sampler } from "./base-sampler";
import { constrainedDominates, crowdingDistance, nonDominatedSort } from "./multi-objective";
import { sampleUniform } from "./random-sampler";

export interface NSGAIISamplerOptions {
  seed?: number;
  /** Default 50. */
  populationSize?: number;
  /** Default 1 / number of parameters. */
  mutationProb?: number | null;
  /** "uniform" (default) or "sbx" (simulated binary crossover). */
  crossover?: "uniform" | "sbx";
  /** Default 0.9. */
  crossoverProb?: number;
  /** Uniform crossover's per-parameter swap probability. Default 0.5. */
  swappingProb?: number;
  /** SBX distribution index. Default: 20 for several objectives, 2 for one (Optuna's). */
  sbxEta?: number;
}

export class NSGAIISampler implements Sampler {
  readonly name = "NSGAIISampler";
  readonly populationSize: number;
  private readonly rng: Rng;
  private readonly mutationProb: number | null;
  private readonly crossover: "uniform" | "sbx";
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  private readonly sbxEta: number | null;
  /** Survivors after each completed generation, cached by the generation's trial numbers. */
  private cache: { key: string; parents: FrozenTrial[] }[] = [];

  constructor(options: NSGAIISamplerOptions = {}) {
    this.rng = new Rng(options.seed);
    this.populationSize = options.populationSize ?? 50;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 2) throw invalidParameter(`populationSize must be an integer >= 2, got ${this.populationSize}.`);
    this.mutationProb = options.mutationProb ?? null;
    if (this.mutationProb !== null && !(this.mutationProb >= 0 && this.mutationProb <= 1)) throw invalidParameter(`mutationProb must be in [0, 1], got ${this.mutationProb}.`);
    this.crossover = options.crossover ?? "uniform";
    if (this.crossover !== "uniform" && this.crossover !== "sbx") throw invalidParameter(`crossover must be 'uniform' or 'sbx', got ${JSON.stringify(this.crossover)}.`);
    this.crossoverProb = options.crossoverProb ?? 0.9;
    this.swappingProb = options.swappingProb ?? 0.5;
    for (const [k, v] of [["crossoverProb", this.crossoverProb], ["swappingProb", this.swappingProb]] as const) {
      if (!(v >= 0 && v <= 1)) throw invalidParameter(`${k} must be in [0, 1], got ${v}.`);
    }
    this.sbxEta = options.sbxEta ?? null;
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    const space = intersectionSearchSpace(study);
    for (const name of Object.keys(space)) if (isSingle(space[name])) delete space[name];
    return space;
  }

  /** The parent population for the next trial; empty during the first generation. */
  parentPopulation(study: StudyView): FrozenTrial[] {
    const done = study.getTrials(["COMPLETE"]).filter((t) => t.values !== null);
    const nGenerations = Math.floor(done.length / this.populationSize);
    let parents: FrozenTrial[] = [];
    for (let g = 0; g < nGenerations; g++) {
      const generation = done.slice(g * this.populationSize, (g + 1) * this.populationSize);
      const key = generation.map((t) => t.number).join(",");
      const cached = this.cache[g];
      if (cached && cached.key === key) {
        parents = cached.parents;
        continue;
      }
      parents = this.survivors([...parents, ...generation], study);
      this.cache[g] = { key, parents };
      this.cache.length = g + 1;
    }
    return parents;
  }

  private survivors(pool: FrozenTrial[], study: StudyView): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const front of nonDominatedSort(pool, study.directions)) {
      const members = front.map((i) => pool[i]);
      if (out.length + members.length <= this.populationSize) {
        out.push(...members);
        continue;
      }
      const d = crowdingDistance(members, study.directions);
      const order = members.map((_, i) => i).sort((a, b) => d[b] - d[a] || members[a].number - members[b].number);
      for (const i of order.slice(0, this.populationSize - out.length)) out.push(members[i]);
      break;
    }
    return out;
  }

  sampleRelative(study: StudyView, _trial: FrozenTrial, space: Record<string, Distribution>): Record<string, number> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const parents = this.parentPopulation(study).filter((t) => names.every((n) => n in t.params));
    if (parents.length < 2) return {};
    const p1 = this.tournament(parents, study);
    const child: Record<string, number> = {};
    if (this.rng.random() < this.crossoverProb) {
      const p2 = this.tournament(parents, study);
      for (const n of names) {
        const a = internalOf(p1, n, space[n]);
        const b = internalOf(p2, n, space[n]);
        const d = space[n];
        if (this.crossover === "sbx" && d.kind !== "categorical") child[n] = this.sbx(a, b, d, study.directions.length);
        else child[n] = this.rng.random() < this.swappingProb ? b : a;
      }
    } else {
      for (const n of names) child[n] = internalOf(p1, n, space[n]);
    }
    const pm = this.mutationProb ?? 1 / names.length;
    for (const n of names) if (this.rng.random() < pm) delete child[n]; // resampled independently at random
    return child;
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }

  private tournament(population: FrozenTrial[], study: StudyView): FrozenTrial {
    const a = population[this.rng.int(0, population.length - 1)];
    const b = population[this.rng.int(0, population.length - 1)];
    return constrainedDominates(a, b, study.directions) ? a : b;
  }

  /** Simulated binary crossover on the range scaled to [0, 1] (log space for log ranges); one child. */
  private sbx(a: number, b: number, d: Distribution & { kind: "float" | "int" }, nObjectives: number): number {
    const eta = this.sbxEta ?? (nObjectives > 1 ? 20 : 2);
    const tf = (x: number) => (d.log ? Math.log(x) : x);
    const lo = tf(d.low);
    const hi = tf(d.high);
    if (hi === lo) return d.low;
    const x1 = (tf(a) - lo) / (hi - lo);
    const x2 = (tf(b) - lo) / (hi - lo);
    const u = this.rng.random();
    const beta = u <= 0.5 ? (2 * u) ** (1 / (eta + 1)) : (1 / (2 * (1 - u))) ** (1 / (eta + 1));
    const c = 0.5 * ((1 + beta) * x1 + (1 - beta) * x2);
    const clipped = Math.min(Math.max(c, 0), 1);
    const v = lo + clipped * (hi - lo);
    return snap(d, d.log ? Math.exp(v) : v);
  }
}

function internalOf(t: FrozenTrial, name: string, d: Distribution): number {
  const v = t.params[name];
  return d.kind === "categorical" ? d.choices.indexOf(v as never) : (v as number);
}
