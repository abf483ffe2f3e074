// Trial: what an objective receives. Suggestions and reports are synchronous, like Optuna's: they decide from
// the study as read at ask() time, and their store writes are queued in order and awaited by tell().

import { invalidParameter } from "../core/errors";
import {
  categoricalDistribution,
  contains,
  describeDistribution,
  type CategoricalChoice,
  type Distribution,
  floatDistribution,
  intDistribution,
  isSingle,
  type ParamValue,
  sameDistribution,
  toExternal,
  toInternal,
} from "./distributions";
import type { FrozenTrial } from "./frozen-trial";
import { freeze, type TrialRecord } from "./study-storage";
import type { Study } from "./study";

export class Trial {
  private readonly study: Study;
  /** @internal */
  readonly record: TrialRecord;
  private readonly relativeParams: Record<string, number>;
  private readonly relativeSpace: Record<string, Distribution>;
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown = null;

  /** @internal Made by Study.ask(). */
  constructor(study: Study, record: TrialRecord, relativeSpace: Record<string, Distribution>, relativeParams: Record<string, number>) {
    this.study = study;
    this.record = record;
    this.relativeSpace = relativeSpace;
    this.relativeParams = relativeParams;
  }

  get number(): number {
    return this.record.number;
  }

  /** The tracking run that stores this trial. */
  get runId(): string {
    return this.record.runId;
  }

  get params(): Record<string, ParamValue> {
    return { ...this.record.params };
  }

  get distributions(): Record<string, Distribution> {
    return { ...this.record.distributions };
  }

  get userAttrs(): Record<string, unknown> {
    return { ...this.record.userAttrs };
  }

  get datetimeStart(): number | null {
    return this.record.datetimeStart;
  }

  /** A float in [low, high]; `log` samples in log space, `step` on a grid low, low+step, ... */
  suggestFloat(name: string, low: number, high: number, options: { log?: boolean; step?: number | null } = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, options)) as number;
  }

  /** An integer in [low, high] (both included). */
  suggestInt(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): number {
    return this.suggest(name, intDistribution(name, low, high, options)) as number;
  }

  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /** Reports an intermediate objective value at `step` (a non-negative integer), for pruners. */
  report(value: number, step: number): void {
    if (typeof value !== "number") throw invalidParameter(`trial.report needs a number value, got ${JSON.stringify(value)} (${typeof value}).`);
    if (!Number.isInteger(step) || step < 0) throw invalidParameter(`trial.report needs a non-negative integer step, got ${JSON.stringify(step)}.`);
    this.checkRunning("report");
    if (this.study.directions.length > 1) throw invalidParameter("trial.report is not supported for multi-objective studies (Optuna's rule); report the final values with tell.");
    // Optuna keeps the first value reported at a step and ignores later ones.
    if (this.record.intermediateValues.has(step)) return;
    this.record.intermediateValues.set(step, value);
    this.queue(() => this.study.storage.report(this.record, step, value));
  }

  /** Whether the study's pruner says to stop this trial now. */
  shouldPrune(): boolean {
    this.checkRunning("shouldPrune");
    if (this.study.directions.length > 1) throw invalidParameter("trial.shouldPrune is not supported for multi-objective studies.");
    return this.study.pruner.prune(this.study, freeze(this.record));
  }

  /** Stores a JSON-serialisable value with the trial (a tag on its run). */
  setUserAttr(key: string, value: unknown): void {
    if (typeof key !== "string" || key === "") throw invalidParameter(`setUserAttr needs a non-empty key, got ${JSON.stringify(key)}.`);
    if (JSON.stringify(value) === undefined) throw invalidParameter(`User attribute '${key}' must be JSON-serialisable, got ${typeof value}.`);
    this.checkRunning("setUserAttr");
    this.record.userAttrs[key] = value;
    this.queue(() => this.study.storage.setUserAttr(this.record, key, value));
  }

  /** A snapshot of this trial. */
  freeze(): FrozenTrial {
    return freeze(this.record);
  }

  /** @internal Waits for this trial's queued writes; throws the first one that failed. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError !== null) throw this.writeError;
  }

  private queue(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((e) => {
      if (this.writeError === null) this.writeError = e;
    });
  }

  private checkRunning(what: string): void {
    if (this.record.state !== "RUNNING") throw invalidParameter(`trial.${what} on trial ${this.number}, which is ${this.record.state}; only a RUNNING trial can change.`);
  }

  private suggest(name: string, distribution: Distribution): ParamValue {
    if (typeof name !== "string" || name === "") throw invalidParameter(`A parameter needs a non-empty name, got ${JSON.stringify(name)}.`);
    const known = this.record.distributions[name];
    if (known) {
      if (!sameDistribution(known, distribution)) {
        throw invalidParameter(
          `Parameter '${name}' was already suggested in trial ${this.number} as ${describeDistribution(known)}; it cannot be suggested again as ${describeDistribution(distribution)}. Use another name.`,
        );
      }
      return this.record.params[name];
    }
    this.checkRunning("suggest");
    const internal = this.pickInternal(name, distribution);
    this.record.params[name] = toExternal(distribution, internal);
    this.record.internalParams[name] = internal;
    this.record.distributions[name] = distribution;
    this.queue(() => this.study.storage.setParam(this.record, name, distribution, internal));
    return this.record.params[name];
  }

  private pickInternal(name: string, distribution: Distribution): number {
    const fixed = this.record.fixedParams;
    if (fixed && Object.prototype.hasOwnProperty.call(fixed, name)) {
      const internal = toInternal(distribution, fixed[name]);
      if (!contains(distribution, internal)) {
        throw invalidParameter(`Enqueued value ${JSON.stringify(fixed[name])} for '${name}' is outside ${describeDistribution(distribution)}.`);
      }
      return internal;
    }
    if (isSingle(distribution)) return distribution.kind === "categorical" ? 0 : distribution.low;
    const rel = this.relativeSpace[name];
    if (rel && sameDistribution(rel, distribution) && this.relativeParams[name] !== undefined) return this.relativeParams[name];
    const value = this.study.sampler.sampleIndependent(this.study, freeze(this.record), name, distribution);
    if (!contains(distribution, value)) {
      throw new Error(`${this.study.sampler.name} returned ${value} for '${name}', outside ${describeDistribution(distribution)} (a sampler bug).`);
    }
    return value;
  }
}
