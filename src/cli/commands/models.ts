// `labops models ...`: register, promote, roll back, alias, list, show, history and delete registered models.

import { MODEL_STAGES, type ModelStage } from "../../registry/entities";
import { invalidParameter } from "../../core/errors";
import { UsageError, type ParsedArgs } from "../args";
import { JSON_OPTION, type Command } from "../command";
import { formatTable, formatTime } from "../table";

const reasonOption = { name: "reason", type: "string", value: "TEXT", description: "Why: recorded in the model's history." } as const;
const nameOption = { name: "name", type: "string", value: "NAME", description: "The registered model.", required: true } as const;

function int(args: ParsedArgs, option: string): number | undefined {
  const v = args.options[option];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new UsageError(`--${option} takes a version number (1, 2, ...), got '${String(v)}'.`);
  return v;
}

function stage(value: unknown): ModelStage | undefined {
  if (value === undefined) return undefined;
  const s = MODEL_STAGES.find((x) => x.toLowerCase() === String(value).toLowerCase());
  if (!s) throw new UsageError(`--stage takes one of ${MODEL_STAGES.join(", ")}, got '${String(value)}'.`);
  return s;
}

export const modelsRegister: Command = {
  name: "models register",
  summary: "Register a new version of a model from a local folder or a run's artifact (creates the model if needed).",
  options: [
    nameOption,
    { name: "model-path", type: "string", value: "PATH", description: "A local model folder or file." },
    { name: "run-id", type: "string", value: "RUN_ID", description: "A run whose artifact is the model (with --artifact-path)." },
    { name: "artifact-path", type: "string", value: "PATH", description: "The model's path among the run's artifacts." },
    { name: "metrics", type: "string", value: "JSON", description: "Metrics to record with the version, e.g. '{\"auc\": 0.91}'." },
    { name: "description", type: "string", value: "TEXT", description: "The version's description." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    let metrics: Record<string, number> | undefined;
    if (args.options.metrics !== undefined) {
      try {
        metrics = JSON.parse(String(args.options.metrics)) as Record<string, number>;
      } catch (e) {
        throw invalidParameter(`--metrics is not valid JSON: ${(e as Error).message}`);
      }
      if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics) || Object.values(metrics).some((v) => typeof v !== "number")) {
        throw invalidParameter(`--metrics must be a JSON object of numbers, e.g. '{"auc": 0.91}'.`);
      }
    }
    const v = await registry().registerModel({
      name: args.options.name as string,
      modelPath: args.options["model-path"] as string | undefined,
      runId: args.options["run-id"] as string | undefined,
      artifactPath: args.options["artifact-path"] as string | undefined,
      description: args.options.description as string | undefined,
      metrics,
      reason: args.options.reason as string | undefined,
    });
    return { data: v, text: `Registered ${v.name} version ${v.version} from ${v.source} (digest ${v.dataDigest?.slice(0, 12)}).` };
  },
};

