// Registry semantics in one place: registered models, their versions, aliases and stages, and the audit
// history, changed only by RegistryOps. Both the memory and the file registry stores apply ops here.

import { alreadyExists, invalidParameter, notFound } from "../core/errors";
import { isReservedAlias, MODEL_STAGES, type AuditAction, type AuditEntry, type ModelVersion, type RegisteredModel } from "./entities";
import type { RegistryOp } from "./registry-ops";

export interface ModelRecord {
  model: Omit<RegisteredModel, "latestVersions">;
  versions: Record<string, ModelVersion>;
  nextVersion: number;
}

export interface RegistryStateData {
  models: ModelRecord[];
  history: AuditEntry[];
  /** The highest version number each model name has had; absent in snapshots written before it was kept. */
  highestVersions?: Record<string, number>;
}

const NAME_PATTERN = /^[^/\\:%?#\0]+$/;
const ALIAS_PATTERN = /^[\w-]+$/;

export function validateModelName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "" || name.length > 256 || !NAME_PATTERN.test(name)) {
    throw invalidParameter(`Invalid model name ${JSON.stringify(name)}: use 1 to 256 characters without '/', '\\', ':', '%', '?' or '#'.`);
  }
  return name;
}

export function validateAlias(alias: unknown): string {
  if (typeof alias !== "string" || !ALIAS_PATTERN.test(alias) || alias.length > 255) {
    throw invalidParameter(`Invalid alias ${JSON.stringify(alias)}: use letters, digits, '_' and '-' (at most 255).`);
  }
  if (isReservedAlias(alias)) {
    throw invalidParameter(`Alias '${alias}' is reserved ('latest' and 'v<number>' name versions already); choose another, e.g. 'champion'.`);
  }
  return alias;
}

export class RegistryState {
  readonly models = new Map<string, ModelRecord>();
  readonly history: AuditEntry[] = [];
  /**
   * Version numbers are monotonic from this, not from what is left: a journal line skipped as unreadable (or a
   * version whose model's line was lost) still counts, so no number is handed out twice.
   */
  readonly highestVersions = new Map<string, number>();

  static fromData(data: RegistryStateData): RegistryState {
    const state = new RegistryState();
    for (const m of data.models) state.models.set(m.model.name, m);
    state.history.push(...data.history);
    for (const [name, v] of Object.entries(data.highestVersions ?? {})) state.highestVersions.set(name, v);
    for (const m of data.models) state.noteVersion(m.model.name, m.nextVersion - 1);
    return state;
  }

  toData(): RegistryStateData {
    return { models: [...this.models.values()], history: this.history, highestVersions: Object.fromEntries(this.highestVersions) };
  }

  private noteVersion(name: string, version: number): void {
    if (version > (this.highestVersions.get(name) ?? 0)) this.highestVersions.set(name, version);
  }

  record(name: string): ModelRecord {
    const r = this.models.get(name);
    if (!r) throw notFound(`Registered Model with name=${name} not found. See 'labops models list'.`);
    return r;
  }

  version(name: string, version: number): ModelVersion {
    const v = this.record(name).versions[String(version)];
    if (!v) throw notFound(`Model Version (name=${name}, version=${version}) not found. See 'labops models show ${name}'.`);
    return v;
  }

  historyOf(name: string): AuditEntry[] {
    return this.history.filter((e) => e.model === name);
  }

