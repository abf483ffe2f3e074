// An in-memory TrackingStore for tests and throwaway sessions (URI `memory:`); nothing outlives the process.

import os from "node:os";
import path from "node:path";
import type { Metric } from "../entities";
import { LocalTrackingStore } from "./local-store";
import type { TrackingOp } from "./tracking-ops";
import { TrackingState } from "./tracking-state";

export class MemoryTrackingStore extends LocalTrackingStore {
  private readonly state = new TrackingState();
  private readonly history = new Map<string, Metric[]>();

  constructor(artifactRoot: string = path.join(os.tmpdir(), `labops-memory-${process.pid}`)) {
    super("memory:", artifactRoot);
    this.state.apply(this.defaultExperimentOp());
  }

  protected readState(): TrackingState {
    return this.state;
  }

  protected commit(build: (state: TrackingState) => TrackingOp): TrackingState {
    this.state.apply(build(this.state));
    return this.state;
  }

  /** Nothing can fail between this and the op being applied, so the points need no commit mark. */
  protected appendHistory(_state: TrackingState, runId: string, metrics: Metric[]): undefined {
    let points = this.history.get(runId);
    if (!points) this.history.set(runId, (points = []));
    for (const m of metrics) points.push({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step });
    return undefined;
  }

  protected readHistory(_state: TrackingState, runId: string): Metric[] {
    return this.history.get(runId) ?? [];
  }

  async close(): Promise<void> {}
}
