// Replays an embedded (file) store into an MLflow server: experiments, runs with their full metric histories,
// artifacts, registered models, versions and aliases. Idempotent and resumable: each copied run carries the tag
// `labops.source_run_id` and gets `labops.sync_complete` last; each copied version carries
// `labops.source_version`. A second sync finds them and creates nothing; an interrupted one finishes the run it
// was copying (only the metric points the server lacks are sent).

import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { artifactRepositoryFor } from "../artifacts";
import { isLabopsError } from "../core/errors";
import type { Experiment, Metric, Run } from "../entities";
import type { ModelVersion } from "../registry/entities";
import { openRegistryStore } from "../registry/registry-uri";
import type { RegistryStore } from "../registry/store";
import { openTrackingStore } from "../tracking/tracking-uri";
import type { TrackingStore } from "../tracking/store";
import { MlflowArtifactRepository } from "./rest-artifact-repository";
import { RestRegistryStore } from "./rest-registry-store";
import { RestTrackingStore } from "./rest-tracking-store";
import type { RestClientOptions } from "./rest-client";

export const SOURCE_RUN_TAG = "labops.source_run_id";
export const SYNC_COMPLETE_TAG = "labops.sync_complete";
export const SOURCE_VERSION_TAG = "labops.source_version";

export interface SyncProgress {
  phase: "experiment" | "run" | "model" | "version";
  /** What is being copied (experiment name, run id, model name, "name/version"). */
  subject: string;
  action: "create" | "resume" | "skip";
}

export interface SyncOptions {
  /** The embedded store's folder (or file: URI). */
  from: string;
  /** The MLflow server's http(s) URI. */
  to: string;
  /** Only this experiment (name or id); models are synced only without this option. */
  experiment?: string;
  /** Say what would be done, change nothing. */
  dryRun?: boolean;
  onProgress?: (p: SyncProgress) => void;
  client?: RestClientOptions;
}

export interface SyncReport {
  dryRun: boolean;
  experiments: { created: number; existing: number };
  runs: { created: number; resumed: number; skipped: number };
  metricPoints: number;
  artifacts: number;
  models: { created: number; existing: number };
  versions: { created: number; skipped: number };
  aliases: number;
}

async function all<T>(fetch: (pageToken?: string) => Promise<{ items: T[]; nextPageToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return out;
}

async function artifactFiles(repo: ArtifactRepository, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const f of await repo.listArtifacts(dir)) out.push(...(f.isDir ? await artifactFiles(repo, f.path) : [f.path]));
  return out;
}

async function copyArtifacts(from: ArtifactRepository, to: ArtifactRepository): Promise<number> {
  const files = await artifactFiles(from);
  for (const f of files) await to.writeArtifact(f, await from.readArtifact(f), { overwrite: false });
  return files.length;
}