  /** Validates and applies one op; throws and changes nothing when it is invalid. */
  apply(op: RegistryOp): void {
    switch (op.op) {
      case "createModel": {
        validateModelName(op.name);
        if (this.models.has(op.name)) throw alreadyExists(`Registered Model (name=${op.name}) already exists.`);
        this.models.set(op.name, {
          model: { name: op.name, description: op.description, creationTimestamp: op.at, lastUpdatedTimestamp: op.at, tags: { ...op.tags }, aliases: {} },
          versions: {},
          nextVersion: (this.highestVersions.get(op.name) ?? 0) + 1,
        });
        return this.audit(op, "create_model", { to: op.name });
      }
      case "renameModel": {
        const r = this.record(op.name);
        validateModelName(op.newName);
        if (this.models.has(op.newName)) throw alreadyExists(`Registered Model (name=${op.newName}) already exists.`);
        this.models.delete(op.name);
        r.model.name = op.newName;
        r.model.lastUpdatedTimestamp = op.at;
        for (const v of Object.values(r.versions)) v.name = op.newName;
        this.models.set(op.newName, r);
        this.highestVersions.set(op.newName, this.highestVersions.get(op.name) ?? 0);
        this.highestVersions.delete(op.name);
        for (const e of this.history) if (e.model === op.name) e.model = op.newName;
        return this.audit({ ...op, name: op.newName }, "rename_model", { from: op.name, to: op.newName });
      }
      case "updateModel": {
        const r = this.record(op.name);
        const from = r.model.description;
        r.model.description = op.description;
        r.model.lastUpdatedTimestamp = op.at;
        return this.audit(op, "update_model", { subject: "description", from, to: op.description });
      }
      case "deleteModel": {
        this.record(op.name);
        this.models.delete(op.name);
        this.highestVersions.delete(op.name); // as in MLflow, a model made again under the name starts at 1
        return this.audit(op, "delete_model", { from: op.name });
      }
      case "setModelTag": {
        const r = this.record(op.name);
        const from = r.model.tags[op.key] ?? null;
        r.model.tags[op.key] = op.value;
        r.model.lastUpdatedTimestamp = op.at;
        return this.audit(op, "set_model_tag", { subject: op.key, from, to: op.value });
      }
      case "deleteModelTag": {
        const r = this.record(op.name);
        if (!(op.key in r.model.tags)) throw notFound(`Registered Model ${op.name} has no tag '${op.key}'.`);
        const from = r.model.tags[op.key]!;
        delete r.model.tags[op.key];
        return this.audit(op, "delete_model_tag", { subject: op.key, from });
      }
      case "createVersion": {
        this.noteVersion(op.name, op.version); // even when the op no longer applies (its model's line was lost)
        const r = this.record(op.name);
        // A higher number than expected is kept: the versions between were in a journal line that is now damaged.
        if (!Number.isSafeInteger(op.version) || op.version < r.nextVersion) {
          throw invalidParameter(`Version ${op.version} of ${op.name} is out of order: the next version is ${r.nextVersion}.`);
        }
        r.versions[String(op.version)] = {
          name: op.name,
          version: op.version,
          creationTimestamp: op.at,
          lastUpdatedTimestamp: op.at,
          description: op.description,
          userId: op.by,
          currentStage: "None",
          source: op.source,
          runId: op.runId,
          storageLocation: op.storageLocation,
          status: "READY",
          tags: { ...op.tags },
          aliases: [],
          run: op.run,
          dataDigest: op.dataDigest,
          signature: op.signature,
          metrics: op.metrics,
        };
        r.nextVersion = op.version + 1;
        r.model.lastUpdatedTimestamp = op.at;
        return this.audit(op, "register_version", { version: op.version, to: op.version, subject: op.source });
      }
      case "updateVersion": {
        const v = this.version(op.name, op.version);
        const from = v.description;
        v.description = op.description;
        v.lastUpdatedTimestamp = op.at;
        return this.audit(op, "update_version", { version: op.version, subject: "description", from, to: op.description });
      }
      case "deleteVersion": {
        const r = this.record(op.name);
        const v = this.version(op.name, op.version);
        delete r.versions[String(op.version)];
        r.model.lastUpdatedTimestamp = op.at;
        this.audit(op, "delete_version", { version: op.version, from: op.version });
        // Its aliases go with it, each recorded like any alias change.
        for (const a of v.aliases) {
          delete r.model.aliases[a];
          this.audit(op, "delete_alias", { version: op.version, subject: a, from: op.version, to: null });
        }
        return;
      }
      case "setVersionTag": {
        const v = this.version(op.name, op.version);
        const from = v.tags[op.key] ?? null;
        v.tags[op.key] = op.value;
        return this.audit(op, "set_version_tag", { version: op.version, subject: op.key, from, to: op.value });
      }
      case "deleteVersionTag": {
        const v = this.version(op.name, op.version);
        if (!(op.key in v.tags)) throw notFound(`Model Version (name=${op.name}, version=${op.version}) has no tag '${op.key}'.`);
        const from = v.tags[op.key]!;
        delete v.tags[op.key];
        return this.audit(op, "delete_version_tag", { version: op.version, subject: op.key, from });
      }
      case "transitionStage": {
        if (!MODEL_STAGES.includes(op.stage)) throw invalidParameter(`Invalid stage '${op.stage}': use one of ${MODEL_STAGES.join(", ")}.`);
        const r = this.record(op.name);
        const v = this.version(op.name, op.version);
        const from = v.currentStage;
        if (op.archiveExisting && op.stage !== "None" && op.stage !== "Archived") {
          for (const other of Object.values(r.versions)) {
            if (other.version !== v.version && other.currentStage === op.stage) {
              other.currentStage = "Archived";
              other.lastUpdatedTimestamp = op.at;
              this.audit(op, "transition_stage", { version: other.version, subject: "Archived", from: op.stage, to: "Archived" });
            }
          }
        }
        v.currentStage = op.stage;
        v.lastUpdatedTimestamp = op.at;
        return this.audit(op, "transition_stage", { version: op.version, subject: op.stage, from, to: op.stage });
      }
      case "setAlias": {
        validateAlias(op.alias);
        const r = this.record(op.name);
        const v = this.version(op.name, op.version);
        const from = r.model.aliases[op.alias] ?? null;
        if (from !== null) {
          const old = r.versions[String(from)];
          if (old) old.aliases = old.aliases.filter((a) => a !== op.alias);
        }
        r.model.aliases[op.alias] = op.version;
        v.aliases = [...v.aliases.filter((a) => a !== op.alias), op.alias].sort();
        r.model.lastUpdatedTimestamp = op.at;
        return this.audit(op, op.rollback ? "rollback_alias" : "set_alias", { version: op.version, subject: op.alias, from, to: op.version });
      }
      case "deleteAlias": {
        const r = this.record(op.name);
        const from = r.model.aliases[op.alias];
        if (from === undefined) throw notFound(`Registered Model ${op.name} has no alias '${op.alias}'.`);
        delete r.model.aliases[op.alias];
        const v = r.versions[String(from)];
        if (v) v.aliases = v.aliases.filter((a) => a !== op.alias);
        return this.audit(op, "delete_alias", { version: from, subject: op.alias, from, to: null });
      }
    }
  }

  private audit(
    op: RegistryOp,
    action: AuditAction,
    what: { version?: number; subject?: string; from?: string | number | null; to?: string | number | null },
  ): void {
    const seq = this.history.reduce((n, e) => (e.model === op.name ? n + 1 : n), 0) + 1;
    const entry: AuditEntry = { seq, model: op.name, action, from: what.from ?? null, to: what.to ?? null, at: op.at, by: op.by };
    if (what.version !== undefined) entry.version = what.version;
    if (what.subject !== undefined) entry.subject = what.subject;
    if (op.reason !== undefined) entry.reason = op.reason;
    this.history.push(entry);
  }
}
