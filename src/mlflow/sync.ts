// Replays an embedded (file) store into an MLflow server, in four phases: experiments, runs (params, tags, full
// metric histories), artifacts (then each run's status and end time), registered models with their versions and
// aliases. Idempotent and resumable: each copied run carries the tag `labops.source_run_id` and gets
// `labops.sync_complete` last; each copied version carries `labops.source_version`. A second sync finds them and
// creates nothing; an interrupted one finishes the runs it was copying (only the metric points and artifact files
// the server lacks are sent). A dry run reads both sides and writes nothing. `--from` may also be a folder of metric
// points kept while the server was down (metric-fallback.ts): they are sent to their runs.

import fs from "node:fs";
import path from "node:path";
import type { ArtifactRepository } from "../artifacts/artifact-repository";
import { artifactRepositoryFor } from "../artifacts";
import { invalidParameter, isLabopsError } from "../core/errors";
import { localPath } from "../core/uri-scheme";
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

export type SyncPhase = "experiments" | "runs" | "artifacts" | "models";

/** One thing a sync did (or, in a dry run, would do). */
export interface SyncAction {
  kind: "experiment" | "run" | "model" | "version" | "alias";
  /** Experiment name, source run id, model name, "name/version", "name@alias". */
  subject: string;
  action: "create" | "resume" | "skip" | "update";
  /** What goes with it, e.g. "1500 metric points, 2 artifact files". */
  detail?: string;
}

