// Real tracking data for the widget tests: runs written through LabopsClient into an in-memory store, and a fake clock.

import { LabopsClient, MemoryTrackingStore, type Experiment, type Metric, type Run } from "../../src";
import type { Clock } from "../../widgets";
import { tempDir } from "../helpers/temp-dir";

export const START = Date.UTC(2024, 2, 1, 9, 30, 0); // 2024-03-01 09:30:00
export const EVIL = `<script>alert("x")</script>`;

export interface Tracked {
  client: LabopsClient;
  experiment: Experiment;
  /** EVIL-named run: lr 0.1, loss 1/(step+1) for steps 0..4, acc 0.8, tags team=ml. */
  a: Run;
  /** "baseline": lr 0.2, loss 2/(step+1) for steps 0..2, acc 0.7, rows 1000. */
  b: Run;
  lossA: Metric[];
  lossB: Metric[];
}

export async function tracked(): Promise<Tracked> {
  const client = new LabopsClient(new MemoryTrackingStore(tempDir()));
  const experimentId = await client.createExperiment("rain <b>");
  const log = async (name: string, params: Record<string, string>, losses: number[], metrics: Record<string, number>, tags: Record<string, string>) => {
    const run = await client.createRun(experimentId, { runName: name, startTime: START, tags });
    const loss = losses.map((value, step) => ({ key: "loss", value, step, timestamp: START + 1000 * step }));
    const last = START + 1000 * losses.length;
    await client.logBatch(run.info.runId, {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: [...loss, ...Object.entries(metrics).map(([key, value]) => ({ key, value, step: losses.length - 1, timestamp: last }))],
    });
    await client.setTerminated(run.info.runId, "FINISHED", START + 12_345);
    return client.getRun(run.info.runId);
  };
  const a = await log(EVIL, { lr: "0.1", epochs: "5", model: "mlp" }, [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5], { acc: 0.8 }, { team: "ml", "mlflow.note.content": "first" });
  const b = await log("baseline", { lr: "0.2", epochs: "5" }, [2, 1, 2 / 3], { acc: 0.7, rows: 1000 }, {});
  return {
    client,
    experiment: await client.getExperiment(experimentId),
    a,
    b,
    lossA: await client.getMetricHistory(a.info.runId, "loss"),
    lossB: await client.getMetricHistory(b.info.runId, "loss"),
  };
}

/** Time moves only when a test says so; due timers fire in order as it moves. */
export class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pendingTimers(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((x, y) => x.at - y.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