export const modelsPromote: Command = {
  name: "models promote",
  summary: "Point an alias (e.g. champion) at a version, or move it to a stage; refused if its files are missing.",
  options: [
    nameOption,
    { name: "version", type: "number", value: "V", description: "The version to promote.", required: true },
    { name: "alias", type: "string", value: "ALIAS", description: "The alias to point at it." },
    { name: "stage", type: "string", value: "STAGE", description: `A stage: ${MODEL_STAGES.join(", ")}.` },
    { name: "archive-existing", type: "boolean", description: "With --stage: archive the versions now in that stage." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    const alias = args.options.alias as string | undefined;
    const st = stage(args.options.stage);
    if ((alias === undefined) === (st === undefined)) throw new UsageError("give exactly one of --alias and --stage.");
    const name = args.options.name as string;
    const v = await registry().promote(name, int(args, "version")!, { alias, stage: st, archiveExisting: args.options["archive-existing"] === true }, { reason: args.options.reason as string | undefined });
    return { data: v, text: alias ? `${name}@${alias} -> version ${v.version}` : `${name} version ${v.version} -> ${v.currentStage}` };
  },
};

export const modelsRollback: Command = {
  name: "models rollback",
  summary: "Move an alias back to the version that held it before (from the history), or to --to-version.",
  options: [
    nameOption,
    { name: "alias", type: "string", value: "ALIAS", description: "The alias to roll back (default: champion)." },
    { name: "to-version", type: "number", value: "V", description: "The version to go back to." },
    reasonOption,
    JSON_OPTION,
  ],
  async run(args, { registry }) {
    const name = args.options.name as string;
    const alias = (args.options.alias as string | undefined) ?? "champion";
    const r = await registry().rollback(name, { alias, toVersion: int(args, "to-version"), reason: args.options.reason as string | undefined });
    return { data: { name, alias, ...r }, text: `${name}@${alias}: version ${r.from ?? "none"} -> ${r.to} (rolled back)` };
  },
};

export const modelsAlias: Command = {
  name: "models alias",
  summary: "Set an alias to a version (same as promote --alias).",
  options: [
    nameOption,
    { name: "alias", type: "string", value: "ALIAS", description: "The alias.", required: true },
    { name: "version", type: "number", value: "V", description: "The version.", required: true },
    reasonOption,
  ],
  async run(args, ctx) {
    return modelsPromote.run({ positionals: {}, options: { ...args.options, stage: undefined } }, ctx);
  },
};

export const modelsList: Command = {
  name: "models list",
  summary: "List registered models with their latest version and aliases.",
  options: [{ name: "name", type: "string", value: "PATTERN", description: "Only names containing PATTERN." }, JSON_OPTION],
  async run(args, { registry }) {
    const pattern = args.options.name as string | undefined;
    const models = (await registry().store.searchRegisteredModels({ maxResults: 50_000 })).items.filter((m) => pattern === undefined || m.name.includes(pattern));
    const text = models.length
      ? formatTable(
          [{ header: "NAME" }, { header: "LATEST", align: "right" }, { header: "ALIASES", maxWidth: 50 }, { header: "UPDATED" }, { header: "DESCRIPTION", maxWidth: 50 }],
          models.map((m) => [
            m.name,
            String(Math.max(0, ...m.latestVersions.map((v) => v.version))),
            Object.entries(m.aliases).map(([a, v]) => `${a}=v${v}`).join(", "),
            formatTime(m.lastUpdatedTimestamp),
            m.description,
          ]),
        )
      : "No registered models.";
    return { data: models, text };
  },
};

export const modelsShow: Command = {
  name: "models show",
  summary: "Show a model: aliases, stages, and each version with its source run and metrics.",
  positionals: [{ name: "NAME", description: "The registered model." }],
  options: [JSON_OPTION],
  async run(args, { registry }) {
    const name = args.positionals.NAME as string;
    const model = await registry().store.getRegisteredModel(name);
    const versions = (await registry().store.searchModelVersions({ filter: `name = '${name.replaceAll("'", "\\'")}'` })).items;
    const text = [
      `${model.name}${model.description ? ` - ${model.description}` : ""}`,
      `aliases: ${Object.entries(model.aliases).map(([a, v]) => `${a}=v${v}`).join(", ") || "none"}`,
      "",
      versions.length
        ? formatTable(
            [{ header: "VERSION", align: "right" }, { header: "STAGE" }, { header: "ALIASES" }, { header: "CREATED" }, { header: "RUN" }, { header: "METRICS", maxWidth: 60 }, { header: "SOURCE", maxWidth: 60 }],
            versions.map((v) => [
              String(v.version),
              v.currentStage,
              v.aliases.join(", "),
              formatTime(v.creationTimestamp),
              v.run ? `${v.run.runName} (${v.run.runId.slice(0, 8)})` : "",
              Object.entries({ ...v.run?.metrics, ...v.metrics }).map(([k, x]) => `${k}=${Number(x.toPrecision(4))}`).join(" "),
              v.source,
            ]),
          )
        : "No versions.",
    ].join("\n");
    return { data: { model, versions }, text };
  },
};

export const modelsHistory: Command = {
  name: "models history",
  summary: "Every change to a model: what, from, to, when, who and why.",
  positionals: [{ name: "NAME", description: "The registered model." }],
  options: [JSON_OPTION],
  async run(args, { registry }) {
    const entries = await registry().store.getModelHistory(args.positionals.NAME as string);
    const text = formatTable(
      [{ header: "#", align: "right" }, { header: "WHEN" }, { header: "WHO" }, { header: "WHAT" }, { header: "VERSION", align: "right" }, { header: "SUBJECT", maxWidth: 40 }, { header: "FROM", maxWidth: 30 }, { header: "TO", maxWidth: 30 }, { header: "WHY", maxWidth: 60 }],
      entries.map((e) => [String(e.seq), formatTime(e.at), e.by, e.action, e.version === undefined ? "" : String(e.version), e.subject ?? "", e.from === null ? "" : String(e.from), e.to === null ? "" : String(e.to), e.reason ?? ""]),
    );
    return { data: entries, text };
  },
};

export const modelsDelete: Command = {
  name: "models delete",
  summary: "Delete a model (all its versions) or one version; the history keeps the deletion.",
  options: [nameOption, { name: "version", type: "number", value: "V", description: "Only this version." }, reasonOption],
  async run(args, { registry }) {
    const name = args.options.name as string;
    const version = int(args, "version");
    const reason = args.options.reason as string | undefined;
    if (version === undefined) await registry().store.deleteRegisteredModel(name, { reason });
    else await registry().store.deleteModelVersion(name, version, { reason });
    return { data: { name, version }, text: version === undefined ? `Deleted model ${name}.` : `Deleted ${name} version ${version}.` };
  },
};

export const MODEL_COMMANDS: readonly Command[] = [modelsRegister, modelsPromote, modelsRollback, modelsAlias, modelsList, modelsShow, modelsHistory, modelsDelete];

