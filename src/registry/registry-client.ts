// ModelRegistryClient: registration, promotion, rollback and resolution of models, over a RegistryStore and
// the tracking client (for runs:/ sources and the run snapshot recorded with each version).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { artifactRepositoryFor, type ArtifactRepository } from "../artifacts";
import { invalidParameter, isLabopsError, LabopsError, notFound } from "../core/errors";
import { assertGatesPass, type GateResult } from "../evaluation/gates";
import { LabopsClient } from "../tracking/client";
import type { AuditEntry, ModelStage, ModelVersion } from "./entities";
import { checkModelFiles, MANIFEST, modelManifest, publishModel, readSignature, stageLocalModel, stageRepositoryModel, verifyLocalCopy, type StagedModel } from "./model-files";
import { parseModelUri } from "./model-uri";
import { validateModelName } from "./registry-state";
import { defaultRegistryUri, openRegistryStore } from "./registry-uri";
import type { ChangeOptions, RegistryStore } from "./store";

/** The tag logGateResult sets on a run: "true" or "false". */
const GATES_PASSED_TAG = "labops.gates.passed";

export interface RegisterModelRequest {
  name: string;
  /** A local model folder or file... */
  modelPath?: string;
  /** ...or a run's artifact. */
  runId?: string;
  artifactPath?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Metrics to record with the version, e.g. its validation gates. */
  metrics?: Record<string, number>;
  reason?: string;
  /**
   * Validation gates the model must pass (validateModel's result). Without it, a runs:/ source's logged result
   * is read (tag `labops.gates.passed`, artifact `evaluation/gates.json`). A failed gate refuses registration.
   */
  gates?: GateResult;
  /** Register despite failed gates; the audit entry says which gates failed. */
  force?: boolean;
}

export interface LoadedModel {
  uri: string;
  /** Absent for runs:/ URIs. */
  version?: ModelVersion;
  /** A local folder holding the model's files. */
  path: string;
  files: string[];
  /** The parsed model.json, when the model has one. */
  json?: unknown;
}

export class ModelRegistryClient {
  readonly store: RegistryStore;
  readonly tracking: LabopsClient;

  constructor(options: { registry?: string | RegistryStore; tracking?: string | LabopsClient } = {}) {
    this.tracking = options.tracking instanceof LabopsClient ? options.tracking : new LabopsClient(options.tracking);
    this.store = typeof options.registry === "object" ? options.registry : openRegistryStore(options.registry ?? defaultRegistryUri(this.tracking.trackingUri));
  }

  /** Registers a new version (creating the model if needed) from a local folder or a run's artifact. */
  async registerModel(request: RegisterModelRequest): Promise<ModelVersion> {
    validateModelName(request.name); // before any file is stored
    const gates = request.gates ?? (request.modelPath === undefined && request.runId !== undefined ? await this.loggedGateResult(request.runId) : undefined);
    const { auditNote } = gates ? assertGatesPass(gates, { force: request.force }) : { auditNote: null };
    const reason = auditNote === null ? request.reason : request.reason ? `${request.reason}. ${auditNote}` : auditNote;
    const { source, staged, run } = await this.stageSource(request);
    let stored;
    try {
      const signature = readSignature(staged, source); // a bad signature.json stores nothing
      stored = { ...(await publishModel(staged, this.store.modelArtifactRepository())), signature };
    } finally {
      staged.dispose();
    }
    return this.store.createModelVersion(
      {
        name: request.name,
        source,
        runId: run?.info.runId,
        run: run && {
          runId: run.info.runId,
          runName: run.info.runName,
          experimentId: run.info.experimentId,
          metrics: run.data.metrics,
          params: run.data.params,
        },
        storageLocation: stored.storageLocation,
        dataDigest: stored.dataDigest,
        signature: stored.signature,
        metrics: request.metrics,
        description: request.description,
        tags: auditNote === null ? request.tags : { ...request.tags, "labops.gates.forced": "true" },
        createModel: true,
      },
      { reason },
    );
  }

  /** The gate result logged on a run (logGateResult), or undefined when the run logged none. */
  private async loggedGateResult(runId: string): Promise<GateResult | undefined> {
    const run = await this.tracking.getRun(runId);
    const passed = run.data.tags[GATES_PASSED_TAG];
    if (passed === undefined) return undefined;
    let logged: GateResult | undefined;
    try {
      const file = await this.tracking.downloadArtifacts(runId, "evaluation/gates.json");
      logged = JSON.parse(fs.readFileSync(file, "utf8")) as GateResult;
    } catch {
      logged = undefined; // missing or unreadable: the tag alone decides
    }
    // The tag decides; the artifact gives the reasons (a run whose artifact is gone still refuses).
    const failed = logged?.failed ?? [];
    if (passed !== "true" && failed.length === 0) failed.push({ gate: GATES_PASSED_TAG, observed: Number.NaN, threshold: Number.NaN, op: ">=", passed: false, reason: `run ${runId} is tagged ${GATES_PASSED_TAG}=${passed} and has no readable evaluation/gates.json` });
    return { passed: passed === "true", gates: logged?.gates ?? failed, failed: passed === "true" ? [] : failed, skipped: logged?.skipped ?? [], config: logged?.config as GateResult["config"] };
  }

