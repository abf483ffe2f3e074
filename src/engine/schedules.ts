// Learning-rate schedules: step decay, cosine annealing, and reduce-on-plateau (the last one reads the monitored metric).

import { invalidParameter } from "../core/errors";

export type LearningRateSchedule =
  | { type: "step"; stepSize: number; gamma?: number }
  | { type: "cosine"; tMax: number; minLearningRate?: number }
  | { type: "reduceOnPlateau"; factor?: number; patience?: number; minLearningRate?: number; minDelta?: number };

/** Gives the learning rate for each epoch; `observe` feeds reduce-on-plateau the monitored value after an epoch. */
export class Scheduler {
  private plateauLr: number;
  private best = Infinity;
  private bad = 0;

  constructor(private readonly base: number, private readonly schedule: LearningRateSchedule | undefined) {
    this.plateauLr = base;
    const s = schedule;
    if (!s) return;
    if (s.type === "step" && !(Number.isInteger(s.stepSize) && s.stepSize > 0)) throw invalidParameter(`A step schedule needs a positive integer stepSize, got ${s.stepSize}.`);
    if (s.type === "cosine" && !(s.tMax > 0)) throw invalidParameter(`A cosine schedule needs tMax > 0, got ${s.tMax}.`);
    if (s.type === "reduceOnPlateau" && !((s.factor ?? 0.1) > 0 && (s.factor ?? 0.1) < 1)) throw invalidParameter(`reduceOnPlateau factor must be in (0, 1), got ${s.factor}.`);
    if (!["step", "cosine", "reduceOnPlateau"].includes(s.type)) throw invalidParameter(`Unknown learning-rate schedule '${(s as { type: string }).type}'; use step, cosine or reduceOnPlateau.`);
  }

  /** The rate for a 0-based epoch. */
  rate(epoch: number): number {
    const s = this.schedule;
    if (!s) return this.base;
    switch (s.type) {
      case "step": return this.base * (s.gamma ?? 0.1) ** Math.floor(epoch / s.stepSize);
      case "cosine": {
        const min = s.minLearningRate ?? 0;
        return min + ((this.base - min) * (1 + Math.cos((Math.PI * Math.min(epoch, s.tMax)) / s.tMax))) / 2;
      }
      case "reduceOnPlateau": return this.plateauLr;
    }
  }

  observe(value: number): void {
    const s = this.schedule;
    if (s?.type !== "reduceOnPlateau") return;
    if (value < this.best - (s.minDelta ?? 1e-4)) { this.best = value; this.bad = 0; return; }
    if (++this.bad > (s.patience ?? 10)) {
      this.plateauLr = Math.max(this.plateauLr * (s.factor ?? 0.1), s.minLearningRate ?? 0);
      this.bad = 0;
    }
  }
}