export interface SyncProgress {
  phase: SyncPhase;
  /** Units done in this phase (experiments, runs, artifact files, models); 0 when the phase starts. */
  done: number;
  total: number;
  /** The action that moved the phase on, if any. */
  action?: SyncAction;
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

export interface SyncCounts {
  created: number;
  resumed: number;
  skipped: number;
}

export interface SyncReport {
  dryRun: boolean;
  from: string;
  /** The server, without credentials. */
  to: string;
  experiments: SyncCounts;
  runs: SyncCounts;
  models: SyncCounts;
  versions: SyncCounts;
  /** Metric points sent (or that would be). */
  metricPoints: number;
  /** Artifact files sent (or that would be), runs' and model versions'. */
  artifacts: number;
  /** Aliases set (or that would be). */
  aliases: number;
  /** Everything done or skipped, in order. */
  actions: SyncAction[];
}

/** Refuses what is not an embedded store: sync must not create an empty one and report success. */
export function checkSourceStore(from: string): string {
  if (/^[a-z][\w+.-]*:\/\//i.test(from) && !/^file:/i.test(from)) {
    throw invalidParameter(`--from '${from}' is not a local labops store: sync copies a store folder (or file: URI) into an MLflow server.`);
  }
  const dir = path.resolve(/^file:/i.test(from) ? localPath(from) : from);
  if (!fs.existsSync(dir)) throw invalidParameter(`The store '${from}' does not exist: pass the folder your runs were logged to (their LABOPS_TRACKING_URI).`);
  if (!fs.statSync(dir).isDirectory() || !["journal", "store.json", "registry"].some((n) => fs.existsSync(path.join(dir, n)))) {
    throw invalidParameter(
      `'${from}' is not a labops store (no journal/, store.json or registry/ in it) nor a folder of unsent metrics (*.jsonl): pass the folder your runs were logged to (their LABOPS_TRACKING_URI).`,
    );
  }
  return dir;
}

const counts = (): SyncCounts => ({ created: 0, resumed: 0, skipped: 0 });

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

/** Every file under an artifact root with its size. */
async function artifactFiles(repo: ArtifactRepository, dir = ""): Promise<Map<string, number | undefined>> {
  const out = new Map<string, number | undefined>();
  for (const f of await repo.listArtifacts(dir)) {
    if (f.isDir) for (const [p, size] of await artifactFiles(repo, f.path)) out.set(p, size);
    else out.set(f.path, f.fileSize);
  }
  return out;
}

/** The files `to` lacks, or holds with another size (a copy cut off by an interruption). */
async function missingFiles(from: Map<string, number | undefined>, to: ArtifactRepository | null): Promise<string[]> {
  if (to === null) return [...from.keys()];
  const there = await artifactFiles(to).catch((e: unknown) => {
    if (isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) return new Map<string, number | undefined>();
    throw e;
  });
  return [...from].filter(([p, size]) => !there.has(p) || (size !== undefined && there.get(p) !== size)).map(([p]) => p);
}

const quote = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A run still to be finished: created or resumed in the runs phase, its artifacts and status next. */
interface PendingRun {
  run: Run;
  /** The run on the server; null in a dry run for a run not there yet. */
  target: Run | null;
  /** Begun by an earlier, interrupted sync: the server may hold some of its files. */
  resumed: boolean;
  files: Map<string, number | undefined>;
}

/** A folder of metric points kept while the server was down (metric-fallback.ts): *.jsonl files only. */
export function isPendingMetricsFolder(from: string): boolean {
  const dir = path.resolve(from);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return false;
  const names = fs.readdirSync(dir);
  return names.length > 0 && names.every((n) => n.endsWith(".jsonl"));
}

/** Sends the points of a pending-metrics folder to the server they were meant for; a dry run only counts them. */
async function syncPendingFolder(options: SyncOptions, report: SyncReport, dst: RestTrackingStore): Promise<void> {
  const dir = path.resolve(options.from);
  const perRun = new Map<string, number>();
  for (const name of fs.readdirSync(dir).sort()) {
    for (const line of fs.readFileSync(path.join(dir, name), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const runId = (JSON.parse(line) as { run_id: string }).run_id;
      perRun.set(runId, (perRun.get(runId) ?? 0) + 1);
    }
  }
  const total = [...perRun.values()].reduce((a, b) => a + b, 0);
  options.onProgress?.({ phase: "runs", done: 0, total: perRun.size });
  for (const [runId, n] of perRun) {
    report.runs.resumed++;
    report.actions.push({ kind: "run", subject: runId, action: "resume", detail: `${plural(n, "metric point")} kept while the server was down` });
  }
  await dst.client.checkServer();
  if (!options.dryRun) {
    const store = new RestTrackingStore(options.to, { ...options.client, metricsFallbackDir: dir });
    try {
      await store.syncPendingMetrics();
    } finally {
      await store.close();
    }
  }
  report.metricPoints = total;
  options.onProgress?.({ phase: "runs", done: perRun.size, total: perRun.size });
}

export async function syncStore(options: SyncOptions): Promise<SyncReport> {
  const dryRun = options.dryRun ?? false;
  const pendingFolder = isPendingMetricsFolder(options.from);
  if (!pendingFolder) checkSourceStore(options.from);
  const dst = new RestTrackingStore(options.to, { ...options.client, metricsFallbackDir: null });
  const report: SyncReport = {
    dryRun,
    from: options.from,
    to: dst.client.displayUri,
    experiments: counts(),
    runs: counts(),
    models: counts(),
    versions: counts(),
    metricPoints: 0,
    artifacts: 0,
    aliases: 0,
    actions: [],
  };
  if (pendingFolder) {
    try {
      await syncPendingFolder(options, report, dst);
    } finally {
      await dst.close();
    }
    return report;
  }
  const src: TrackingStore = openTrackingStore(options.from);
  const act = (a: SyncAction) => (report.actions.push(a), a);
  const progress = (phase: SyncPhase, done: number, total: number, action?: SyncAction) => options.onProgress?.({ phase, done, total, ...(action ? { action } : {}) });
  const runMap = new Map<string, string>();
  /** Server experiments restored to copy runs into them, deleted again at the end (as in the source). */
  const deleteAtEnd = new Set<string>();
  try {
    await dst.client.checkServer();
    let experiments = await all((pageToken) => src.searchExperiments({ viewType: "ALL", pageToken }));
    if (options.experiment !== undefined) {
      experiments = experiments.filter((e) => e.name === options.experiment || e.experimentId === options.experiment);
      if (experiments.length === 0) throw invalidParameter(`The store '${options.from}' has no experiment named (or with id) '${options.experiment}'.`);
    }

    // Phase 1: experiments.
    const targets = new Map<string, Experiment | null>();
    progress("experiments", 0, experiments.length);
    for (const [i, exp] of experiments.entries()) targets.set(exp.experimentId, await syncExperiment(exp, i, experiments.length));

    // Phase 2: runs, with params, tags and metric histories.
    const runs: Run[] = [];
    for (const exp of experiments) runs.push(...(await all((pageToken) => src.searchRuns({ experimentIds: [exp.experimentId], runViewType: "ALL", pageToken, orderBy: ["start_time ASC"] }))));
    const pending: PendingRun[] = [];
    const names = new Map(experiments.map((e) => [e.experimentId, e.name]));
    progress("runs", 0, runs.length);
    for (const [i, run] of runs.entries()) {
      const p = await syncRun(run, names.get(run.info.experimentId)!, targets.get(run.info.experimentId)!);
      if (p.pending) pending.push(p.pending);
      progress("runs", i + 1, runs.length, p.action);
    }

    // Phase 3: artifacts; then each run gets its status, end time and the completion tag.
    const totalFiles = pending.reduce((n, p) => n + p.files.size, 0);
    let filesDone = 0;
    progress("artifacts", 0, totalFiles);
    for (const p of pending) {
      const from = artifactRepositoryFor(p.run.info.artifactUri);
      const to = p.target ? new MlflowArtifactRepository(p.target.info.artifactUri, dst.client) : null;
      const missing = new Set(await missingFiles(p.files, p.resumed ? to : null));
      for (const f of p.files.keys()) {
        if (missing.has(f)) {
          report.artifacts++;
          if (!dryRun) await to!.writeArtifact(f, await from.readArtifact(f));
        }
        progress("artifacts", ++filesDone, totalFiles);
      }
      if (!dryRun) await finishRun(p.run, p.target!.info.runId);
    }
    if (!dryRun) for (const id of deleteAtEnd) await dst.deleteExperiment(id);

    // Phase 4: the registry (all of it, only when no experiment was chosen).
    if (options.experiment === undefined) await syncRegistry();
  } finally {
    await src.close();
    await dst.close();
  }
  return report;

  async function syncExperiment(exp: Experiment, index: number, total: number): Promise<Experiment | null> {
    let found: Experiment | null = exp.experimentId === "0" ? await dst.getExperiment("0") : await dst.getExperimentByName(exp.name);
    if (found) {
      report.experiments.skipped++;
      const stale = Object.entries(exp.tags).filter(([key, value]) => found!.tags[key] !== value);
      const a = act({ kind: "experiment", subject: exp.name, action: stale.length ? "update" : "skip", ...(stale.length ? { detail: `${plural(stale.length, "tag")} to set` } : {}) });
      if (!dryRun && found.lifecycleStage === "active") for (const [key, value] of stale) await dst.setExperimentTag(found.experimentId, key, value); // a deleted one takes no tags
      if (exp.lifecycleStage === "deleted" && found.lifecycleStage === "active" && exp.experimentId !== "0") deleteAtEnd.add(found.experimentId);
      progress("experiments", index + 1, total, a);
      return found;
    }
    report.experiments.created++;
    const a = act({ kind: "experiment", subject: exp.name, action: "create", ...(exp.lifecycleStage === "deleted" ? { detail: "deleted, as in the store" } : {}) });
    if (!dryRun) {
      const id = await dst.createExperiment({ name: exp.name, tags: Object.entries(exp.tags).map(([key, value]) => ({ key, value })) });
      found = await dst.getExperiment(id);
      if (exp.lifecycleStage === "deleted") deleteAtEnd.add(id); // after its runs: a deleted experiment takes no runs
    }
    progress("experiments", index + 1, total, a);
    return found;
  }

  async function syncRun(run: Run, experimentName: string, experiment: Experiment | null): Promise<{ pending?: PendingRun; action: SyncAction }> {
    const runId = run.info.runId;
    const existing = experiment
      ? (await dst.searchRuns({ experimentIds: [experiment.experimentId], filter: `tags.\`${SOURCE_RUN_TAG}\` = ${quote(runId)}`, runViewType: "ALL", maxResults: 1 })).items[0]
      : undefined;
    const subject = runId;
    if (existing?.data.tags[SYNC_COMPLETE_TAG] === "true") {
      runMap.set(runId, existing.info.runId);
      report.runs.skipped++;
      return { action: act({ kind: "run", subject, action: "skip", detail: `'${run.info.runName}', already on the server as ${existing.info.runId}` }) };
    }
    report.runs[existing ? "resumed" : "created"]++;
    const metrics: Metric[] = [];
    for (const key of Object.keys(run.data.metrics)) {
      const history = await src.getMetricHistory(runId, key);
      const sent = existing ? (await dst.getMetricHistory(existing.info.runId, key).catch(() => [])).length : 0; // batches go in order: a prefix was sent
      metrics.push(...history.slice(sent));
    }
    const files = await artifactFiles(artifactRepositoryFor(run.info.artifactUri));
    const action = act({
      kind: "run",
      subject,
      action: existing ? "resume" : "create",
      detail: `'${run.info.runName}' in '${experimentName}', ${plural(metrics.length, "metric point")} to send, ${plural(files.size, "artifact file")} to check`,
    });
    report.metricPoints += metrics.length;
    if (dryRun) return { pending: { run, target: existing ?? null, resumed: existing !== undefined, files }, action };
    if (experiment!.lifecycleStage === "deleted" && !deleteAtEnd.has(experiment!.experimentId)) {
      await dst.restoreExperiment(experiment!.experimentId);
      experiment!.lifecycleStage = "active";
      deleteAtEnd.add(experiment!.experimentId);
    }
    const target =
      existing ??
      (await dst.createRun({
        experimentId: experiment!.experimentId,
        runName: run.info.runName,
        startTime: run.info.startTime,
        userId: run.info.userId,
        tags: [{ key: SOURCE_RUN_TAG, value: runId }],
      }));
    if (target.info.lifecycleStage === "deleted") await dst.restoreRun(target.info.runId);
    const tags = Object.entries(run.data.tags)
      .filter(([k]) => k !== "mlflow.runName")
      .map(([key, value]) => ({ key, value }));
    await dst.logBatch(target.info.runId, { params: Object.entries(run.data.params).map(([key, value]) => ({ key, value })), tags, metrics });
    return { pending: { run, target, resumed: existing !== undefined, files }, action };
  }

  async function finishRun(run: Run, targetId: string): Promise<void> {
    const update: { status: Run["info"]["status"]; endTime?: number } = { status: run.info.status };
    if (run.info.endTime !== undefined) update.endTime = run.info.endTime;
    await dst.updateRun(targetId, update);
    await dst.logBatch(targetId, { tags: [{ key: SYNC_COMPLETE_TAG, value: "true" }] });
    if (run.info.lifecycleStage === "deleted") await dst.deleteRun(targetId);
    runMap.set(run.info.runId, targetId);
  }

  async function syncRegistry(): Promise<void> {
    const srcReg: RegistryStore = openRegistryStore(options.from);
    const dstReg = new RestRegistryStore(options.to, options.client);
    try {
      const models = await all((pageToken) => srcReg.searchRegisteredModels({ pageToken }));
      progress("models", 0, models.length);
      for (const [i, model] of models.entries()) {
        let there = null;
        try {
          there = await dstReg.getRegisteredModel(model.name);
        } catch (e) {
          if (!isLabopsError(e, "RESOURCE_DOES_NOT_EXIST")) throw e;
        }
        report.models[there ? "skipped" : "created"]++;
        const modelAction = act({ kind: "model", subject: model.name, action: there ? "skip" : "create" });
        if (!there && !dryRun) await dstReg.createRegisteredModel(model.name, { description: model.description, tags: model.tags });
        const byName = `name = ${quote(model.name)}`;
        const versions = (await all((pageToken) => srcReg.searchModelVersions({ filter: byName, pageToken }))).sort((a, b) => a.version - b.version);
        const copied = there ? await all((pageToken) => dstReg.searchModelVersions({ filter: byName, pageToken })) : [];
        const versionMap = new Map<number, number>();
        for (const v of versions) {
          const done = copied.find((c) => c.tags[SOURCE_VERSION_TAG] === String(v.version));
          const subject = `${model.name}/${v.version}`;
          if (done) {
            versionMap.set(v.version, done.version);
            report.versions.skipped++;
            // An interruption between creating a version and setting its stage leaves the stage behind.
            const restage = done.currentStage !== v.currentStage;
            act({ kind: "version", subject, action: restage ? "update" : "skip", detail: restage ? `stage ${done.currentStage} -> ${v.currentStage}` : `already there as version ${done.version}` });
            if (restage && !dryRun) await dstReg.transitionModelVersionStage(v.name, done.version, v.currentStage, false);
            continue;
          }
          report.versions.created++;
          const files = await artifactFiles(artifactRepositoryFor(v.storageLocation));
          act({ kind: "version", subject, action: "create", detail: `${plural(files.size, "artifact file")}${v.currentStage !== "None" ? `, stage ${v.currentStage}` : ""}` });
          if (dryRun) {
            report.artifacts += files.size;
            continue;
          }
          versionMap.set(v.version, (await copyVersion(dstReg, v, files)).version);
        }
        for (const [alias, version] of Object.entries(model.aliases)) {
          const target = versionMap.get(version);
          if (there?.aliases[alias] !== undefined && there.aliases[alias] === target) continue;
          report.aliases++;
          act({ kind: "alias", subject: `${model.name}@${alias}`, action: "create", detail: `-> source version ${version}` });
          if (!dryRun && target !== undefined) await dstReg.setRegisteredModelAlias(model.name, alias, target);
        }
        progress("models", i + 1, models.length, modelAction);
      }
    } finally {
      await srcReg.close();
      await dstReg.close();
    }
  }

  async function copyVersion(dstReg: RestRegistryStore, v: ModelVersion, files: Map<string, number | undefined>): Promise<ModelVersion> {
    const folder = `${v.name}/${v.version}-${v.dataDigest?.slice(0, 12) ?? "files"}`;
    const repo = dstReg.modelArtifactRepository();
    const target = new MlflowArtifactRepository(`${repo.artifactUri}/${folder.split("/").map(encodeURIComponent).join("/")}`, dstReg.client);
    const from = artifactRepositoryFor(v.storageLocation);
    for (const f of await missingFiles(files, target)) {
      await target.writeArtifact(f, await from.readArtifact(f));
      report.artifacts++;
    }
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