  /** Points an alias at a version, or moves it to a stage; refused when the version's files are missing. */
  async promote(name: string, version: number, target: { alias?: string; stage?: ModelStage; archiveExisting?: boolean }, options: ChangeOptions = {}): Promise<ModelVersion> {
    if ((target.alias === undefined) === (target.stage === undefined)) throw invalidParameter("Promote to an alias or to a stage: give exactly one.");
    const v = await this.store.getModelVersion(name, version);
    const problems = await checkModelFiles(artifactRepositoryFor(v.storageLocation));
    if (problems.length > 0) {
      throw new LabopsError("INVALID_STATE", `Refusing to promote ${name} version ${version}: its files are missing or changed: ${problems.join(", ")}. Register it again.`);
    }
    if (target.alias !== undefined) await this.store.setRegisteredModelAlias(name, target.alias, version, options);
    else await this.store.transitionModelVersionStage(name, version, target.stage!, target.archiveExisting ?? false, options);
    return this.store.getModelVersion(name, version);
  }

  /**
   * Moves an alias back: to `toVersion`, or to the version that held it before (from the audit history).
   * The rollback itself is recorded like any alias move.
   */
  async rollback(name: string, options: { alias?: string; toVersion?: number } & ChangeOptions = {}): Promise<{ from: number | null; to: number }> {
    const alias = options.alias ?? "champion";
    const model = await this.store.getRegisteredModel(name);
    const current = model.aliases[alias] ?? null;
    const existing = new Set((await this.modelVersions(name)).map((v) => v.version));
    const to = options.toVersion ?? previousHolder(await this.historyForRollback(name, alias), alias, current, existing);
    if (to === null) throw invalidParameter(`No earlier version of ${name} held alias '${alias}'; give --to-version.`);
    if (to === current) throw invalidParameter(`${name}@${alias} is already version ${to}.`);
    await this.promote(name, to, { alias }, { reason: options.reason ?? `rollback of ${alias} from version ${current ?? "none"}`, rollback: true });
    return { from: current, to };
  }

  /** Every version of a model (the name matched exactly, quotes and all). */
  async modelVersions(name: string): Promise<ModelVersion[]> {
    // MLflow's grammar takes quoted text literally (no escapes): quote with the mark the name lacks.
    const quote = name.includes("'") ? '"' : "'";
    if (!name.includes(quote)) return (await this.store.searchModelVersions({ filter: `name = ${quote}${name}${quote}` })).items;
    return (await this.store.searchModelVersions({})).items.filter((v) => v.name === name);
  }

  /** The version a models:/ URI names. */
  async resolve(uri: string): Promise<ModelVersion> {
    const ref = parseModelUri(uri);
    switch (ref.kind) {
      case "version":
        return this.store.getModelVersion(ref.name, ref.version);
      case "alias":
        return this.store.getModelVersionByAlias(ref.name, ref.alias);
      case "stage":
      case "latest": {
        const stages = ref.kind === "stage" ? [ref.stage] : undefined;
        const candidates = await this.store.getLatestVersions(ref.name, stages);
        const best = candidates.sort((a, b) => b.version - a.version)[0];
        if (!best) throw notFound(`Registered Model ${ref.name} has no version${ref.kind === "stage" ? ` in stage ${ref.stage}` : ""}.`);
        return best;
      }
      case "run":
        throw invalidParameter(`'${uri}' names a run's artifact, not a registered version.`);
    }
  }

