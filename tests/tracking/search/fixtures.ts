// Small runs and experiments for the search tests: only what a search reads is set.

import type { Experiment, Run } from "../../../src/entities";

export interface RunSpec {
  id: string;
  start?: number;
  end?: number;
  name?: string;
  status?: Run["info"]["status"];
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

export function makeRun(spec: RunSpec): Run {
  const metrics = spec.metrics ?? {};
  return {
    info: {
      runId: spec.id,
      runName: spec.name ?? `name-${spec.id}`,
      experimentId: "1",
      userId: "ada",
      status: spec.status ?? "FINISHED",
      startTime: spec.start ?? 1000,
      endTime: spec.end,
      artifactUri: `file:///artifacts/${spec.id}`,
      lifecycleStage: "active",
    },
    data: {
      metrics: { ...metrics },
      latestMetrics: Object.fromEntries(
        Object.entries(metrics).map(([key, value]) => [key, { key, value, timestamp: 1, step: 0 }]),
      ),
      params: spec.params ?? {},
      tags: spec.tags ?? {},
    },
  };
}

export function makeExperiment(id: string, name: string, creationTime = 100, tags: Record<string, string> = {}): Experiment {
  return {
    experimentId: id,
    name,
    artifactLocation: `file:///artifacts/${id}`,
    lifecycleStage: "active",
    creationTime,
    lastUpdateTime: creationTime + 1,
    tags,
  };
}