export async function syncStore(options: SyncOptions): Promise<SyncReport> {
  const dryRun = options.dryRun ?? false;
  const report: SyncReport = {
    dryRun,
    experiments: { created: 0, existing: 0 },
    runs: { created: 0, resumed: 0, skipped: 0 },
    metricPoints: 0,
    artifacts: 0,
    models: { created: 0, existing: 0 },
    versions: { created: 0, skipped: 0 },
    aliases: 0,
  };
  const progress = (p: SyncProgress) => options.onProgress?.(p);
  const src: TrackingStore = openTrackingStore(options.from);
  const dst = new RestTrackingStore(options.to, { ...options.client, metricsFallbackDir: null });
  const runMap = new Map<string, string>();
  try {
    await dst.client.checkServer();
    let experiments = await all((pageToken) => src.searchExperiments({ viewType: "ALL", pageToken }));
    if (options.experiment !== undefined) experiments = experiments.filter((e) => e.name === options.experiment || e.experimentId === options.experiment);
    for (const exp of experiments) {
      const target = await syncExperiment(exp);
      const runs = await all((pageToken) => src.searchRuns({ experimentIds: [exp.experimentId], runViewType: "ALL", pageToken, orderBy: ["start_time ASC"] }));
      for (const run of runs) await syncRun(run, target);
    }
    if (options.experiment === undefined) await syncRegistry();
  } finally {
    await src.close();
    await dst.close();
  }
  return report;

  async function syncExperiment(exp: Experiment): Promise<string | null> {
    if (exp.experimentId === "0") {
      report.experiments.existing++;
      return "0";
    }
    const found = await dst.getExperimentByName(exp.name);
    if (found) {
      report.experiments.existing++;
      progress({ phase: "experiment", subject: exp.name, action: "skip" });
      if (!dryRun) {
        for (const [key, value] of Object.entries(exp.tags)) if (found.tags[key] !== value) await dst.setExperimentTag(found.experimentId, key, value);
      }
      return found.experimentId;
    }
    report.experiments.created++;
    progress({ phase: "experiment", subject: exp.name, action: "create" });
    if (dryRun) return null;
    const id = await dst.createExperiment({ name: exp.name, tags: Object.entries(exp.tags).map(([key, value]) => ({ key, value })) });
    if (exp.lifecycleStage === "deleted") await dst.deleteExperiment(id);
    return id;
  }

  async function syncRun(run: Run, experimentId: string | null): Promise<void> {
    const runId = run.info.runId;
    let existing: Run | undefined;
    if (experimentId !== null) {
      existing = (await dst.searchRuns({ experimentIds: [experimentId], filter: `tags.\`${SOURCE_RUN_TAG}\` = '${runId}'`, runViewType: "ALL", maxResults: 1 })).items[0];
    }
    if (existing?.data.tags[SYNC_COMPLETE_TAG] === "true") {
      runMap.set(runId, existing.info.runId);
      report.runs.skipped++;
      progress({ phase: "run", subject: runId, action: "skip" });
      return;
    }
    const action = existing ? "resume" : "create";
    report.runs[existing ? "resumed" : "created"]++;
    progress({ phase: "run", subject: runId, action });
    const histories = new Map<string, Metric[]>();
    for (const key of Object.keys(run.data.metrics)) histories.set(key, await src.getMetricHistory(runId, key));
    if (dryRun || experimentId === null) {
      for (const h of histories.values()) report.metricPoints += h.length;
      report.artifacts += (await artifactFiles(artifactRepositoryFor(run.info.artifactUri))).length;
      return;
    }
    const target =
      existing ??
      (await dst.createRun({
        experimentId,
        runName: run.info.runName,
        startTime: run.info.startTime,
        userId: run.info.userId,
        tags: [{ key: SOURCE_RUN_TAG, value: runId }],
      }));
    const targetId = target.info.runId;
    if (target.info.lifecycleStage === "deleted") await dst.restoreRun(targetId);
    const metrics: Metric[] = [];
    for (const [key, history] of histories) {
      const sent = existing ? (await dst.getMetricHistory(targetId, key)).length : 0; // batches go in order: a prefix was sent
      metrics.push(...history.slice(sent));
    }
    const tags = Object.entries(run.data.tags)
      .filter(([k]) => k !== "mlflow.runName")
      .map(([key, value]) => ({ key, value }));
    await dst.logBatch(targetId, { params: Object.entries(run.data.params).map(([key, value]) => ({ key, value })), tags, metrics });
    report.metricPoints += metrics.length;
    report.artifacts += await copyArtifacts(artifactRepositoryFor(run.info.artifactUri), new MlflowArtifactRepository(target.info.artifactUri, dst.client));
    const update: { status: Run["info"]["status"]; endTime?: number } = { status: run.info.status };
    if (run.info.endTime !== undefined) update.endTime = run.info.endTime;
    await dst.updateRun(targetId, update);
    await dst.logBatch(targetId, { tags: [{ key: SYNC_COMPLETE_TAG, value: "true" }] });
    if (run.info.lifecycleStage === "deleted") await dst.deleteRun(targetId);
    runMap.set(runId, targetId);
  }

  async function syncRegistry(): Promise<void> {
    const srcReg: RegistryStore = openRegistryStore(options.from);
    const dstReg = new RestRegistryStore(options.to, options.client);
    try {
      const models = await all((pageToken) => srcReg.searchRegisteredModels({ pageToken }));
      for (const model of models) {
        let exists = true;
        try {
          await dstReg.getRegisteredModel(model.name);
        } catch (e) {
          if (!isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) throw e;
          exists = false;
        }
        report.models[exists ? "existing" : "created"]++;
        progress({ phase: "model", subject: model.name, action: exists ? "skip" : "create" });
        if (!exists && !dryRun) await dstReg.createRegisteredModel(model.name, { description: model.description, tags: model.tags });
        const versions = (await all((pageToken) => srcReg.searchModelVersions({ filter: `name = '${model.name.replaceAll("'", "\\'")}'`, pageToken }))).sort((a, b) => a.version - b.version);
        const copied = exists ? await all((pageToken) => dstReg.searchModelVersions({ filter: `name = '${model.name.replaceAll("'", "\\'")}'`, pageToken })) : [];
        const versionMap = new Map<number, number>();
        for (const v of versions) {
          const done = copied.find((c) => c.tags[SOURCE_VERSION_TAG] === String(v.version));
          const subject = `${model.name}/${v.version}`;
          if (done) {
            versionMap.set(v.version, done.version);
            report.versions.skipped++;
            progress({ phase: "version", subject, action: "skip" });
            continue;
          }
          report.versions.created++;
          progress({ phase: "version", subject, action: "create" });
          if (dryRun) continue;
          versionMap.set(v.version, (await copyVersion(dstReg, v)).version);
        }
        for (const [alias, version] of Object.entries(model.aliases)) {
          report.aliases++;
          const target = versionMap.get(version);
          if (!dryRun && target !== undefined) await dstReg.setRegisteredModelAlias(model.name, alias, target);
        }
      }
    } finally {
      await srcReg.close();
      await dstReg.close();
    }
  }

  async function copyVersion(dstReg: RestRegistryStore, v: ModelVersion): Promise<ModelVersion> {
    const folder = `${v.name}/${v.version}-${v.dataDigest?.slice(0, 12) ?? "files"}`;
    const repo = dstReg.modelArtifactRepository();
    const target = new MlflowArtifactRepository(`${repo.artifactUri}/${folder.split("/").map(encodeURIComponent).join("/")}`, dstReg.client);
    report.artifacts += await copyArtifacts(artifactRepositoryFor(v.storageLocation), target);
    const runId = v.runId === undefined ? undefined : runMap.get(v.runId);
    const created = await dstReg.createModelVersion({
      name: v.name,
      source: v.source,
      storageLocation: target.artifactUri,
      ...(runId ? { runId } : {}),
      description: v.description,
      tags: { ...v.tags, [SOURCE_VERSION_TAG]: String(v.version) },
      ...(v.dataDigest ? { dataDigest: v.dataDigest } : {}),
      ...(v.metrics ? { metrics: v.metrics } : {}),
    });
    if (v.currentStage !== "None") await dstReg.transitionModelVersionStage(v.name, created.version, v.currentStage, false);
    return created;
  }
}
