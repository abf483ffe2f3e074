// GridSampler (Optuna's): every combination of the given values once, in a seeded random order; optimize()
// stops when the grid is exhausted. Visited points are read from the trials' params, so several processes
// share one grid through the store (a point may run twice when two processes pick it at the same moment).

import { invalidParameter } from "../../core/errors";
import type { CategoricalChoice, Distribution } from "../distributions";
import { contains, describeDistribution, toInternal } from "../distributions";
import type { FrozenTrial, StudyView } from "../frozen-trial";
import { Rng } from "../rng";
import type { Sampler } from "./base-sampler";

export class GridSampler implements Sampler {
  readonly name = "GridSampler";
  readonly searchSpace: Readonly<Record<string, readonly CategoricalChoice[]>>;
  private readonly names: string[];
  private readonly size: number;
  private readonly rng: Rng;
  /** Grid point chosen for each trial number of this process. */
  private readonly chosen = new Map<number, number>();

  constructor(searchSpace: Record<string, readonly CategoricalChoice[]>, options: { seed?: number } = {}) {
    this.names = Object.keys(searchSpace ?? {}).sort();
    if (this.names.length === 0) throw invalidParameter("GridSampler needs a search space with at least one parameter.");
    for (const n of this.names) {
      const vs = searchSpace[n];
      if (!Array.isArray(vs) || vs.length === 0) throw invalidParameter(`GridSampler: parameter '${n}' needs a non-empty array of values, got ${JSON.stringify(vs)}.`);
    }
    this.searchSpace = Object.fromEntries(this.names.map((n) => [n, [...searchSpace[n]]]));
    this.size = this.names.reduce((p, n) => p * searchSpace[n].length, 1);
    this.rng = new Rng(options.seed);
  }

  /** The values of grid point `id` (mixed radix over the sorted names). */
  point(id: number): Record<string, CategoricalChoice> {
    const out: Record<string, CategoricalChoice> = {};
    for (let i = this.names.length - 1; i >= 0; i--) {
      const vs = this.searchSpace[this.names[i]];
      out[this.names[i]] = vs[id % vs.length];
      id = Math.floor(id / vs.length);
    }
    return out;
  }

  private idOf(params: Readonly<Record<string, unknown>>): number | null {
    let id = 0;
    for (const n of this.names) {
      const vs = this.searchSpace[n];
      const i = vs.findIndex((v) => v === params[n]);
      if (i < 0) return null;
      id = id * vs.length + i;
    }
    return id;
  }

  private visited(study: StudyView, except: number): Set<number> {
    const ids = new Set<number>();
    for (const t of study.getTrials(["COMPLETE", "PRUNED", "FAIL", "RUNNING"])) {
      if (t.number === except) continue;
      const id = this.chosen.get(t.number) ?? this.idOf(t.params);
      if (id !== null) ids.add(id);
    }
    return ids;
  }

  isExhausted(study: StudyView): boolean {
    return this.visited(study, -1).size >= this.size;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    const visited = this.visited(study, trial.number);
    const free: number[] = [];
    for (let id = 0; id < this.size; id++) if (!visited.has(id)) free.push(id);
    // Exhausted (another process took the last point): run a random point again, as Optuna does.
    const pool = free.length > 0 ? free : Array.from({ length: this.size }, (_, i) => i);
    this.chosen.set(trial.number, pool[this.rng.int(0, pool.length - 1)]);
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, number> {
    return {};
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): number {
    if (!(name in this.searchSpace)) throw invalidParameter(`Parameter '${name}' is not in the grid (${this.names.join(", ")}); add its values to GridSampler's search space.`);
    const id = this.chosen.get(trial.number);
    if (id === undefined) throw new Error(`GridSampler: no grid point chosen for trial ${trial.number}.`);
    const value = this.point(id)[name];
    const internal = toInternal(distribution, value);
    if (!contains(distribution, internal)) {
      throw invalidParameter(`Grid value ${JSON.stringify(value)} of '${name}' is outside the suggested ${describeDistribution(distribution)}.`);
    }
    return internal;
  }
}