  /**
   * A model's files, locally: the registry's own folder for models:/ (copied first from a remote repository),
   * the run's artifact for runs:/. A version's files are checked against their registered SHA-256 first.
   */
  async loadModel(uri: string): Promise<LoadedModel> {
    const ref = parseModelUri(uri);
    let dir: string;
    let version: ModelVersion | undefined;
    let files: string[];
    if (ref.kind === "run") {
      const repo = await this.runRepository(ref.runId, ref.path);
      dir = repo.localPath(ref.path) ?? (await repo.downloadArtifacts(ref.path));
      files = fs.statSync(dir).isDirectory() ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : [path.basename(dir)];
    } else {
      version = await this.resolve(uri);
      const repo = artifactRepositoryFor(version.storageLocation);
      const manifest = await modelManifest(repo);
      dir = repo.localPath("") ?? (await this.downloadVersion(repo, manifest, fs.mkdtempSync(path.join(os.tmpdir(), "labops-model-"))));
      await verifyLocalCopy(dir, manifest, `Model ${version.name} version ${version.version} (${version.storageLocation})`);
      files = manifest.map((f) => f.path);
    }
    const jsonFile = fs.statSync(dir).isDirectory() ? path.join(dir, "model.json") : dir.endsWith(".json") ? dir : "";
    const json = jsonFile && fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, "utf8")) : undefined;
    return { uri, version, path: dir, files, json };
  }

  /** Copies what a models:/ or runs:/ URI names into `dstDir` (a new temporary folder by default). */
  async downloadArtifacts(uri: string, dstDir?: string): Promise<string> {
    const target = dstDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "labops-model-"));
    fs.mkdirSync(target, { recursive: true });
    const ref = parseModelUri(uri);
    if (ref.kind === "run") return (await this.runRepository(ref.runId, ref.path)).downloadArtifacts(ref.path, target);
    const version = await this.resolve(uri);
    const repo = artifactRepositoryFor(version.storageLocation);
    const manifest = await modelManifest(repo);
    const dst = await this.downloadVersion(repo, manifest, path.join(target, `${version.name}-v${version.version}`));
    await verifyLocalCopy(dst, manifest, `Model ${version.name} version ${version.version} (${version.storageLocation})`);
    return dst;
  }

  /** Copies a version's files (not its manifest) into `dst`. */
  private async downloadVersion(repo: ArtifactRepository, manifest: readonly { path: string }[], dst: string): Promise<string> {
    fs.mkdirSync(dst, { recursive: true });
    for (const f of manifest) {
      if (f.path === MANIFEST) continue;
      await repo.downloadArtifacts(f.path, path.join(dst, ...path.posix.dirname(f.path).split("/").filter((p) => p !== ".")));
    }
    return dst;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** The model's files copied aside (read once, safely), with where they came from. */
  private async stageSource(request: RegisterModelRequest): Promise<{ source: string; staged: StagedModel; run?: Awaited<ReturnType<LabopsClient["getRun"]>> }> {
    if (request.modelPath !== undefined && request.runId !== undefined) throw invalidParameter("Give --model-path or --run-id with --artifact-path, not both.");
    if (request.modelPath !== undefined) {
      const localPath = path.resolve(request.modelPath);
      if (!fs.existsSync(localPath) && !fs.lstatSync(localPath, { throwIfNoEntry: false })) throw invalidParameter(`Model path '${request.modelPath}' does not exist.`);
      return { source: localPath, staged: await stageLocalModel(localPath) };
    }
    if (request.runId === undefined || request.artifactPath === undefined) {
      throw invalidParameter("Say where the model is: --model-path PATH, or --run-id RUN_ID with --artifact-path PATH.");
    }
    const run = await this.tracking.getRun(request.runId);
    const repo = await this.runRepository(request.runId, request.artifactPath);
    return { source: `runs:/${request.runId}/${request.artifactPath}`, staged: await stageRepositoryModel(repo, request.artifactPath), run };
  }

  /** The run's artifact repository, once the artifact is known to be there. */
  private async runRepository(runId: string, artifactPath: string): Promise<ArtifactRepository> {
    const repo = await this.tracking.artifactRepository(runId);
    const parent = path.posix.dirname(artifactPath.replaceAll("\\", "/"));
    const listed = await repo.listArtifacts(parent === "." ? "" : parent);
    const wanted = artifactPath.replaceAll("\\", "/").split("/").filter((p) => p && p !== ".").join("/");
    if (!listed.some((f) => f.path === wanted)) throw notFound(`Run ${runId} has no artifact '${artifactPath}'. See 'labops runs show ${runId}'.`);
    return repo;
  }

  /** The audit history a rollback walks back through; stores without one (MLflow's REST API) need a version. */
  private async historyForRollback(name: string, alias: string): Promise<AuditEntry[]> {
    try {
      return await this.store.getModelHistory(name);
    } catch (e) {
      if (isLabopsError(e, "NOT_IMPLEMENTED")) throw invalidParameter(`The registry at ${this.store.uri} keeps no audit history to find who held '${alias}' before; give --to-version.`);
      throw e;
    }
  }
}

/**
 * The version that held an alias before `current`, from the audit history: promotions push a holder, a
 * rollback returns to an earlier one, so repeated rollbacks walk further back instead of toggling.
 */
function previousHolder(history: AuditEntry[], alias: string, current: number | null, existing: ReadonlySet<number>): number | null {
  let holders: number[] = [];
  for (const e of history) {
    if (e.action === "create_model") holders = []; // a model deleted and made again under the same name starts over
    if (e.subject !== alias || typeof e.to !== "number") continue;
    if (e.action === "set_alias") holders.push(e.to);
    else if (e.action === "rollback_alias") {
      const at = holders.lastIndexOf(e.to);
      if (at >= 0) holders.length = at + 1;
      else holders.push(e.to);
    }
  }
  // Deleted versions cannot hold the alias again: step over them.
  holders = holders.filter((v, i) => existing.has(v) && v !== holders[i - 1]);
  if (holders.at(-1) !== current) return holders.at(-1) ?? null; // moved outside labops' history: go to the last known
  return holders.length >= 2 ? holders[holders.length - 2]! : null;
}
